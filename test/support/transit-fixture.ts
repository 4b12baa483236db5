/** A spoke VPC behind a transit gateway, for the transit-gateway tests (docs/design/network-semantics.md, "Beyond the VPC"). */
import type { RegionInventory } from '../../lib/inventory/types.js';

export const VPC = 'vpc-spoke';
export const TARGET = 'subnet-target';
const allowAll = (Egress: boolean) => [
  { RuleNumber: 100, RuleAction: 'allow', Protocol: '-1', Egress, CidrBlock: '0.0.0.0/0' },
];

/**
 * A route as [destination, attachment | 'blackhole'], optionally 'propagated' (from that
 * attachment, whose resource type the route then carries) — static otherwise.
 */
export type RouteSpec = [string, string] | [string, string, 'static' | 'propagated'];

export interface Spec {
  /** Routes of the VPC attachment's table (the answers). */
  spokes?: RouteSpec[];
  /** Routes of the entering attachment's table (towards the VPC). */
  onPremises?: RouteSpec[];
  /**
   * A Direct Connect gateway attachment beside the entering one (a VPN by default), sharing its
   * route table: the hub where a DX-propagated and a VPN-propagated route meet.
   */
  directConnect?: boolean;
  attachmentZone?: string;
  entering?: { type: string; resourceId: string };
  dxPrefixes?: string[] | 'not collected';
  withoutTransitGateway?: boolean;
  /** The on-premises attachment is associated with no table; `known` when every table's associations were read. */
  enteringUnassociated?: 'known' | 'unknown';
  /** The state of the spoke's VPC attachment (AWS: available, pendingAcceptance, rejected…). */
  spokeState?: string;
  /**
   * An inspection VPC (appliance mode) between the spoke and the edge: the spoke's table
   * sends everything to it, its firewall table routes on; `onPremises` is then the edge's table.
   */
  inspection?: { firewall: [string, string][] };
  /** The member account's view of a shared transit gateway: listed, with its own attachment, but no route tables. */
  sharedWithoutTables?: boolean;
  spokeRoutesMissing?: boolean;
}

