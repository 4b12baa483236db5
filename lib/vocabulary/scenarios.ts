/**
 * The scenarios of the catalog, defined once: their ids (the prefix of every rule id, the
 * `--scenario` values) in catalog order, and the title every output heads them with.
 */
export const SCENARIOS = ['NET', 'DRS', 'DSYNC', 'S3PL', 'VPN', 'DNS'] as const;

export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Record<Scenario, string> = {
  NET: 'Shared network checks',
  DRS: 'Elastic Disaster Recovery',
  DSYNC: 'DataSync agents through a VPC endpoint',
  S3PL: 'Backup to S3 through an interface endpoint',
  VPN: 'Site-to-site VPN to another network or cloud',
  DNS: 'Names that resolve to the private path',
};
