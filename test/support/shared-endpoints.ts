/**
 * The centralised pattern (issue 31; docs/design/network-semantics.md, "Names and shared endpoints"): the
 * healthy landing zone without interface endpoints of its own for drs and s3, its backup bucket
 * pinned to the network account's centralised S3 endpoint, the network account's zones for the
 * services' names associated with its production VPC too. Audited with the network account (both
 * snapshots), alone (the spoke), or with the shared-services path blackholed.
 */
import type { Snapshot } from '../../lib/inventory/types.js';
import { find, HEALTHY_CONFIG, healthy, healthyNetwork, IDS, NET_IDS, west } from './landing-zone.js';

export const CENTRAL_CONFIG = { ...HEALTHY_CONFIG, networkAccounts: [NET_IDS.account] };

export function centralisedSpoke(): Snapshot {
  const spoke = healthy();
  const ec2 = west(spoke).ec2 ?? {};
  // No drs or s3 interface endpoint of its own (its S3 gateway endpoint stays: replication servers use it).
  ec2.VpcEndpoints = (ec2.VpcEndpoints ?? []).filter(
    (e) => e.VpcEndpointType !== 'Interface' || !/\.(drs|s3)$/.test(e.ServiceName ?? ''),
  );
  const bucket = find(spoke.s3?.Buckets, (b) => b.Name === 'acme-veeam-backups');
  bucket.Policy = (bucket.Policy ?? '').replaceAll('vpce-0a1b2c3d4e5f60104', NET_IDS.centralS3);
  return spoke;
}

export function centralNetwork(options: { blackholed?: boolean } = {}): Snapshot {
  const network = healthyNetwork();
  // The zones serve the spoke's production VPC as well (its staging subnet installs the DRS agent).
  for (const zone of network.route53?.HostedZones ?? [])
    zone.VPCs?.push({ VPCId: IDS.vpc, VPCRegion: 'eu-west-1' });
  if (options.blackholed) {
    const table = find(west(network).ec2?.RouteTables, (t) => t.RouteTableId === NET_IDS.sharedTable);
    for (const route of table.Routes ?? [])
      if (route.DestinationCidrBlock === '10.20.0.0/16') {
        route.State = 'blackhole';
      }
  }
  return network;
}
