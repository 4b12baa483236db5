/**
 * The centralised pattern (issue 31; docs/design/network-semantics.md, "Names and shared endpoints"): the
 * healthy landing zone without interface endpoints of its own for drs and s3, its backup bucket
 * pinned to the network account's centralised S3 endpoint, the network account's zones for the
 * services' names associated with its production VPC too. Audited with the network account (both
 * snapshots), alone (the spoke), or with the shared-services path blackholed; and the reference
 * variant in which the shared-services VPC is reached across the network account's transit gateway.
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

/** The shared-services VPC's attachment to the network account's transit gateway (the transit variant). */
export const SHARED_ATTACHMENT = 'tgw-attach-0b2c3d4e5f6a70031';
/** The hub route table associated with the shared-services attachment. */
export const SHARED_TGW_TABLE = 'tgw-rtb-0b2c3d4e5f6a70031';
const SHARED_BLOCK = '10.70.0.0/16';

/**
 * The centralised pattern as the AWS whitepaper draws it: the shared-services VPC is attached to
 * the network account's transit gateway and reached across it — the data centre comes in by the
 * Direct Connect gateway's attachment, whose table (hub-on-premises) routes the shared-services
 * block to the VPC's attachment; the VPC answers the data centre through the transit gateway (no
 * virtual private gateway of its own), by a hub table that routes 10.20.0.0/16 to the Direct
 * Connect gateway; the Direct Connect gateway advertises the block. `blackholed`: the
 * hub-on-premises route to the shared-services block is a blackhole.
 */
export function centralNetworkAcrossTransit(options: { blackholed?: boolean } = {}): Snapshot {
  const network = centralNetwork();
  const region = west(network);
  const ec2 = region.ec2 ?? {};
  const shared = find(ec2.RouteTables, (t) => t.RouteTableId === NET_IDS.sharedTable);
  for (const route of shared.Routes ?? [])
    if (route.DestinationCidrBlock === '10.20.0.0/16') {
      delete route.GatewayId;
      route.TransitGatewayId = NET_IDS.tgw;
      route.Origin = 'CreateRoute';
    }
  shared.PropagatingVgws = [];
  ec2.TransitGatewayVpcAttachments?.push({
    TransitGatewayAttachmentId: SHARED_ATTACHMENT,
    TransitGatewayId: NET_IDS.tgw,
    VpcId: NET_IDS.sharedVpc,
    VpcOwnerId: NET_IDS.account,
    State: 'available',
    SubnetIds: [NET_IDS.sharedSubnetA, NET_IDS.sharedSubnetB],
    Options: { DnsSupport: 'enable', Ipv6Support: 'disable', ApplianceModeSupport: 'disable' },
  });
  ec2.TransitGatewayAttachments?.push({
    TransitGatewayAttachmentId: SHARED_ATTACHMENT,
    TransitGatewayId: NET_IDS.tgw,
    TransitGatewayOwnerId: NET_IDS.account,
    ResourceOwnerId: NET_IDS.account,
    ResourceType: 'vpc',
    ResourceId: NET_IDS.sharedVpc,
    State: 'available',
    Association: { TransitGatewayRouteTableId: SHARED_TGW_TABLE, State: 'associated' },
  });
  ec2.TransitGatewayRouteTables?.push({
    TransitGatewayRouteTableId: SHARED_TGW_TABLE,
    TransitGatewayId: NET_IDS.tgw,
    State: 'available',
    DefaultAssociationRouteTable: false,
    DefaultPropagationRouteTable: false,
    Tags: [{ Key: 'Name', Value: 'hub-shared-services' }],
    Routes: [
      {
        DestinationCidrBlock: '10.20.0.0/16',
        State: 'active',
        Type: 'static',
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: NET_IDS.attachDx,
            ResourceId: NET_IDS.dxGateway,
            ResourceType: 'direct-connect-gateway',
          },
        ],
      },
    ],
    Associations: [
      {
        TransitGatewayAttachmentId: SHARED_ATTACHMENT,
        ResourceId: NET_IDS.sharedVpc,
        ResourceType: 'vpc',
        State: 'associated',
      },
    ],
    Propagations: [],
  });
  const onPremises = find(
    ec2.TransitGatewayRouteTables,
    (t) => t.TransitGatewayRouteTableId === NET_IDS.tableOnPremises,
  );
  onPremises.Routes?.push({
    DestinationCidrBlock: SHARED_BLOCK,
    State: options.blackholed ? 'blackhole' : 'active',
    Type: 'static',
    ...(options.blackholed
      ? {}
      : {
          TransitGatewayAttachments: [
            {
              TransitGatewayAttachmentId: SHARED_ATTACHMENT,
              ResourceId: NET_IDS.sharedVpc,
              ResourceType: 'vpc',
            },
          ],
        }),
  });
  find(
    region.directconnect?.DirectConnectGatewayAssociations,
    (a) => a.associationId === NET_IDS.association,
  ).allowedPrefixesToDirectConnectGateway?.push({ cidr: SHARED_BLOCK });
  return network;
}
