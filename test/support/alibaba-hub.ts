/**
 * The landing zone behind the network account's hub with the VPN to Alibaba Cloud moved from
 * the spoke's virtual private gateway to the transit gateway (Transit Gateway VPN attachments).
 */
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { routeTable } from './hub-table.js';
import { behindTransitGateway, ec2Of, healthyNetwork, IDS, NET_IDS, west } from './landing-zone.js';

export const VPN_ON_HUB = 'vpn-0b1c2d3e4f5a69001';
export const ATTACH_VPN = 'tgw-attach-0a1b2c3d4e5f60004';
export const TABLE_REMOTE = 'tgw-rtb-0b1c2d3e4f5a60004';
export const REMOTE = ['172.16.0.0/16', '100.104.0.0/16'];

export const toAttachment = (destination: string, attachment: string) => ({
  DestinationCidrBlock: destination,
  State: 'active',
  Type: 'static',
  TransitGatewayAttachments: [{ TransitGatewayAttachmentId: attachment }],
});

/** The landing zone behind the hub, with the Alibaba VPN moved from the spoke's gateway to the hub. */
export function alibabaOnHub(
  change: (spoke: RegionInventory, network: RegionInventory) => void = () => {},
): Snapshot[] {
  const spoke = behindTransitGateway();
  const network = healthyNetwork();
  const s = west(spoke);
  const n = west(network);
  const alibaba = ec2Of(s).VpnConnections?.find((c) => c.VpnConnectionId === IDS.vpnAlibaba);
  if (alibaba === undefined) throw new Error('the landing zone lost its Alibaba VPN');
  ec2Of(s).VpnConnections = ec2Of(s).VpnConnections?.filter((c) => c !== alibaba);
  for (const table of ec2Of(s).RouteTables ?? [])
    for (const route of table.Routes ?? [])
      if (REMOTE.includes(route.DestinationCidrBlock ?? '') && route.GatewayId === IDS.vgw) {
        delete route.GatewayId;
        route.TransitGatewayId = NET_IDS.tgw;
      }
  // The network account: the connection on the hub (its static routes live in the hub's tables).
  const { VpnGatewayId: _onGateway, Routes: _routes, ...rest } = alibaba;
  ec2Of(n).VpnConnections = [
    {
      ...rest,
      VpnConnectionId: VPN_ON_HUB,
      TransitGatewayId: NET_IDS.tgw,
      Routes: [],
      VgwTelemetry: (rest.VgwTelemetry ?? []).map((t) => ({ ...t, Status: 'UP' })),
    },
  ];
  ec2Of(n).TransitGatewayAttachments?.push({
    TransitGatewayAttachmentId: ATTACH_VPN,
    TransitGatewayId: NET_IDS.tgw,
    ResourceType: 'vpn',
    ResourceId: VPN_ON_HUB,
    State: 'available',
    Association: { TransitGatewayRouteTableId: TABLE_REMOTE, State: 'associated' },
  });
  routeTable(n, NET_IDS.tableProduction).Routes?.push(
    ...REMOTE.map((cidr) => toAttachment(cidr, ATTACH_VPN)),
  );
  ec2Of(n).TransitGatewayRouteTables?.push({
    TransitGatewayRouteTableId: TABLE_REMOTE,
    TransitGatewayId: NET_IDS.tgw,
    Routes: [{ ...toAttachment('10.50.0.0/16', NET_IDS.attachMain), Type: 'propagated' }],
    Associations: [{ TransitGatewayAttachmentId: ATTACH_VPN, ResourceId: VPN_ON_HUB, ResourceType: 'vpn' }],
    Propagations: [],
  });
  change(s, n);
  return [spoke, network];
}
