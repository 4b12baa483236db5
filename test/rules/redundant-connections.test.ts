import { redundantConnections } from '../../lib/rules/vpn/redundant-connections.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  redundantConnections,
  [IDS.vgw],
  [
    {
      name: 'both connections from the same customer gateway',
      change: (_s, region) => {
        find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba).CustomerGatewayId =
          'cgw-0e1f2a3b4c5d60001';
      },
      resourceId: IDS.vgw,
      status: 'WARNING',
      evidence: 'has 1 available connection(s) to distinct customer gateway devices (2 in all',
      remediation: 'Add a second VPN connection',
    },
    {
      name: 'one connection down to pending',
      change: (_s, region) => {
        find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnDataCentre).State = 'pending';
      },
      resourceId: IDS.vgw,
      status: 'WARNING',
      evidence: 'has 1 available connection(s)',
    },
  ],
);
