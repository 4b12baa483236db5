/**
 * The inventory snapshot (../shared/snapshot-format.md): every list holds AWS API
 * response items unchanged, so the SDK's own types describe them. Timestamps are
 * ISO strings once the document has been through JSON, hence `Jsonified`.
 */
import type { DescribeAgentResponse } from '@aws-sdk/client-datasync';
import type {
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import type {
  ReplicationConfiguration,
  ReplicationConfigurationTemplate,
  SourceServer,
} from '@aws-sdk/client-drs';
import type {
  CustomerGateway,
  ManagedPrefixList,
  NetworkAcl,
  NetworkInterface,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayRouteTableAssociation,
  TransitGatewayRouteTablePropagation,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
} from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { ResolverEndpoint } from '@aws-sdk/client-route53resolver';
import type { Bucket } from '@aws-sdk/client-s3';

export const SNAPSHOT_VERSION = 1;

/**
 * What an SDK response item looks like after JSON.stringify and JSON.parse. Enum
 * fields widen to string: AWS answers values the SDK's enums do not list (VPC
 * endpoint states come in lower case, for one) and adds new ones over time.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends string
    ? string
    : T extends (infer U)[]
      ? Jsonified<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonified<T[K]> }
        : T;

type Item<T> = Jsonified<Omit<T, '$metadata'>>;
/** An item whose identifier the reader has checked to be present. */
type Identified<T, K extends keyof Item<T>> = Item<T> & { [P in K]-?: string };

export interface VpcDnsAttributes {
  EnableDnsSupport?: boolean;
  EnableDnsHostnames?: boolean;
}

export type PrefixListWithEntries = Identified<ManagedPrefixList, 'PrefixListId'> & {
  Entries?: Item<PrefixListEntry>[];
};

/**
 * A transit gateway route table with what is read about it: its routes (active and
 * blackhole), associations and propagations. A list that could not be read is absent.
 */
export type TransitGatewayRouteTableWithRoutes = Identified<
  TransitGatewayRouteTable,
  'TransitGatewayRouteTableId'
> & {
  Routes?: Item<TransitGatewayRoute>[];
  Associations?: Item<TransitGatewayRouteTableAssociation>[];
  Propagations?: Item<TransitGatewayRouteTablePropagation>[];
};

export interface Ec2Inventory {
  Vpcs?: Identified<Vpc, 'VpcId'>[];
  VpcAttributes?: Record<string, VpcDnsAttributes>;
  Subnets?: Identified<Subnet, 'SubnetId' | 'VpcId'>[];
  RouteTables?: Identified<RouteTable, 'RouteTableId' | 'VpcId'>[];
  NetworkAcls?: Identified<NetworkAcl, 'NetworkAclId' | 'VpcId'>[];
  SecurityGroups?: Identified<SecurityGroup, 'GroupId'>[];
  VpcEndpoints?: Identified<VpcEndpoint, 'VpcEndpointId'>[];
  NetworkInterfaces?: Identified<NetworkInterface, 'NetworkInterfaceId'>[];
  ManagedPrefixLists?: PrefixListWithEntries[];
  VpnConnections?: Identified<VpnConnection, 'VpnConnectionId'>[];
  VpnGateways?: Identified<VpnGateway, 'VpnGatewayId'>[];
  CustomerGateways?: Identified<CustomerGateway, 'CustomerGatewayId'>[];
  /** The peer VPC's CIDR blocks decide which addresses a `pcx-` route serves (no edge-to-edge routing). */
  VpcPeeringConnections?: Identified<VpcPeeringConnection, 'VpcPeeringConnectionId'>[];
  TransitGateways?: Identified<TransitGateway, 'TransitGatewayId'>[];
  TransitGatewayAttachments?: Identified<TransitGatewayAttachment, 'TransitGatewayAttachmentId'>[];
  TransitGatewayVpcAttachments?: Identified<TransitGatewayVpcAttachment, 'TransitGatewayAttachmentId'>[];
  TransitGatewayRouteTables?: TransitGatewayRouteTableWithRoutes[];
}

/**
 * Direct Connect: gateways and their associations are global and listed in the home
 * region of a collection; virtual interfaces are regional.
 */
export interface DirectConnectInventory {
  DirectConnectGateways?: Identified<DirectConnectGateway, 'directConnectGatewayId'>[];
  DirectConnectGatewayAssociations?: Identified<DirectConnectGatewayAssociation, 'associationId'>[];
  VirtualInterfaces?: Identified<VirtualInterface, 'virtualInterfaceId'>[];
}

export interface DataSyncInventory {
  Agents?: Identified<DescribeAgentResponse, 'AgentArn'>[];
}

export interface DrsInventory {
  ReplicationConfigurationTemplates?: Identified<
    ReplicationConfigurationTemplate,
    'replicationConfigurationTemplateID'
  >[];
  SourceServers?: Identified<SourceServer, 'sourceServerID'>[];
  ReplicationConfigurations?: Identified<ReplicationConfiguration, 'sourceServerID'>[];
}

export interface RdsInventory {
  DBInstances?: Identified<DBInstance, 'DBInstanceIdentifier'>[];
  DBClusters?: Identified<DBCluster, 'DBClusterIdentifier'>[];
}

export interface Route53ResolverInventory {
  ResolverEndpoints?: Identified<ResolverEndpoint, 'Id'>[];
}

export interface RegionInventory {
  ec2?: Ec2Inventory;
  datasync?: DataSyncInventory;
  drs?: DrsInventory;
  rds?: RdsInventory;
  route53resolver?: Route53ResolverInventory;
  directconnect?: DirectConnectInventory;
}

/** A ListBuckets item plus its policy: a string, `null` for "no policy", absent for "not read". */
export type SnapshotBucket = Identified<Bucket, 'Name'> & { Policy?: string | null };

export interface CollectionError {
  region?: string;
  service: string;
  operation: string;
  code: string;
  message: string;
  /** The resource the call was about, when it was about one (a bucket, an agent, a server). */
  resourceId?: string;
}

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  accountId?: string;
  partition?: string;
  collectedAt?: string;
  regions?: Record<string, RegionInventory>;
  s3?: { Buckets?: SnapshotBucket[] };
  errors?: CollectionError[];
}

