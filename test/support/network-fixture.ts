/** A one-VPC network for engine tests: the pieces each test states, the rest wide open. */
import type {
  Ec2NetworkAcl,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Subnet,
  Ec2VpcEndpoint,
  Ec2VpcPeeringConnection,
  PrefixListWithEntries,
  RegionInventory,
} from '../../lib/inventory/types.js';
import { NetworkIndex } from '../../lib/network/network-index.js';

export type Route = NonNullable<Ec2RouteTable['Routes']>[number];
export type AclEntry = NonNullable<Ec2NetworkAcl['Entries']>[number];
export type Permission = NonNullable<Ec2SecurityGroup['IpPermissions']>[number];

export const VPC = 'vpc-1';
export const SUBNET = 'subnet-1';

export const route = (destination: string, target: Partial<Route>, State = 'active'): Route => ({
  ...(destination.startsWith('pl-')
    ? { DestinationPrefixListId: destination }
    : destination.includes(':')
      ? { DestinationIpv6CidrBlock: destination }
      : { DestinationCidrBlock: destination }),
  ...target,
  State,
});

/** An active peering connection from the fixture's VPC to a peer VPC with these blocks. */
export const peering = (id: string, peerBlocks: string[], Code = 'active'): Ec2VpcPeeringConnection => ({
  VpcPeeringConnectionId: id,
  Status: { Code },
  RequesterVpcInfo: { VpcId: VPC, CidrBlockSet: [{ CidrBlock: '10.50.0.0/16' }] },
  AccepterVpcInfo: { VpcId: 'vpc-peer', CidrBlockSet: peerBlocks.map((CidrBlock) => ({ CidrBlock })) },
});

export const acl = (
  RuleNumber: number,
  RuleAction: 'allow' | 'deny',
  cidr: string,
  Protocol = '-1',
  ports?: [number, number],
  Egress = false,
): AclEntry => ({
  RuleNumber,
  RuleAction,
  Protocol,
  Egress,
  ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
  ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
});

export const allowAll = (egress: boolean): AclEntry[] => [
  acl(100, 'allow', '0.0.0.0/0', '-1', undefined, egress),
  acl(101, 'allow', '::/0', '-1', undefined, egress),
  acl(32767, 'deny', '0.0.0.0/0', '-1', undefined, egress),
];

export const tcp = (
  from: number,
  to: number,
  cidrs: string[],
  extra: Partial<Permission> = {},
): Permission => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
  ...extra,
});

export interface NetworkSpec {
  routes?: Route[];
  /** Put the routes in the VPC's main table instead of one associated with the subnet. */
  mainTable?: boolean;
  ingress?: AclEntry[];
  egress?: AclEntry[];
  groups?: Record<string, { in?: Permission[]; out?: Permission[] }>;
  prefixLists?: PrefixListWithEntries[];
  extraSubnets?: Ec2Subnet[];
  extraTables?: Ec2RouteTable[];
  vpcCidr?: string;
  /** The target subnet's block (10.50.1.0/24 unless given). */
  subnetCidr?: string;
  peerings?: Ec2VpcPeeringConnection[];
  endpoints?: Ec2VpcEndpoint[];
}

export function network(spec: NetworkSpec): { inventory: RegionInventory; index: NetworkIndex } {
  const vpcCidr = spec.vpcCidr ?? '10.50.0.0/16';
  const routes = [
    route(vpcCidr, { GatewayId: 'local', Origin: 'CreateRouteTable' }),
    ...(spec.routes ?? [route('0.0.0.0/0', { GatewayId: 'vgw-1' })]),
  ];
  const subnet: Ec2Subnet = {
    SubnetId: SUBNET,
    VpcId: VPC,
    CidrBlock: spec.subnetCidr ?? '10.50.1.0/24',
    AvailableIpAddressCount: 250,
  };
  const table: Ec2RouteTable = {
    RouteTableId: spec.mainTable ? 'rtb-main' : 'rtb-1',
    VpcId: VPC,
    Associations: spec.mainTable ? [{ Main: true }] : [{ Main: false, SubnetId: SUBNET }],
    Routes: routes,
  };
  const inventory: RegionInventory = {
    ec2: {
      Subnets: [subnet, ...(spec.extraSubnets ?? [])],
      RouteTables: [table, ...(spec.extraTables ?? [])],
      NetworkAcls: [
        {
          NetworkAclId: 'acl-1',
          VpcId: VPC,
          Associations: [subnet, ...(spec.extraSubnets ?? [])].map((s) => ({
            SubnetId: s.SubnetId,
            NetworkAclId: 'acl-1',
          })),
          Entries: [...(spec.ingress ?? allowAll(false)), ...(spec.egress ?? allowAll(true))],
        },
      ],
      SecurityGroups: Object.entries(
        spec.groups ?? { 'sg-1': { in: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } },
      ).map(([GroupId, rules]) => ({
        GroupId,
        VpcId: VPC,
        IpPermissions: rules.in ?? [],
        IpPermissionsEgress: rules.out ?? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      })),
      ManagedPrefixLists: spec.prefixLists ?? [],
      VpcEndpoints: spec.endpoints ?? [],
      ...(spec.peerings === undefined ? {} : { VpcPeeringConnections: spec.peerings }),
    },
  };
  return { inventory, index: new NetworkIndex(inventory) };
}
