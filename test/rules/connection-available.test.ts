import { connectionAvailable } from '../../lib/rules/vpn/connection-available.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  connectionAvailable,
  [IDS.vpnDataCentre, IDS.vpnAlibaba],
  [
    {
      name: 'a pending connection',
      change: (_s, region) => {
        find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba).State = 'pending';
      },
      resourceId: IDS.vpnAlibaba,
      status: 'FAILED',
      evidence: 'is in state pending',
    },
    {
      name: 'the gateway detached from the VPC',
      change: (_s, region) => {
        const gateway = find(ec2Of(region).VpnGateways, (g) => g.VpnGatewayId === IDS.vgw);
        gateway.VpcAttachments = [{ VpcId: IDS.vpc, State: 'detached' }];
      },
      resourceId: IDS.vpnDataCentre,
      others: { 'vpn-0b1c2d3e4f5a60002': 'FAILED' },
      status: 'FAILED',
      evidence: 'ends on vgw-0c1d2e3f4a5b60001, which is attached to no VPC',
      remediation: 'Attach vgw-0c1d2e3f4a5b60001 to the VPC',
    },
  ],
  [
    {
      name: 'a transit gateway connection; deleted connections out of scope',
      change: (_s, region) => {
        const connection = find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba);
        delete connection.VpnGatewayId;
        connection.TransitGatewayId = 'tgw-0123456789abcdef0';
        find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnDataCentre).State = 'deleted';
      },
      resources: [IDS.vpnAlibaba],
    },
  ],
);
