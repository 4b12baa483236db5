/**
 * The resource types the rules read, each with the lists a change of it alters and how it is
 * laid over the snapshot (lib/plan/overlay.ts applies them). One table: a type missing here is
 * one no rule reads, listed as ignored.
 */
import type { InventoryList } from '../inventory/registry.js';
import {
  endpointAssociation,
  mainRouteTableAssociationChange,
  prefixListEntryChange,
  routeTableAssociationChange,
  transitGatewayLink,
  vpnConnectionRouteChange,
  vpnGatewayRoutePropagationChange,
} from './associations.js';
import { dbInstanceChange, dbSubnetGroupChange } from './databases.js';
import { adopting, defaultAclOf, defaultRouteTableOf, defaultSecurityGroupOf } from './defaults.js';
import { directConnectAssociationChange } from './direct-connect.js';
import { bucketChange, bucketPolicyChange, endpointChange } from './endpoints.js';
import { customerGatewayChange, vpnGatewayAttachmentChange, vpnGatewayChange } from './gateways.js';
import {
  datasyncAgentChange,
  drsTemplateChange,
  prefixListChange,
  routeTableChange,
  subnetChange,
  transitGatewayVpcAttachmentChange,
  vpcChange,
  vpnConnectionChange,
} from './items.js';
import { networkAclAssociationChange, networkAclChange } from './network-acls.js';
import { securityGroupChange, securityGroupRuleChange } from './security-groups.js';
import { aclChange, routeChange } from './table-entries.js';
import type { Mapping, RegionInventory, Step } from './target.js';

const onTables =
  (
    apply: (type: string, steps: Step[], inventory: RegionInventory | undefined) => string | undefined,
    key: string,
  ): Mapping =>
  (change, steps, target) => {
    const failed = apply(change.type, steps, target.inventory());
    return failed ?? { ids: [...new Set(steps.map((step) => String(step.values[key] ?? '')))] };
  };

export interface TypeMapping {
  /** The lists a change of this type alters. */
  lists: readonly InventoryList[];
  /**
   * How it is laid over the snapshot; absent for a type the rules read that hna plan does not
   * lay yet: its changes are not judged, and the results that read them are NOT_AVAILABLE.
   */
  map?: Mapping;
  /** Why a type without `map` is not laid. */
  notLaid?: string;
  /** Terraform adopts the resource (a VPC's default ACL, group, main table): created, it takes it over; destroyed, AWS keeps it. */
  adopts?: true;
  /**
   * The attributes the mapping reads that must be known: unknown and set by the configuration,
   * the change is not judged (naming them); unknown and unset, AWS's default applies.
   */
  reads?: readonly string[];
  /** Attributes that, when the configuration does not set them, leave the snapshot's value as it is. */
  keptUnlessSet?: readonly string[];
}

const SG_RULE_READS = [
  'security_group_id',
  'type',
  'protocol',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'cidr_ipv4',
  'cidr_ipv6',
  'prefix_list_id',
  'source_security_group_id',
  'referenced_security_group_id',
  'self',
];

/**
 * The lists a rule reads beyond its declared `inputs` (inputs gate a rule on a list's
 * collection; a rule may read more): NET.6 reads the Direct Connect gateways and their
 * associations wherever a collection listed them.
 */
export const READS_BEYOND_INPUTS: Readonly<Record<string, readonly InventoryList[]>> = {
  'NET.6': ['directconnect.DirectConnectGateways', 'directconnect.DirectConnectGatewayAssociations'],
};

/** Lists the rules read that no Terraform resource writes: what AWS or an agent sets, never a plan. */
export const NOT_PLANNED: Readonly<Partial<Record<InventoryList, string>>> = {
  'drs.SourceServers': 'source servers are registered by the DRS replication agent, not by Terraform',
  'drs.ReplicationConfigurations':
    "a source server's replication settings are set by DRS from its template (aws_drs_replication_configuration_template) or the console",
};

