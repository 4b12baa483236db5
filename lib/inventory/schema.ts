/**
 * Validation of a snapshot read from outside (a file written by `hna collect`, or
 * assembled by hand from AWS CLI output). Items are checked on the fields the
 * rules and the reachability engine read and keep every other field untouched;
 * the containers are strict so that a misspelt list name is refused instead of
 * being read as "not collected".
 *
 * Longer than 400 lines: one schema per AWS item shape the rules read (EC2, transit
 * gateways, Direct Connect, DataSync, DRS, RDS, Route 53 Resolver, S3), each a few lines;
 * splitting them would scatter one document's contract over several files.
 */
import { z } from 'zod';
import { parseCidr } from '../ip/cidr.js';

const str = z.string().optional();
/** A CIDR block as AWS writes it; a malformed one is refused here with its path, not later as "unknown". */
const cidr = z
  .string()
  .superRefine((text, context) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: `expected a CIDR block: ${parsed.reason}` });
  })
  .optional();
const num = z.number().optional();
const bool = z.boolean().optional();
const strList = z.array(z.string()).optional();
const item = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const list = <T extends z.ZodType>(schema: T) => z.array(schema).optional();

const tag = item({ Key: str, Value: str });
const tags = list(tag);

const vpc = item({
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

const subnet = item({
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

const route = item({
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

const routeTable = item({
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

const aclEntry = item({
  RuleNumber: z.number(),
  Protocol: z.string(),
  RuleAction: z.string(),
  Egress: z.boolean(),
  CidrBlock: cidr,
  Ipv6CidrBlock: cidr,
  PortRange: item({ From: num, To: num }).optional(),
  IcmpTypeCode: item({ Code: num, Type: num }).optional(),
});

const networkAcl = item({
  NetworkAclId: z.string(),
  VpcId: z.string(),
  IsDefault: bool,
  Associations: list(item({ SubnetId: str, NetworkAclId: str, NetworkAclAssociationId: str })),
  Entries: list(aclEntry),
  Tags: tags,
});

const ipPermission = item({
  IpProtocol: z.string(),
  FromPort: num,
  ToPort: num,
  IpRanges: list(item({ CidrIp: cidr, Description: str })),
  Ipv6Ranges: list(item({ CidrIpv6: cidr, Description: str })),
  PrefixListIds: list(item({ PrefixListId: str, Description: str })),
  UserIdGroupPairs: list(item({ GroupId: str, UserId: str, Description: str })),
});

const securityGroup = item({
  GroupId: z.string(),
  GroupName: str,
  VpcId: str,
  OwnerId: str,
  IpPermissions: list(ipPermission),
  IpPermissionsEgress: list(ipPermission),
  Tags: tags,
});

const vpcEndpoint = item({
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

const networkInterface = item({
  NetworkInterfaceId: z.string(),
  SubnetId: str,
  VpcId: str,
  InterfaceType: str,
  PrivateIpAddress: str,
  PrivateIpAddresses: list(item({ PrivateIpAddress: str, Primary: bool })),
  Groups: list(item({ GroupId: str, GroupName: str })),
});

const managedPrefixList = item({
  PrefixListId: z.string(),
  PrefixListName: str,
  AddressFamily: str,
  State: str,
  Entries: list(item({ Cidr: cidr, Description: str })),
});

const vpnConnection = item({
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

const vpnGateway = item({
  VpnGatewayId: z.string(),
  State: str,
  Type: str,
  VpcAttachments: list(item({ VpcId: str, State: str })),
  Tags: tags,
});

const customerGateway = item({ CustomerGatewayId: z.string(), IpAddress: str, BgpAsn: str, State: str });

const peeringSide = item({
  VpcId: str,
  OwnerId: str,
  Region: str,
  CidrBlock: cidr,
  CidrBlockSet: list(item({ CidrBlock: cidr })),
  Ipv6CidrBlockSet: list(item({ Ipv6CidrBlock: cidr })),
});

const vpcPeeringConnection = item({
  VpcPeeringConnectionId: z.string(),
  Status: item({ Code: str, Message: str }).optional(),
  RequesterVpcInfo: peeringSide.optional(),
  AccepterVpcInfo: peeringSide.optional(),
});

const transitGateway = item({
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

const transitGatewayAttachment = item({
  TransitGatewayAttachmentId: z.string(),
  TransitGatewayId: str,
  ResourceType: str,
  ResourceId: str,
  ResourceOwnerId: str,
  State: str,
  Association: item({ TransitGatewayRouteTableId: str, State: str }).optional(),
});

const transitGatewayVpcAttachment = item({
  TransitGatewayAttachmentId: z.string(),
  TransitGatewayId: str,
  VpcId: str,
  VpcOwnerId: str,
  State: str,
  SubnetIds: strList,
});

const transitGatewayRoute = item({
  DestinationCidrBlock: cidr,
  PrefixListId: str,
  Type: str,
  State: str,
  TransitGatewayAttachments: list(
    item({ TransitGatewayAttachmentId: str, ResourceId: str, ResourceType: str }),
  ),
});

const transitGatewayRouteTable = item({
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

const ec2 = z.strictObject({
  Vpcs: list(vpc),
  VpcAttributes: z
    .record(z.string(), z.strictObject({ EnableDnsSupport: bool, EnableDnsHostnames: bool }))
    .optional(),
  Subnets: list(subnet),
  RouteTables: list(routeTable),
  NetworkAcls: list(networkAcl),
  SecurityGroups: list(securityGroup),
  VpcEndpoints: list(vpcEndpoint),
  NetworkInterfaces: list(networkInterface),
  ManagedPrefixLists: list(managedPrefixList),
  VpnConnections: list(vpnConnection),
  VpnGateways: list(vpnGateway),
  CustomerGateways: list(customerGateway),
  VpcPeeringConnections: list(vpcPeeringConnection),
  TransitGateways: list(transitGateway),
  TransitGatewayAttachments: list(transitGatewayAttachment),
  TransitGatewayVpcAttachments: list(transitGatewayVpcAttachment),
  TransitGatewayRouteTables: list(transitGatewayRouteTable),
});

const directconnect = z.strictObject({
  DirectConnectGateways: list(
    item({
      directConnectGatewayId: z.string(),
      directConnectGatewayName: str,
      ownerAccount: str,
      directConnectGatewayState: str,
    }),
  ),
  DirectConnectGatewayAssociations: list(
    item({
      associationId: z.string(),
      directConnectGatewayId: str,
      associationState: str,
      associatedGateway: item({ id: str, type: str, ownerAccount: str, region: str }).optional(),
      allowedPrefixesToDirectConnectGateway: list(item({ cidr: cidr })),
    }),
  ),
  VirtualInterfaces: list(
    item({
      virtualInterfaceId: z.string(),
      virtualInterfaceType: str,
      virtualInterfaceState: str,
      directConnectGatewayId: str,
      region: str,
      bgpPeers: list(item({ bgpPeerId: str, bgpStatus: str, bgpPeerState: str, addressFamily: str })),
    }),
  ),
});

const agent = item({
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

const drs = z.strictObject({
  ReplicationConfigurationTemplates: list(
    item({ replicationConfigurationTemplateID: z.string(), arn: str, ...drsReplicationSettings }),
  ),
  SourceServers: list(
    item({
      sourceServerID: z.string(),
      arn: str,
      dataReplicationInfo: item({
        dataReplicationState: str,
        dataReplicationError: item({ error: str, rawError: str }).optional(),
        dataReplicationInitiation: item({
          steps: list(item({ name: str, status: str })),
        }).optional(),
      }).optional(),
    }),
  ),
  ReplicationConfigurations: list(item({ sourceServerID: z.string(), name: str, ...drsReplicationSettings })),
});

const securityGroupMemberships = list(item({ VpcSecurityGroupId: str, Status: str }));

const rds = z.strictObject({
  DBInstances: list(
    item({
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
    }),
  ),
  DBClusters: list(
    item({
      DBClusterIdentifier: z.string(),
      DBClusterArn: str,
      Engine: str,
      Status: str,
      Port: num,
      DBSubnetGroup: str,
      VpcSecurityGroups: securityGroupMemberships,
      DBClusterMembers: list(item({ DBInstanceIdentifier: str })),
    }),
  ),
});

const route53resolver = z.strictObject({
  ResolverEndpoints: list(
    item({
      Id: z.string(),
      Arn: str,
      Direction: str,
      HostVPCId: str,
      Status: str,
      SecurityGroupIds: strList,
    }),
  ),
});

const region = z.strictObject({
  ec2: ec2.optional(),
  datasync: z.strictObject({ Agents: list(agent) }).optional(),
  drs: drs.optional(),
  rds: rds.optional(),
  route53resolver: route53resolver.optional(),
  directconnect: directconnect.optional(),
});

const bucket = item({
  Name: z.string(),
  BucketRegion: str,
  CreationDate: str,
  Policy: z.string().nullable().optional(),
});

const collectionError = z.strictObject({
  region: str,
  service: z.string(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
  resourceId: str,
});

export const snapshotSchema = z.strictObject({
  version: z.literal(1),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .optional(),
  partition: str,
  collectedAt: str,
  regions: z.record(z.string(), region).optional(),
  s3: z.strictObject({ Buckets: list(bucket) }).optional(),
  errors: list(collectionError),
});
