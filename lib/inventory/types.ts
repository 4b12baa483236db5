/**
 * The inventory snapshot (docs/design/snapshot-format.md): every list holds AWS API
 * response items unchanged, so the SDK's own types describe them. Timestamps are
 * ISO strings once the document has been through JSON, hence `Jsonified`.
 */
import type {
  ManagedPrefixList,
  PrefixListEntry,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayRouteTableAssociation,
  TransitGatewayRouteTablePropagation,
} from '@aws-sdk/client-ec2';
import type { Bucket } from '@aws-sdk/client-s3';
import type { ServiceLists } from './registry.js';

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

export type Item<T> = Jsonified<Omit<T, '$metadata'>>;
/** An item whose identifier the reader has checked to be present. */
export type Identified<T, K extends keyof Item<T>> = Item<T> & { [P in K]-?: string };

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

/** Each service's part of a region inventory: its lists, as the registry (registry.ts) declares them. */
export type Ec2Inventory = ServiceLists<'ec2'>;
/**
 * Direct Connect: gateways and their associations are global and listed in the home
 * region of a collection; virtual interfaces are regional.
 */
export type DirectConnectInventory = ServiceLists<'directconnect'>;
export type DataSyncInventory = ServiceLists<'datasync'>;
export type DrsInventory = ServiceLists<'drs'>;
export type RdsInventory = ServiceLists<'rds'>;
export type Route53ResolverInventory = ServiceLists<'route53resolver'>;
export type NetworkFirewallInventory = ServiceLists<'networkfirewall'>;

export interface RegionInventory {
  ec2?: Ec2Inventory;
  datasync?: DataSyncInventory;
  drs?: DrsInventory;
  rds?: RdsInventory;
  route53resolver?: Route53ResolverInventory;
  directconnect?: DirectConnectInventory;
  networkfirewall?: NetworkFirewallInventory;
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
  /** Global: the account's private hosted zones (Route 53 is not regional). */
  route53?: Route53Inventory;
  errors?: CollectionError[];
}

export type Route53Inventory = ServiceLists<'route53'>;

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
export type DrsReplicationConfiguration = ListItem<DrsInventory['ReplicationConfigurations']>;
export type ResolverEndpointItem = ListItem<Route53ResolverInventory['ResolverEndpoints']>;
export type ResolverRuleItem = ListItem<Route53ResolverInventory['ResolverRules']>;
export type HostedZoneItem = ListItem<Route53Inventory['HostedZones']>;
export type NetworkFirewallItem = ListItem<NetworkFirewallInventory['Firewalls']>;
export type NetworkFirewallPolicyItem = ListItem<NetworkFirewallInventory['FirewallPolicies']>;
export type NetworkFirewallRuleGroupItem = ListItem<NetworkFirewallInventory['RuleGroups']>;