export type Service = keyof RegionInventory | 's3';

type ListItem<T> = NonNullable<T> extends (infer U)[] ? U : never;
export type Ec2Vpc = ListItem<Ec2Inventory['Vpcs']>;
export type Ec2Subnet = ListItem<Ec2Inventory['Subnets']>;
export type Ec2RouteTable = ListItem<Ec2Inventory['RouteTables']>;
export type Ec2NetworkAcl = ListItem<Ec2Inventory['NetworkAcls']>;
export type Ec2SecurityGroup = ListItem<Ec2Inventory['SecurityGroups']>;
export type Ec2VpcEndpoint = ListItem<Ec2Inventory['VpcEndpoints']>;
export type Ec2NetworkInterface = ListItem<Ec2Inventory['NetworkInterfaces']>;
export type Ec2VpnConnection = ListItem<Ec2Inventory['VpnConnections']>;
export type Ec2VpnGateway = ListItem<Ec2Inventory['VpnGateways']>;
export type Ec2VpcPeeringConnection = ListItem<Ec2Inventory['VpcPeeringConnections']>;
export type DataSyncAgent = ListItem<DataSyncInventory['Agents']>;
export type DrsTemplate = ListItem<DrsInventory['ReplicationConfigurationTemplates']>;
export type DrsSourceServer = ListItem<DrsInventory['SourceServers']>;
export type DrsReplicationConfiguration = ListItem<DrsInventory['ReplicationConfigurations']>;
export type RdsInstance = ListItem<RdsInventory['DBInstances']>;
export type RdsCluster = ListItem<RdsInventory['DBClusters']>;
export type ResolverEndpointItem = ListItem<Route53ResolverInventory['ResolverEndpoints']>;
