/**
 * The schema of each item of a snapshot list: checked on the fields the rules and the
 * reachability engine read, every other field kept untouched. The lists themselves, and the
 * containers that hold them, are assembled from the list registry (registry.ts, schema.ts).
 */
import { z } from 'zod';
import { parseCidr } from '../ip/cidr.js';

export const str = z.string().optional();
/** A CIDR block as AWS writes it; a malformed one is refused here with its path, not later as "unknown". */
export const cidr = z
  .string()
  .superRefine((text, context) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: `expected a CIDR block: ${parsed.reason}` });
  })
  .optional();
export const num = z.number().optional();
export const bool = z.boolean().optional();
export const strList = z.array(z.string()).optional();
export const item = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
export const list = <T extends z.ZodType>(schema: T) => z.array(schema).optional();

export const tag = item({ Key: str, Value: str });
const tags = list(tag);

export const vpc = item({
  VpcId: z.string(),
  OwnerId: str,
  State: str,
  CidrBlock: cidr,
  IsDefault: bool,
  CidrBlockAssociationSet: list(
    item({ CidrBlock: cidr, AssociationId: str, CidrBlockState: item({ State: str }).optional() }),
  ),
  Ipv6CidrBlockAssociationSet: list(
    item({ Ipv6CidrBlock: cidr, AssociationId: str, Ipv6CidrBlockState: item({ State: str }).optional() }),
  ),
  Tags: tags,
});

export const subnet = item({
  SubnetId: z.string(),
  VpcId: z.string(),
  SubnetArn: str,
  OwnerId: str,
  CidrBlock: cidr,
  AvailabilityZone: str,
  AvailableIpAddressCount: num,
  DefaultForAz: bool,
  MapPublicIpOnLaunch: bool,
  Ipv6CidrBlockAssociationSet: list(item({ Ipv6CidrBlock: cidr })),
  Tags: tags,
});

export const route = item({
  DestinationCidrBlock: cidr,
  DestinationIpv6CidrBlock: cidr,
  DestinationPrefixListId: str,
  GatewayId: str,
  NatGatewayId: str,
  TransitGatewayId: str,
  VpcPeeringConnectionId: str,
  NetworkInterfaceId: str,
  InstanceId: str,
  LocalGatewayId: str,
  CarrierGatewayId: str,
  EgressOnlyInternetGatewayId: str,
  CoreNetworkArn: str,
  State: str,
  Origin: str,
});

export const routeTable = item({
  RouteTableId: z.string(),
  VpcId: z.string(),
  OwnerId: str,
  Associations: list(
    item({
      Main: bool,
      SubnetId: str,
      GatewayId: str,
      RouteTableId: str,
      RouteTableAssociationId: str,
      AssociationState: item({ State: str }).optional(),
    }),
  ),
  Routes: list(route),
  PropagatingVgws: list(item({ GatewayId: str })),
  Tags: tags,
});

export const aclEntry = item({
  RuleNumber: z.number(),
  Protocol: z.string(),
  RuleAction: z.string(),
  Egress: z.boolean(),
  CidrBlock: cidr,
  Ipv6CidrBlock: cidr,
  PortRange: item({ From: num, To: num }).optional(),
  IcmpTypeCode: item({ Code: num, Type: num }).optional(),
});

export const networkAcl = item({
  NetworkAclId: z.string(),
  VpcId: z.string(),
  IsDefault: bool,
  Associations: list(item({ SubnetId: str, NetworkAclId: str, NetworkAclAssociationId: str })),
  Entries: list(aclEntry),
  Tags: tags,
});

export const ipPermission = item({
  IpProtocol: z.string(),
  FromPort: num,
  ToPort: num,
  IpRanges: list(item({ CidrIp: cidr, Description: str })),
  Ipv6Ranges: list(item({ CidrIpv6: cidr, Description: str })),
  PrefixListIds: list(item({ PrefixListId: str, Description: str })),
  UserIdGroupPairs: list(item({ GroupId: str, UserId: str, Description: str })),
});

