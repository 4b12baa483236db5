/**
 * The snapshot's lists, registered once (issue 21): for each list, the collector operations
 * that fill it, its item schema, the field that identifies an item, the AWS Config resource
 * type its items are (for the Config rule), whether other accounts' copies are shared into
 * an audit (a network account's hub), and — as a type — what an item is. Everything else is
 * derived from here: the snapshot types (types.ts), the reader's schema (schema.ts), which
 * failed call makes which list unavailable (lists.ts), the network shared between accounts
 * (shared-network.ts) and the lists the Config rule scopes to (lambda/config-rule.ts).
 *
 * Adding a list is one entry here (see README, "Architecture"); the collector then fills it.
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
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
} from '@aws-sdk/client-ec2';
import type {
  DescribeFirewallPolicyResponse,
  DescribeFirewallResponse,
  DescribeRuleGroupResponse,
} from '@aws-sdk/client-network-firewall';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { HostedZone, ResourceRecordSet, VPC } from '@aws-sdk/client-route-53';
import type {
  IpAddressResponse,
  ResolverEndpoint,
  ResolverRule,
  ResolverRuleAssociation,
} from '@aws-sdk/client-route53resolver';
import type { z } from 'zod';
import * as inspectionItems from './inspection-items.js';
import * as items from './items.js';
import * as nameItems from './name-items.js';
import type {
  Identified,
  Item,
  PrefixListWithEntries,
  SnapshotBucket,
  TransitGatewayRouteTableWithRoutes,
  VpcDnsAttributes,
} from './types.js';

export interface ListSpec {
  /** The collector operations (service:Operation) whose failure makes the list unavailable. */
  operations: readonly string[];
  /** An item's schema; a record (by id) when `record` is set. */
  item: z.ZodType;
  record?: true;
  /** The field that identifies an item. */
  id?: string;
  /** The AWS Config resource type of the items, when Config records them. */
  configType?: string;
  /**
   * Copies held by other audited accounts are merged in: `region`, the same region's transit
   * gateway lists; the Direct Connect lists are global and merged by shared-network.ts.
   * `lookup`: never merged (each item is reported in its owner's audit only), but looked up
   * across the audit's snapshots by shared-network.ts — centralised endpoints, private hosted
   * zones by their VPC associations, Resolver objects shared through AWS RAM.
   */
  shared?: 'region' | 'global' | 'lookup';
}

/** A registry entry with the TypeScript type of its value (a list of items, or a record). */
type Entry<Value> = ListSpec & { readonly value?: Value };
const entry =
  <Value>() =>
  <S extends ListSpec>(spec: S): S & Entry<Value> =>
    spec as S & Entry<Value>;