export function inventory(spec: Spec = {}): RegionInventory {
  const entering = spec.entering ?? { type: 'vpn', resourceId: 'vpn-1' };
  const typeOf: Record<string, string> = {
    'tgw-attach-onprem': entering.type,
    'tgw-attach-spoke': 'vpc',
    'tgw-attach-dx': 'direct-connect-gateway',
    'tgw-attach-other': 'peering',
    'tgw-attach-inspect': 'vpc',
  };
  const route = ([destination, target, origin = 'static']: RouteSpec) =>
    target === 'blackhole'
      ? { DestinationCidrBlock: destination, State: 'blackhole', Type: 'static' }
      : {
          DestinationCidrBlock: destination,
          State: 'active',
          Type: origin,
          TransitGatewayAttachments: [
            {
              TransitGatewayAttachmentId: target,
              ...(origin === 'propagated' ? { ResourceType: typeOf[target] ?? 'vpc' } : {}),
            },
          ],
        };
  const inventory: RegionInventory = {
    ec2: {
      Vpcs: [{ VpcId: VPC, CidrBlock: '10.50.0.0/16' }],
      Subnets: [
        { SubnetId: TARGET, VpcId: VPC, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'eu-west-1a' },
        {
          SubnetId: 'subnet-attachment',
          VpcId: VPC,
          CidrBlock: '10.50.255.0/28',
          AvailabilityZone: spec.attachmentZone ?? 'eu-west-1a',
        },
      ],
      RouteTables: [
        {
          RouteTableId: 'rtb-spoke',
          VpcId: VPC,
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '10.50.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '10.20.0.0/16', TransitGatewayId: 'tgw-hub', State: 'active' },
          ],
        },
      ],
      NetworkAcls: [
        {
          NetworkAclId: 'acl-1',
          VpcId: VPC,
          Associations: [{ SubnetId: TARGET }],
          Entries: [...allowAll(false), ...allowAll(true)],
        },
      ],
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
          ],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      ],
      ManagedPrefixLists: [],
      ...(spec.sharedWithoutTables
        ? {
            TransitGateways: [{ TransitGatewayId: 'tgw-hub', OwnerId: '222222222222' }],
            TransitGatewayAttachments: [
              {
                TransitGatewayAttachmentId: 'tgw-attach-spoke',
                TransitGatewayId: 'tgw-hub',
                ResourceType: 'vpc',
                ResourceId: VPC,
              },
            ],
            TransitGatewayRouteTables: [],
          }
        : {}),
      ...(spec.withoutTransitGateway || spec.sharedWithoutTables
        ? {}
        : {
            TransitGateways: [{ TransitGatewayId: 'tgw-hub' }],
            TransitGatewayAttachments: [
              {
                TransitGatewayAttachmentId: 'tgw-attach-spoke',
                TransitGatewayId: 'tgw-hub',
                ResourceType: 'vpc',
                ResourceId: VPC,
                ...(spec.spokeState ? { State: spec.spokeState } : {}),
                Association: { TransitGatewayRouteTableId: 'tgw-rtb-spokes', State: 'associated' },
              },
              {
                TransitGatewayAttachmentId: 'tgw-attach-onprem',
                TransitGatewayId: 'tgw-hub',
                ResourceType: entering.type,
                ResourceId: entering.resourceId,
                ...(spec.enteringUnassociated
                  ? {}
                  : { Association: { TransitGatewayRouteTableId: 'tgw-rtb-onprem', State: 'associated' } }),
              },
              ...(spec.directConnect
                ? [
                    {
                      TransitGatewayAttachmentId: 'tgw-attach-dx',
                      TransitGatewayId: 'tgw-hub',
                      ResourceType: 'direct-connect-gateway',
                      ResourceId: 'dxgw-1',
                      Association: { TransitGatewayRouteTableId: 'tgw-rtb-onprem', State: 'associated' },
                    },
                  ]
                : []),
              ...(spec.inspection
                ? [
                    {
                      TransitGatewayAttachmentId: 'tgw-attach-inspect',
                      TransitGatewayId: 'tgw-hub',
                      ResourceType: 'vpc',
                      ResourceId: 'vpc-inspection',
                      Association: { TransitGatewayRouteTableId: 'tgw-rtb-firewall', State: 'associated' },
                    },
                  ]
                : []),
              {
                // Another network on the hub (a peering), whose table routes nothing to the spoke.
                TransitGatewayAttachmentId: 'tgw-attach-other',
                TransitGatewayId: 'tgw-hub',
                ResourceType: 'peering',
                ResourceId: 'tgw-peer',
                Association: { TransitGatewayRouteTableId: 'tgw-rtb-other', State: 'associated' },
              },
            ],
            TransitGatewayVpcAttachments: [
              {
                TransitGatewayAttachmentId: 'tgw-attach-spoke',
                TransitGatewayId: 'tgw-hub',
                VpcId: VPC,
                SubnetIds: ['subnet-attachment'],
              },
              ...(spec.inspection
                ? [
                    {
                      TransitGatewayAttachmentId: 'tgw-attach-inspect',
                      TransitGatewayId: 'tgw-hub',
                      VpcId: 'vpc-inspection',
                      SubnetIds: ['subnet-firewall'],
                      Options: { ApplianceModeSupport: 'enable' },
                    },
                  ]
                : []),
            ],
            TransitGatewayRouteTables: [
              {
                TransitGatewayRouteTableId: 'tgw-rtb-spokes',
                TransitGatewayId: 'tgw-hub',
                ...(spec.enteringUnassociated === 'known'
                  ? {
                      Associations: [{ TransitGatewayAttachmentId: 'tgw-attach-spoke', State: 'associated' }],
                    }
                  : {}),
                ...(spec.spokeRoutesMissing
                  ? {}
                  : { Routes: (spec.spokes ?? [['10.20.0.0/16', 'tgw-attach-onprem']]).map(route) }),
              },
              ...(spec.inspection
                ? [
                    {
                      TransitGatewayRouteTableId: 'tgw-rtb-firewall',
                      TransitGatewayId: 'tgw-hub',
                      Routes: spec.inspection.firewall.map(route),
                    },
                  ]
                : []),
              {
                TransitGatewayRouteTableId: 'tgw-rtb-other',
                TransitGatewayId: 'tgw-hub',
                Routes: [],
                ...(spec.enteringUnassociated === 'known' ? { Associations: [] } : {}),
              },
              {
                TransitGatewayRouteTableId: 'tgw-rtb-onprem',
                TransitGatewayId: 'tgw-hub',
                Routes: (spec.onPremises ?? [['10.50.0.0/16', 'tgw-attach-spoke']]).map(route),
                ...(spec.enteringUnassociated === 'known' ? { Associations: [] } : {}),
              },
            ],
          }),
    },
    ...(spec.dxPrefixes === undefined || spec.dxPrefixes === 'not collected'
      ? {}
      : {
          directconnect: {
            DirectConnectGatewayAssociations: [
              {
                associationId: 'a-1',
                directConnectGatewayId: 'dxgw-1',
                associatedGateway: { id: 'tgw-hub', type: 'transitGateway' },
                allowedPrefixesToDirectConnectGateway: spec.dxPrefixes.map((cidr) => ({ cidr })),
              },
            ],
          },
        }),
  };
  return inventory;
}