export const securityGroup = item({
  GroupId: z.string(),
  GroupName: str,
  VpcId: str,
  OwnerId: str,
  IpPermissions: list(ipPermission),
  IpPermissionsEgress: list(ipPermission),
  Tags: tags,
});

export const vpcEndpoint = item({
  VpcEndpointId: z.string(),
  VpcEndpointType: str,
  VpcId: str,
  ServiceName: str,
  State: str,
  PolicyDocument: str,
  RouteTableIds: strList,
  SubnetIds: strList,
  Groups: list(item({ GroupId: str, GroupName: str })),
  PrivateDnsEnabled: bool,
  DnsOptions: item({ DnsRecordIpType: str, PrivateDnsOnlyForInboundResolverEndpoint: bool }).optional(),
  NetworkInterfaceIds: strList,
  DnsEntries: list(item({ DnsName: str, HostedZoneId: str })),
  OwnerId: str,
  Tags: tags,
});

export const networkInterface = item({
  NetworkInterfaceId: z.string(),
  SubnetId: str,
  VpcId: str,
  InterfaceType: str,
  PrivateIpAddress: str,
  PrivateIpAddresses: list(item({ PrivateIpAddress: str, Primary: bool })),
  Groups: list(item({ GroupId: str, GroupName: str })),
});

export const managedPrefixList = item({
  PrefixListId: z.string(),
  PrefixListName: str,
  AddressFamily: str,
  State: str,
  Entries: list(item({ Cidr: cidr, Description: str })),
});

export const vpnConnection = item({
  VpnConnectionId: z.string(),
  State: str,
  Type: str,
  CustomerGatewayId: str,
  VpnGatewayId: str,
  TransitGatewayId: str,
  Category: str,
  Options: item({
    StaticRoutesOnly: bool,
    TunnelOptions: list(
      item({ OutsideIpAddress: str, Phase1LifetimeSeconds: num, Phase2LifetimeSeconds: num }),
    ),
  }).optional(),
  Routes: list(item({ DestinationCidrBlock: cidr, Source: str, State: str })),
  VgwTelemetry: list(item({ OutsideIpAddress: str, Status: str, StatusMessage: str, LastStatusChange: str })),
  Tags: tags,
});

export const vpnGateway = item({
  VpnGatewayId: z.string(),
  State: str,
  Type: str,
  VpcAttachments: list(item({ VpcId: str, State: str })),
  Tags: tags,
});

export const customerGateway = item({
  CustomerGatewayId: z.string(),
  IpAddress: str,
  BgpAsn: str,
  State: str,
});

export const peeringSide = item({
  VpcId: str,
  OwnerId: str,
  Region: str,
  CidrBlock: cidr,
  CidrBlockSet: list(item({ CidrBlock: cidr })),
  Ipv6CidrBlockSet: list(item({ Ipv6CidrBlock: cidr })),
});

export const vpcPeeringConnection = item({
  VpcPeeringConnectionId: z.string(),
  Status: item({ Code: str, Message: str }).optional(),
  RequesterVpcInfo: peeringSide.optional(),
  AccepterVpcInfo: peeringSide.optional(),
});

export const transitGateway = item({
  TransitGatewayId: z.string(),
  OwnerId: str,
  State: str,
  Options: item({
    AssociationDefaultRouteTableId: str,
    PropagationDefaultRouteTableId: str,
    DefaultRouteTableAssociation: str,
    DefaultRouteTablePropagation: str,
  }).optional(),
});

export const transitGatewayAttachment = item({
  TransitGatewayAttachmentId: z.string(),
  TransitGatewayId: str,
  ResourceType: str,
  ResourceId: str,
  ResourceOwnerId: str,
  State: str,
  Association: item({ TransitGatewayRouteTableId: str, State: str }).optional(),
});

export const transitGatewayVpcAttachment = item({
  TransitGatewayAttachmentId: z.string(),
  TransitGatewayId: str,
  VpcId: str,
  VpcOwnerId: str,
  State: str,
  SubnetIds: strList,
});

export const transitGatewayRoute = item({
  DestinationCidrBlock: cidr,
  PrefixListId: str,
  Type: str,
  State: str,
  TransitGatewayAttachments: list(
    item({ TransitGatewayAttachmentId: str, ResourceId: str, ResourceType: str }),
  ),
});

