/**
 * CloudFormation resource types as the Terraform resource types hna plan lays over the
 * snapshot: one table, each entry the Terraform type and its values from the resource's
 * (resolved) properties, with CloudFormation's defaults where they differ from Terraform's —
 * a security group without `SecurityGroupEgress` keeps AWS's allow-all egress rule, a
 * `VPCEndpoint` without `VpcEndpointType` is a Gateway endpoint, a VPC has DNS support on.
 * Values may hold an `Unknown` (cfn-intrinsics.ts); the caller turns those into `after_unknown`.
 */
import { firstUnknown, type Unknown } from './cfn-intrinsics.js';
import type { Json } from './values.js';

type Props = Record<string, unknown>;

const one = (value: unknown) => (value === undefined || value === null ? [] : [value]);
const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : value);

/** A policy document as Terraform holds it (JSON text), or the unknown it depends on. */
function documentOf(value: unknown): string | Unknown | undefined {
  if (value === undefined) return undefined;
  const unknown = firstUnknown(value);
  if (unknown !== undefined) return unknown;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ingressBlock(rule: Props): Json {
  return {
    protocol: rule.IpProtocol === undefined ? undefined : String(rule.IpProtocol),
    from_port: rule.FromPort ?? -1,
    to_port: rule.ToPort ?? -1,
    cidr_blocks: one(rule.CidrIp),
    ipv6_cidr_blocks: one(rule.CidrIpv6),
    prefix_list_ids: one(rule.SourcePrefixListId),
    security_groups: one(rule.SourceSecurityGroupId),
  };
}

function egressBlock(rule: Props): Json {
  return {
    ...ingressBlock(rule),
    prefix_list_ids: one(rule.DestinationPrefixListId),
    security_groups: one(rule.DestinationSecurityGroupId),
  };
}

/** AWS's egress rule of a new group, which CloudFormation keeps unless the template lists egress. */
const ALLOW_ALL_EGRESS = { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] };

export interface CfnMapping {
  terraform: string;
  values: (properties: Props) => Json;
  /** Attributes AWS computes when the resource is created (unknown in the plan, like Terraform's `after_unknown`). */
  computed?: readonly string[];
}

const rule = (type: 'ingress' | 'egress') => (p: Props) => ({
  ...(type === 'ingress' ? ingressBlock(p) : egressBlock(p)),
  type,
  security_group_id: p.GroupId,
  ...(type === 'ingress'
    ? { source_security_group_id: p.SourceSecurityGroupId }
    : { source_security_group_id: p.DestinationSecurityGroupId }),
});

/** Lists the rules read that CloudFormation has no resource type to write (a Terraform type may). */
export const NO_CLOUDFORMATION_TYPE: Readonly<Record<string, string>> = {
  'directconnect.VirtualInterfaces': 'CloudFormation has no Direct Connect resource types',
  'directconnect.DirectConnectGateways': 'CloudFormation has no Direct Connect resource types',
  'directconnect.DirectConnectGatewayAssociations': 'CloudFormation has no Direct Connect resource types',
  'drs.ReplicationConfigurationTemplates': 'CloudFormation has no Elastic Disaster Recovery resource types',
};