export const LISTS = {
  'ec2.Vpcs': entry<Identified<Vpc, 'VpcId'>[]>()({
    operations: ['ec2:DescribeVpcs'],
    item: items.vpc,
    id: 'VpcId',
    configType: 'AWS::EC2::VPC',
  }),
  'ec2.VpcAttributes': entry<Record<string, VpcDnsAttributes>>()({
    operations: ['ec2:DescribeVpcAttribute'],
    item: items.vpcAttributes,
    record: true,
  }),
  'ec2.Subnets': entry<Identified<Subnet, 'SubnetId' | 'VpcId'>[]>()({
    operations: ['ec2:DescribeSubnets'],
    item: items.subnet,
    id: 'SubnetId',
    configType: 'AWS::EC2::Subnet',
  }),
  'ec2.RouteTables': entry<Identified<RouteTable, 'RouteTableId' | 'VpcId'>[]>()({
    operations: ['ec2:DescribeRouteTables'],
    item: items.routeTable,
    id: 'RouteTableId',
    configType: 'AWS::EC2::RouteTable',
  }),
  'ec2.NetworkAcls': entry<Identified<NetworkAcl, 'NetworkAclId' | 'VpcId'>[]>()({
    operations: ['ec2:DescribeNetworkAcls'],
    item: items.networkAcl,
    id: 'NetworkAclId',
    configType: 'AWS::EC2::NetworkAcl',
  }),
  'ec2.SecurityGroups': entry<Identified<SecurityGroup, 'GroupId'>[]>()({
    operations: ['ec2:DescribeSecurityGroups'],
    item: items.securityGroup,
    id: 'GroupId',
    configType: 'AWS::EC2::SecurityGroup',
  }),
  'ec2.VpcEndpoints': entry<Identified<VpcEndpoint, 'VpcEndpointId'>[]>()({
    operations: ['ec2:DescribeVpcEndpoints'],
    item: items.vpcEndpoint,
    id: 'VpcEndpointId',
    configType: 'AWS::EC2::VPCEndpoint',
  }),
  'ec2.NetworkInterfaces': entry<Identified<NetworkInterface, 'NetworkInterfaceId'>[]>()({
    operations: ['ec2:DescribeNetworkInterfaces'],
    item: items.networkInterface,
    id: 'NetworkInterfaceId',
  }),
  'ec2.ManagedPrefixLists': entry<PrefixListWithEntries[]>()({
    operations: ['ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'],
    item: items.managedPrefixList,
    id: 'PrefixListId',
  }),
  'ec2.VpnConnections': entry<Identified<VpnConnection, 'VpnConnectionId'>[]>()({
    operations: ['ec2:DescribeVpnConnections'],
    item: items.vpnConnection,
    id: 'VpnConnectionId',
    configType: 'AWS::EC2::VPNConnection',
  }),
  'ec2.VpnGateways': entry<Identified<VpnGateway, 'VpnGatewayId'>[]>()({
    operations: ['ec2:DescribeVpnGateways'],
    item: items.vpnGateway,
    id: 'VpnGatewayId',
    configType: 'AWS::EC2::VPNGateway',
  }),
  'ec2.CustomerGateways': entry<Identified<CustomerGateway, 'CustomerGatewayId'>[]>()({
    operations: ['ec2:DescribeCustomerGateways'],
    item: items.customerGateway,
    id: 'CustomerGatewayId',
  }),
  /** The peer VPC's CIDR blocks decide which addresses a `pcx-` route serves (no edge-to-edge routing). */
  'ec2.VpcPeeringConnections': entry<Identified<VpcPeeringConnection, 'VpcPeeringConnectionId'>[]>()({
    operations: ['ec2:DescribeVpcPeeringConnections'],
    item: items.vpcPeeringConnection,
    id: 'VpcPeeringConnectionId',
  }),
  'ec2.TransitGateways': entry<Identified<TransitGateway, 'TransitGatewayId'>[]>()({
    operations: ['ec2:DescribeTransitGateways'],
    item: items.transitGateway,
    id: 'TransitGatewayId',
    shared: 'region',
  }),
  'ec2.TransitGatewayAttachments': entry<
    Identified<TransitGatewayAttachment, 'TransitGatewayAttachmentId'>[]
  >()({
    operations: ['ec2:DescribeTransitGatewayAttachments'],
    item: items.transitGatewayAttachment,
    id: 'TransitGatewayAttachmentId',
    configType: 'AWS::EC2::TransitGatewayAttachment',
    shared: 'region',
  }),
  'ec2.TransitGatewayVpcAttachments': entry<
    Identified<TransitGatewayVpcAttachment, 'TransitGatewayAttachmentId'>[]
  >()({
    operations: ['ec2:DescribeTransitGatewayVpcAttachments'],
    item: items.transitGatewayVpcAttachment,
    id: 'TransitGatewayAttachmentId',
    shared: 'region',
  }),
  'ec2.TransitGatewayRouteTables': entry<TransitGatewayRouteTableWithRoutes[]>()({
    operations: [
      'ec2:DescribeTransitGatewayRouteTables',
      'ec2:SearchTransitGatewayRoutes',
      'ec2:GetTransitGatewayRouteTableAssociations',
      'ec2:GetTransitGatewayRouteTablePropagations',
    ],
    item: items.transitGatewayRouteTable,
    id: 'TransitGatewayRouteTableId',
    shared: 'region',
  }),
  /** The region's VPC Block Public Access mode (one object): it closes internet gateway paths. */
  'ec2.VpcBlockPublicAccessOptions': entry<Item<VpcBlockPublicAccessOptions>>()({
    operations: ['ec2:DescribeVpcBlockPublicAccessOptions'],
    item: inspectionItems.vpcBlockPublicAccessOptions,
    record: true,
  }),
  'ec2.VpcBlockPublicAccessExclusions': entry<Identified<VpcBlockPublicAccessExclusion, 'ExclusionId'>[]>()({
    operations: ['ec2:DescribeVpcBlockPublicAccessExclusions'],
    item: inspectionItems.vpcBlockPublicAccessExclusion,
    id: 'ExclusionId',
  }),
  'directconnect.DirectConnectGateways': entry<
    Identified<DirectConnectGateway, 'directConnectGatewayId'>[]
  >()({
    operations: ['directconnect:DescribeDirectConnectGateways'],
    item: items.directConnectGateway,
    id: 'directConnectGatewayId',
    shared: 'global',
  }),
  'directconnect.DirectConnectGatewayAssociations': entry<
    Identified<DirectConnectGatewayAssociation, 'associationId'>[]
  >()({
    operations: ['directconnect:DescribeDirectConnectGatewayAssociations'],
    item: items.directConnectGatewayAssociation,
    id: 'associationId',
    shared: 'global',
  }),
  'directconnect.VirtualInterfaces': entry<Identified<VirtualInterface, 'virtualInterfaceId'>[]>()({
    operations: ['directconnect:DescribeVirtualInterfaces'],
    item: items.virtualInterface,
    id: 'virtualInterfaceId',
  }),
  'datasync.Agents': entry<Identified<DescribeAgentResponse, 'AgentArn'>[]>()({
    operations: ['datasync:ListAgents', 'datasync:DescribeAgent'],
    item: items.agent,
    id: 'AgentArn',
  }),
  'drs.ReplicationConfigurationTemplates': entry<
    Identified<ReplicationConfigurationTemplate, 'replicationConfigurationTemplateID'>[]
  >()({
    operations: ['drs:DescribeReplicationConfigurationTemplates'],
    item: items.drsTemplate,
    id: 'replicationConfigurationTemplateID',
  }),
  'drs.SourceServers': entry<Identified<SourceServer, 'sourceServerID'>[]>()({
    operations: ['drs:DescribeSourceServers'],
    item: items.drsSourceServer,
    id: 'sourceServerID',
  }),
  'drs.ReplicationConfigurations': entry<Identified<ReplicationConfiguration, 'sourceServerID'>[]>()({
    operations: ['drs:GetReplicationConfiguration'],
    item: items.drsReplicationConfiguration,
    id: 'sourceServerID',
  }),
  'rds.DBInstances': entry<Identified<DBInstance, 'DBInstanceIdentifier'>[]>()({
    operations: ['rds:DescribeDBInstances'],
    item: items.dbInstance,
    id: 'DBInstanceIdentifier',
  }),
  'rds.DBClusters': entry<Identified<DBCluster, 'DBClusterIdentifier'>[]>()({
    operations: ['rds:DescribeDBClusters'],
    item: items.dbCluster,
    id: 'DBClusterIdentifier',
  }),
  'route53resolver.ResolverEndpoints': entry<
    (Identified<ResolverEndpoint, 'Id'> & { IpAddresses?: ResolverEndpointAddress[] })[]
  >()({
    operations: ['route53resolver:ListResolverEndpoints', 'route53resolver:ListResolverEndpointIpAddresses'],
    item: nameItems.resolverEndpoint,
    id: 'Id',
    shared: 'lookup',
  }),
  'route53resolver.ResolverRules': entry<Identified<ResolverRule, 'Id'>[]>()({
    operations: ['route53resolver:ListResolverRules'],
    item: nameItems.resolverRule,
    id: 'Id',
    shared: 'lookup',
  }),
  'route53resolver.ResolverRuleAssociations': entry<Identified<ResolverRuleAssociation, 'Id'>[]>()({
    operations: ['route53resolver:ListResolverRuleAssociations'],
    item: nameItems.resolverRuleAssociation,
    id: 'Id',
    shared: 'lookup',
  }),
  /** Network Firewall: each firewall with its endpoints (SyncStates), its policy and rule groups. */
  'networkfirewall.Firewalls': entry<Item<DescribeFirewallResponse>[]>()({
    operations: ['networkfirewall:ListFirewalls', 'networkfirewall:DescribeFirewall'],
    item: inspectionItems.networkFirewall,
  }),
  'networkfirewall.FirewallPolicies': entry<Item<DescribeFirewallPolicyResponse>[]>()({
    operations: ['networkfirewall:DescribeFirewallPolicy'],
    item: inspectionItems.networkFirewallPolicy,
  }),
  'networkfirewall.RuleGroups': entry<Item<DescribeRuleGroupResponse>[]>()({
    operations: ['networkfirewall:DescribeRuleGroup'],
    item: inspectionItems.networkFirewallRuleGroup,
  }),
  's3.Buckets': entry<SnapshotBucket[]>()({
    operations: ['s3:ListBuckets', 's3:GetBucketLocation', 's3:GetBucketPolicy'],
    item: items.bucket,
    id: 'Name',
    configType: 'AWS::S3::Bucket',
  }),
  /** Global (Route 53 is not regional): the account's private hosted zones, at the snapshot's top level. */
  'route53.HostedZones': entry<PrivateHostedZone[]>()({
    operations: ['route53:ListHostedZones', 'route53:GetHostedZone', 'route53:ListResourceRecordSets'],
    item: nameItems.hostedZone,
    id: 'Id',
    shared: 'lookup',
  }),
} as const;

/** A ListResolverEndpointIpAddresses .IpAddresses item. */
export type ResolverEndpointAddress = Item<IpAddressResponse>;

/** A private hosted zone with its associated VPCs and its records, absent when not read. */
export type PrivateHostedZone = Identified<HostedZone, 'Id' | 'Name'> & {
  VPCs?: Item<VPC>[];
  ResourceRecordSets?: Item<ResourceRecordSet>[];
};

/** Services whose lists sit at the snapshot's top level, not in a region. */
export const GLOBAL_SERVICES: ReadonlySet<string> = new Set(['s3', 'route53']);

export type InventoryList = keyof typeof LISTS;

/** The value a list holds in the snapshot. */
export type ListValue<L extends InventoryList> = NonNullable<(typeof LISTS)[L]['value']>;

/** The lists of one service, by name: the shape of that service's part of a region inventory. */
export type ServiceLists<S extends string> = {
  [L in InventoryList as L extends `${S}.${infer Name}` ? Name : never]?: ListValue<L>;
};

export const INVENTORY_LISTS = Object.keys(LISTS) as InventoryList[];

/** The service and the key of a list ("ec2", "Vpcs"). */
export function splitList(list: InventoryList): [string, string] {
  return list.split('.') as [string, string];
}
