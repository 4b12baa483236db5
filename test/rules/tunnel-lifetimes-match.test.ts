import { tunnelLifetimesMatch } from '../../lib/rules/vpn/tunnel-lifetimes-match.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  tunnelLifetimesMatch,
  [IDS.vpnDataCentre, IDS.vpnAlibaba],
  [
    {
      name: 'phase 1 lifetime differs from the peer',
      change: (_s, region) => {
        const tunnel = find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba).Options
          ?.TunnelOptions?.[0];
        if (tunnel) tunnel.Phase1LifetimeSeconds = 86400;
      },
      resourceId: IDS.vpnAlibaba,
      status: 'FAILED',
      evidence: '34.250.30.3 phase 1 86400 s (peer 28800 s)',
    },
    {
      name: 'absent options take the AWS defaults, which differ from a configured peer',
      change: () => {},
      config: { vpn: { remoteCidrs: ['172.16.0.0/16'], phase2LifetimeSeconds: 1800 } },
      resourceId: IDS.vpnDataCentre,
      others: { 'vpn-0b1c2d3e4f5a60002': 'FAILED' },
      status: 'FAILED',
      evidence: 'phase 2 3600 s (peer 1800 s)',
    },
  ],
);
