import { staticRoutesCoverRemote } from '../../lib/rules/vpn/static-routes-cover-remote.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const alibaba = (region: Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1]) =>
  find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba);

zoneTable(
  staticRoutesCoverRemote,
  // The data-centre connection does not lead to the remote cloud: its own routes prove nothing.
  { passed: [IDS.vpnAlibaba], notApplicable: [IDS.vpnDataCentre] },
  [
    {
      name: 'the DTS range is missing',
      change: (_s, region) => {
        alibaba(region).Routes = alibaba(region).Routes?.filter(
          (r) => r.DestinationCidrBlock !== '100.104.0.0/16',
        );
      },
      resourceId: IDS.vpnAlibaba,
      status: 'FAILED',
      evidence: 'has static routes 172.16.0.0/16 but none covering 100.104.0.0/16',
      remediation: 'Add static routes 100.104.0.0/16 to vpn-0b1c2d3e4f5a60002',
    },
    {
      name: 'a configured remote network is missing',
      change: () => {},
      config: { vpn: { remoteCidrs: ['172.16.0.0/16', '172.17.0.0/16'] } },
      resourceId: IDS.vpnAlibaba,
      status: 'FAILED',
      evidence: 'none covering 172.17.0.0/16',
    },
  ],
  [
    {
      name: 'a covering route counts',
      change: (_s, region) => {
        alibaba(region).Routes = [
          { DestinationCidrBlock: '100.64.0.0/10', State: 'available' },
          { DestinationCidrBlock: '172.16.0.0/12', State: 'available' },
        ];
      },
      resources: [IDS.vpnAlibaba],
      notApplicable: [IDS.vpnDataCentre],
    },
    {
      name: 'dynamic (BGP) connections are not applicable',
      change: (_s, region) => {
        for (const c of ec2Of(region).VpnConnections ?? []) if (c.Options) c.Options.StaticRoutesOnly = false;
      },
      resources: [IDS.vpnDataCentre, IDS.vpnAlibaba],
      status: 'NOT_APPLICABLE',
    },
  ],
);