export const CFN_TYPES: Readonly<Record<string, CfnMapping>> = {
  'AWS::EC2::SecurityGroup': {
    terraform: 'aws_security_group',
    values: (p) => ({
      name: p.GroupName,
      vpc_id: p.VpcId,
      ingress: (list(p.SecurityGroupIngress) as Props[]).map(ingressBlock),
      egress:
        p.SecurityGroupEgress === undefined
          ? [ALLOW_ALL_EGRESS]
          : (list(p.SecurityGroupEgress) as Props[]).map(egressBlock),
    }),
  },
  'AWS::EC2::SecurityGroupIngress': { terraform: 'aws_security_group_rule', values: rule('ingress') },
  'AWS::EC2::SecurityGroupEgress': { terraform: 'aws_security_group_rule', values: rule('egress') },
  'AWS::EC2::VPCEndpoint': {
    terraform: 'aws_vpc_endpoint',
    values: (p) => ({
      vpc_id: p.VpcId,
      service_name: p.ServiceName,
      vpc_endpoint_type: p.VpcEndpointType ?? 'Gateway',
      private_dns_enabled: p.PrivateDnsEnabled ?? false,
      subnet_ids: list(p.SubnetIds),
      security_group_ids: list(p.SecurityGroupIds),
      route_table_ids: list(p.RouteTableIds),
      policy: documentOf(p.PolicyDocument),
    }),
    computed: ['dns_entry', 'network_interface_ids'],
  },
  'AWS::S3::BucketPolicy': {
    terraform: 'aws_s3_bucket_policy',
    values: (p) => ({ bucket: p.Bucket, policy: documentOf(p.PolicyDocument) }),
  },
  'AWS::EC2::Route': {
    terraform: 'aws_route',
    values: (p) => ({
      route_table_id: p.RouteTableId,
      destination_cidr_block: p.DestinationCidrBlock,
      destination_ipv6_cidr_block: p.DestinationIpv6CidrBlock,
      destination_prefix_list_id: p.DestinationPrefixListId,
      gateway_id: p.GatewayId,
      nat_gateway_id: p.NatGatewayId,
      transit_gateway_id: p.TransitGatewayId,
      vpc_endpoint_id: p.VpcEndpointId,
      network_interface_id: p.NetworkInterfaceId,
      vpc_peering_connection_id: p.VpcPeeringConnectionId,
      egress_only_gateway_id: p.EgressOnlyInternetGatewayId,
      local_gateway_id: p.LocalGatewayId,
      carrier_gateway_id: p.CarrierGatewayId,
    }),
  },
  'AWS::EC2::NetworkAclEntry': {
    terraform: 'aws_network_acl_rule',
    values: (p) => ({
      network_acl_id: p.NetworkAclId,
      rule_number: p.RuleNumber,
      egress: p.Egress ?? false,
      protocol: p.Protocol === undefined ? undefined : String(p.Protocol),
      rule_action: p.RuleAction,
      cidr_block: p.CidrBlock,
      ipv6_cidr_block: p.Ipv6CidrBlock,
      from_port: (p.PortRange as Props | undefined)?.From,
      to_port: (p.PortRange as Props | undefined)?.To,
      icmp_type: (p.Icmp as Props | undefined)?.Type,
      icmp_code: (p.Icmp as Props | undefined)?.Code,
    }),
  },
  'AWS::EC2::TransitGatewayRoute': {
    terraform: 'aws_ec2_transit_gateway_route',
    values: (p) => ({
      transit_gateway_route_table_id: p.TransitGatewayRouteTableId,
      destination_cidr_block: p.DestinationCidrBlock,
      transit_gateway_attachment_id: p.TransitGatewayAttachmentId,
      blackhole: p.Blackhole ?? false,
    }),
  },
  'AWS::EC2::Subnet': {
    terraform: 'aws_subnet',
    values: (p) => ({
      vpc_id: p.VpcId,
      cidr_block: p.CidrBlock,
      availability_zone: p.AvailabilityZone,
      map_public_ip_on_launch: p.MapPublicIpOnLaunch ?? false,
    }),
  },
  'AWS::EC2::RouteTable': { terraform: 'aws_route_table', values: (p) => ({ vpc_id: p.VpcId, route: [] }) },
  'AWS::EC2::SubnetRouteTableAssociation': {
    terraform: 'aws_route_table_association',
    values: (p) => ({ subnet_id: p.SubnetId, route_table_id: p.RouteTableId }),
  },
  'AWS::EC2::GatewayRouteTableAssociation': {
    terraform: 'aws_route_table_association',
    values: (p) => ({ gateway_id: p.GatewayId, route_table_id: p.RouteTableId }),
  },
  'AWS::EC2::NetworkAcl': { terraform: 'aws_network_acl', values: (p) => ({ vpc_id: p.VpcId }) },
  'AWS::EC2::SubnetNetworkAclAssociation': {
    terraform: 'aws_network_acl_association',
    values: (p) => ({ subnet_id: p.SubnetId, network_acl_id: p.NetworkAclId }),
  },
  'AWS::EC2::VPC': {
    terraform: 'aws_vpc',
    values: (p) => ({
      cidr_block: p.CidrBlock,
      enable_dns_support: p.EnableDnsSupport ?? true,
      enable_dns_hostnames: p.EnableDnsHostnames ?? false,
    }),
  },
  'AWS::EC2::PrefixList': {
    terraform: 'aws_ec2_managed_prefix_list',
    values: (p) => ({
      name: p.PrefixListName,
      address_family: p.AddressFamily,
      max_entries: p.MaxEntries,
      entry: (list(p.Entries) as Props[]).map((e) => ({ cidr: e.Cidr, description: e.Description })),
    }),
  },
  'AWS::EC2::VPNConnection': {
    terraform: 'aws_vpn_connection',
    values: (p) => ({
      customer_gateway_id: p.CustomerGatewayId,
      vpn_gateway_id: p.VpnGatewayId,
      transit_gateway_id: p.TransitGatewayId,
      type: p.Type,
      static_routes_only: p.StaticRoutesOnly ?? false,
    }),
    computed: ['tunnel1_address', 'tunnel2_address'],
  },
  'AWS::EC2::VPNConnectionRoute': {
    terraform: 'aws_vpn_connection_route',
    values: (p) => ({ vpn_connection_id: p.VpnConnectionId, destination_cidr_block: p.DestinationCidrBlock }),
  },
  'AWS::EC2::VPNGatewayRoutePropagation': {
    terraform: 'aws_vpn_gateway_route_propagation',
    values: (p) => ({ vpn_gateway_id: p.VpnGatewayId, route_table_ids: list(p.RouteTableIds) }),
  },
  'AWS::EC2::TransitGatewayRouteTableAssociation': {
    terraform: 'aws_ec2_transit_gateway_route_table_association',
    values: (p) => ({
      transit_gateway_attachment_id: p.TransitGatewayAttachmentId,
      transit_gateway_route_table_id: p.TransitGatewayRouteTableId,
    }),
  },
  'AWS::EC2::TransitGatewayRouteTablePropagation': {
    terraform: 'aws_ec2_transit_gateway_route_table_propagation',
    values: (p) => ({
      transit_gateway_attachment_id: p.TransitGatewayAttachmentId,
      transit_gateway_route_table_id: p.TransitGatewayRouteTableId,
    }),
  },
  'AWS::EC2::TransitGatewayVpcAttachment': {
    terraform: 'aws_ec2_transit_gateway_vpc_attachment',
    values: (p) => ({
      transit_gateway_id: p.TransitGatewayId,
      vpc_id: p.VpcId,
      subnet_ids: list(p.SubnetIds),
    }),
  },
  'AWS::EC2::TransitGatewayAttachment': {
    terraform: 'aws_ec2_transit_gateway_vpc_attachment',
    values: (p) => ({
      transit_gateway_id: p.TransitGatewayId,
      vpc_id: p.VpcId,
      subnet_ids: list(p.SubnetIds),
    }),
  },
  'AWS::EC2::DHCPOptions': {
    terraform: 'aws_vpc_dhcp_options',
    values: (p) => ({ domain_name_servers: list(p.DomainNameServers) }),
  },
  'AWS::EC2::VPCDHCPOptionsAssociation': {
    terraform: 'aws_vpc_dhcp_options_association',
    values: (p) => ({ vpc_id: p.VpcId, dhcp_options_id: p.DhcpOptionsId }),
  },
  'AWS::EC2::VPCGatewayAttachment': {
    terraform: 'aws_vpn_gateway_attachment',
    values: (p) => ({
      vpc_id: p.VpcId,
      vpn_gateway_id: p.VpnGatewayId,
      internet_gateway_id: p.InternetGatewayId,
    }),
  },
  'AWS::EC2::VPNGateway': {
    terraform: 'aws_vpn_gateway',
    values: (p) => ({ amazon_side_asn: p.AmazonSideAsn }),
  },
  'AWS::EC2::CustomerGateway': {
    terraform: 'aws_customer_gateway',
    values: (p) => ({ bgp_asn: p.BgpAsn, ip_address: p.IpAddress, type: p.Type }),
  },
  'AWS::S3::Bucket': {
    terraform: 'aws_s3_bucket',
    values: (p) => ({ bucket: p.BucketName }),
  },
  // Types the rules read that hna plan does not lay yet (mapped-types.ts names them, never ignores them).
  'AWS::RDS::DBInstance': {
    terraform: 'aws_db_instance',
    values: (p) => ({
      identifier: p.DBInstanceIdentifier,
      engine: p.Engine,
      port: p.Port === undefined ? undefined : Number(p.Port),
      db_subnet_group_name: p.DBSubnetGroupName,
      vpc_security_group_ids: p.VPCSecurityGroups === undefined ? undefined : list(p.VPCSecurityGroups),
    }),
  },
  'AWS::RDS::DBSubnetGroup': {
    terraform: 'aws_db_subnet_group',
    values: (p) => ({ name: p.DBSubnetGroupName, subnet_ids: list(p.SubnetIds) }),
  },
  'AWS::RDS::DBCluster': { terraform: 'aws_rds_cluster', values: () => ({}) },
  'AWS::EC2::TransitGateway': { terraform: 'aws_ec2_transit_gateway', values: () => ({}) },
  'AWS::EC2::TransitGatewayRouteTable': {
    terraform: 'aws_ec2_transit_gateway_route_table',
    values: () => ({}),
  },
  'AWS::EC2::TransitGatewayPeeringAttachment': {
    terraform: 'aws_ec2_transit_gateway_peering_attachment',
    values: () => ({}),
  },
  'AWS::EC2::VPCCidrBlock': { terraform: 'aws_vpc_ipv4_cidr_block_association', values: () => ({}) },
  'AWS::EC2::VPCPeeringConnection': { terraform: 'aws_vpc_peering_connection', values: () => ({}) },
  'AWS::EC2::NetworkInterface': { terraform: 'aws_network_interface', values: () => ({}) },
  'AWS::Route53Resolver::ResolverEndpoint': {
    terraform: 'aws_route53_resolver_endpoint',
    values: () => ({}),
  },
  'AWS::DataSync::Agent': {
    terraform: 'aws_datasync_agent',
    values: (p) => ({
      name: p.AgentName,
      vpc_endpoint_id: p.VpcEndpointId,
      subnet_arns: list(p.SubnetArns),
      security_group_arns: list(p.SecurityGroupArns),
    }),
    computed: ['private_link_endpoint'],
  },
};