export const transitGatewayRouteTable = item({
  TransitGatewayRouteTableId: z.string(),
  TransitGatewayId: str,
  State: str,
  DefaultAssociationRouteTable: bool,
  DefaultPropagationRouteTable: bool,
  Routes: list(transitGatewayRoute),
  Associations: list(
    item({ TransitGatewayAttachmentId: str, ResourceId: str, ResourceType: str, State: str }),
  ),
  Propagations: list(
    item({ TransitGatewayAttachmentId: str, ResourceId: str, ResourceType: str, State: str }),
  ),
});

export const agent = item({
  AgentArn: z.string(),
  Name: str,
  Status: str,
  LastConnectionTime: str,
  CreationTime: str,
  EndpointType: str,
  PrivateLinkConfig: item({
    VpcEndpointId: str,
    PrivateLinkEndpoint: str,
    SubnetArns: strList,
    SecurityGroupArns: strList,
  }).optional(),
});

const drsReplicationSettings = {
  stagingAreaSubnetId: str,
  associateDefaultSecurityGroup: bool,
  replicationServersSecurityGroupsIDs: strList,
  dataPlaneRouting: str,
  createPublicIP: bool,
};

const securityGroupMemberships = list(item({ VpcSecurityGroupId: str, Status: str }));

export const directConnectGateway = item({
  directConnectGatewayId: z.string(),
  directConnectGatewayName: str,
  ownerAccount: str,
  directConnectGatewayState: str,
});

export const directConnectGatewayAssociation = item({
  associationId: z.string(),
  directConnectGatewayId: str,
  associationState: str,
  associatedGateway: item({ id: str, type: str, ownerAccount: str, region: str }).optional(),
  allowedPrefixesToDirectConnectGateway: list(item({ cidr: cidr })),
});

export const virtualInterface = item({
  virtualInterfaceId: z.string(),
  virtualInterfaceType: str,
  virtualInterfaceState: str,
  directConnectGatewayId: str,
  region: str,
  bgpPeers: list(item({ bgpPeerId: str, bgpStatus: str, bgpPeerState: str, addressFamily: str })),
});

export const drsTemplate = item({
  replicationConfigurationTemplateID: z.string(),
  arn: str,
  ...drsReplicationSettings,
});

export const drsSourceServer = item({
  sourceServerID: z.string(),
  arn: str,
  dataReplicationInfo: item({
    dataReplicationState: str,
    dataReplicationError: item({ error: str, rawError: str }).optional(),
    dataReplicationInitiation: item({
      steps: list(item({ name: str, status: str })),
    }).optional(),
  }).optional(),
});

export const drsReplicationConfiguration = item({
  sourceServerID: z.string(),
  name: str,
  ...drsReplicationSettings,
});

export const dbInstance = item({
  DBInstanceIdentifier: z.string(),
  DBInstanceArn: str,
  DBClusterIdentifier: str,
  Engine: str,
  DBInstanceStatus: str,
  Endpoint: item({ Address: str, Port: num }).optional(),
  DbInstancePort: num,
  VpcSecurityGroups: securityGroupMemberships,
  DBSubnetGroup: item({
    DBSubnetGroupName: str,
    VpcId: str,
    Subnets: list(item({ SubnetIdentifier: str, SubnetStatus: str })),
  }).optional(),
});

export const dbCluster = item({
  DBClusterIdentifier: z.string(),
  DBClusterArn: str,
  Engine: str,
  Status: str,
  Port: num,
  DBSubnetGroup: str,
  VpcSecurityGroups: securityGroupMemberships,
  DBClusterMembers: list(item({ DBInstanceIdentifier: str })),
});

export const bucket = item({
  Name: z.string(),
  BucketRegion: str,
  CreationDate: str,
  Policy: z.string().nullable().optional(),
});

/** DescribeVpcAttribute's two DNS attributes, by VPC id (a record, not a list). */
export const vpcAttributes = z.record(
  z.string(),
  z.strictObject({ EnableDnsSupport: bool, EnableDnsHostnames: bool }),
);