/** A type the rules read that hna plan does not lay yet: its changes are named, never passed. */
const notLaid = (lists: readonly InventoryList[], why: string): TypeMapping => ({ lists, notLaid: why });

/**
 * The resource types the rules read: the lists a change of each alters, and its mapping. A type
 * absent here is one no rule reads (listed as ignored); DHCP option sets are among them today,
 * as no rule reads a VPC's DNS servers. A new snapshot list is one entry per resource type that
 * changes it — `notLaid([...], why)` until its mapping is written — and test/plan/coverage.test.ts
 * fails while a list some rule reads has none.
 */
export const TYPES: Readonly<Record<string, TypeMapping>> = {
  aws_security_group: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupChange,
    reads: ['vpc_id', 'ingress', 'egress'],
  },
  aws_default_security_group: {
    lists: ['ec2.SecurityGroups'],
    adopts: true,
    map: adopting(defaultSecurityGroupOf, securityGroupChange, "the VPC's default security group"),
    reads: ['vpc_id', 'ingress', 'egress'],
  },
  aws_vpc_security_group_ingress_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_vpc_security_group_egress_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_security_group_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_network_acl: {
    lists: ['ec2.NetworkAcls'],
    map: networkAclChange,
    reads: ['vpc_id', 'ingress', 'egress', 'subnet_ids'],
    keptUnlessSet: ['ingress', 'egress', 'subnet_ids'],
  },
  aws_default_network_acl: {
    lists: ['ec2.NetworkAcls'],
    adopts: true,
    map: adopting(defaultAclOf, networkAclChange, 'the default network ACL (default_network_acl_id)'),
    reads: ['default_network_acl_id', 'ingress', 'egress', 'subnet_ids'],
    keptUnlessSet: ['subnet_ids'],
  },
  aws_network_acl_rule: {
    lists: ['ec2.NetworkAcls'],
    map: onTables((_type, steps, inventory) => aclChange(steps, inventory), 'network_acl_id'),
    reads: [
      'network_acl_id',
      'rule_number',
      'egress',
      'protocol',
      'rule_action',
      'cidr_block',
      'ipv6_cidr_block',
      'from_port',
      'to_port',
    ],
  },
  aws_network_acl_association: {
    lists: ['ec2.NetworkAcls'],
    map: networkAclAssociationChange,
    reads: ['subnet_id', 'network_acl_id'],
  },
  aws_route_table: {
    lists: ['ec2.RouteTables'],
    map: routeTableChange,
    reads: ['vpc_id', 'route', 'propagating_vgws'],
    keptUnlessSet: ['route', 'propagating_vgws'],
  },
  aws_default_route_table: {
    lists: ['ec2.RouteTables'],
    adopts: true,
    map: adopting(defaultRouteTableOf, routeTableChange, 'the main route table (default_route_table_id)'),
    reads: ['default_route_table_id', 'route', 'propagating_vgws'],
    keptUnlessSet: ['route', 'propagating_vgws'],
  },
  aws_route: {
    lists: ['ec2.RouteTables'],
    map: onTables(routeChange, 'route_table_id'),
    reads: [
      'route_table_id',
      'destination_cidr_block',
      'destination_ipv6_cidr_block',
      'destination_prefix_list_id',
      'gateway_id',
      'nat_gateway_id',
      'transit_gateway_id',
      'vpc_endpoint_id',
      'network_interface_id',
      'vpc_peering_connection_id',
    ],
  },
  aws_route_table_association: {
    lists: ['ec2.RouteTables'],
    map: routeTableAssociationChange,
    reads: ['route_table_id', 'subnet_id', 'gateway_id'],
  },
  aws_main_route_table_association: {
    lists: ['ec2.RouteTables'],
    map: mainRouteTableAssociationChange,
    reads: ['vpc_id', 'route_table_id'],
  },
  aws_vpn_gateway_route_propagation: {
    lists: ['ec2.RouteTables'],
    map: vpnGatewayRoutePropagationChange,
    reads: ['vpn_gateway_id', 'route_table_id'],
  },
  aws_vpc_endpoint: {
    lists: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
    map: endpointChange,
    reads: ['vpc_id', 'service_name', 'vpc_endpoint_type'],
  },
  aws_vpc_endpoint_subnet_association: {
    lists: ['ec2.VpcEndpoints'],
    map: endpointAssociation('subnet'),
    reads: ['vpc_endpoint_id', 'subnet_id'],
  },
  aws_vpc_endpoint_route_table_association: {
    lists: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
    map: endpointAssociation('route_table'),
    reads: ['vpc_endpoint_id', 'route_table_id'],
  },
  aws_vpc_endpoint_security_group_association: {
    lists: ['ec2.VpcEndpoints'],
    map: endpointAssociation('security_group'),
    reads: ['vpc_endpoint_id', 'security_group_id'],
  },
  aws_s3_bucket_policy: { lists: ['s3.Buckets'], map: bucketPolicyChange, reads: ['bucket'] },
  aws_s3_bucket: { lists: ['s3.Buckets'], map: bucketChange, reads: ['bucket'] },
  aws_vpn_gateway: {
    lists: ['ec2.VpnGateways'],
    map: vpnGatewayChange,
    reads: ['vpc_id'],
  },
  aws_vpn_gateway_attachment: {
    lists: ['ec2.VpnGateways'],
    map: vpnGatewayAttachmentChange,
    reads: ['vpn_gateway_id', 'vpc_id'],
  },
  aws_customer_gateway: {
    lists: ['ec2.CustomerGateways'],
    map: customerGatewayChange,
    reads: ['bgp_asn', 'ip_address'],
  },
  aws_dx_gateway_association: {
    lists: ['directconnect.DirectConnectGatewayAssociations'],
    map: directConnectAssociationChange,
    reads: ['dx_gateway_id', 'associated_gateway_id', 'allowed_prefixes'],
  },
  aws_db_instance: {
    lists: ['rds.DBInstances'],
    map: dbInstanceChange,
    reads: ['port', 'vpc_security_group_ids', 'db_subnet_group_name'],
  },
  aws_db_subnet_group: {
    lists: ['rds.DBInstances'],
    map: dbSubnetGroupChange,
    reads: ['name', 'subnet_ids'],
  },
  aws_rds_cluster: notLaid(
    ['rds.DBClusters'],
    "a database cluster's endpoint and placement are not laid over the snapshot yet",
  ),
  aws_ec2_transit_gateway: notLaid(
    ['ec2.TransitGateways'],
    "a transit gateway's default route table settings are not laid over the snapshot yet",
  ),
  aws_ec2_transit_gateway_route_table: notLaid(
    ['ec2.TransitGatewayRouteTables'],
    'a transit gateway route table is not laid over the snapshot yet',
  ),
  aws_ec2_transit_gateway_peering_attachment: notLaid(
    ['ec2.TransitGatewayAttachments'],
    'a transit gateway peering attachment is not laid over the snapshot yet',
  ),
  aws_ec2_transit_gateway_vpc_attachment_accepter: notLaid(
    ['ec2.TransitGatewayVpcAttachments', 'ec2.TransitGatewayAttachments'],
    'an accepted transit gateway attachment is not laid over the snapshot yet',
  ),
  aws_vpc_ipv4_cidr_block_association: notLaid(
    ['ec2.Vpcs'],
    "a VPC's secondary CIDR block is not laid over the snapshot yet",
  ),
  aws_default_vpc: notLaid(['ec2.Vpcs'], 'the default VPC is not laid over the snapshot yet'),
  aws_vpc_peering_connection: notLaid(
    ['ec2.VpcPeeringConnections'],
    'a VPC peering connection is not laid over the snapshot yet',
  ),
  aws_vpc_endpoint_policy: notLaid(
    ['ec2.VpcEndpoints'],
    "an endpoint's separate policy resource is not laid over the snapshot yet",
  ),
  aws_network_interface: notLaid(
    ['ec2.NetworkInterfaces'],
    'a network interface is not laid over the snapshot yet',
  ),
  aws_route53_resolver_endpoint: notLaid(
    ['route53resolver.ResolverEndpoints'],
    'a Route 53 Resolver endpoint is not laid over the snapshot yet',
  ),
  aws_dx_private_virtual_interface: notLaid(
    ['directconnect.VirtualInterfaces'],
    "a virtual interface's BGP sessions are known only once it runs",
  ),
  aws_dx_transit_virtual_interface: notLaid(
    ['directconnect.VirtualInterfaces'],
    "a virtual interface's BGP sessions are known only once it runs",
  ),
  aws_dx_gateway: notLaid(
    ['directconnect.DirectConnectGateways'],
    'a Direct Connect gateway is not laid over the snapshot yet',
  ),
  aws_ec2_managed_prefix_list: {
    lists: ['ec2.ManagedPrefixLists'],
    map: prefixListChange,
    reads: ['name', 'entry'],
    keptUnlessSet: ['entry'],
  },
  aws_ec2_managed_prefix_list_entry: {
    lists: ['ec2.ManagedPrefixLists'],
    map: prefixListEntryChange,
    reads: ['prefix_list_id', 'cidr'],
  },
  aws_vpn_connection: {
    lists: ['ec2.VpnConnections'],
    map: vpnConnectionChange,
    reads: ['customer_gateway_id', 'vpn_gateway_id', 'transit_gateway_id', 'type', 'static_routes_only'],
  },
  aws_vpn_connection_route: {
    lists: ['ec2.VpnConnections'],
    map: vpnConnectionRouteChange,
    reads: ['vpn_connection_id', 'destination_cidr_block'],
  },
  aws_ec2_transit_gateway_route: {
    lists: ['ec2.TransitGatewayRouteTables'],
    map: onTables(routeChange, 'transit_gateway_route_table_id'),
    reads: [
      'transit_gateway_route_table_id',
      'destination_cidr_block',
      'transit_gateway_attachment_id',
      'blackhole',
    ],
  },
  aws_ec2_transit_gateway_route_table_association: {
    lists: ['ec2.TransitGatewayRouteTables', 'ec2.TransitGatewayAttachments'],
    map: transitGatewayLink('Associations'),
    reads: ['transit_gateway_route_table_id', 'transit_gateway_attachment_id'],
  },
  aws_ec2_transit_gateway_route_table_propagation: {
    lists: ['ec2.TransitGatewayRouteTables'],
    map: transitGatewayLink('Propagations'),
    reads: ['transit_gateway_route_table_id', 'transit_gateway_attachment_id'],
  },
  aws_ec2_transit_gateway_vpc_attachment: {
    lists: [
      'ec2.TransitGatewayVpcAttachments',
      'ec2.TransitGatewayAttachments',
      'ec2.TransitGatewayRouteTables',
    ],
    map: transitGatewayVpcAttachmentChange,
    // The VPC first: the attachment is the VPC owner's, laid on that account's snapshot.
    reads: ['vpc_id', 'transit_gateway_id', 'subnet_ids'],
  },
  aws_subnet: {
    lists: ['ec2.Subnets'],
    map: subnetChange,
    reads: ['vpc_id', 'cidr_block', 'availability_zone'],
  },
  aws_vpc: { lists: ['ec2.Vpcs', 'ec2.VpcAttributes'], map: vpcChange, reads: ['cidr_block'] },
  aws_drs_replication_configuration_template: {
    lists: ['drs.ReplicationConfigurationTemplates'],
    map: drsTemplateChange,
    reads: [
      'staging_area_subnet_id',
      'replication_servers_security_groups_ids',
      'data_plane_routing',
      'create_public_ip',
    ],
  },
  aws_datasync_agent: {
    lists: ['datasync.Agents'],
    map: datasyncAgentChange,
    reads: ['vpc_endpoint_id', 'subnet_arns', 'security_group_arns', 'private_link_endpoint'],
  },
};
