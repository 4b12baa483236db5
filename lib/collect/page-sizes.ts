/**
 * The largest page each list operation accepts (AWS API references), so that N
 * items cost ceil(N / size) calls.
 */
export const MAX_PAGE_SIZE = {
  'ec2:DescribeVpcs': 1000,
  'ec2:DescribeSubnets': 1000,
  'ec2:DescribeRouteTables': 100,
  'ec2:DescribeNetworkAcls': 100,
  'ec2:DescribeSecurityGroups': 1000,
  'ec2:DescribeVpcEndpoints': 1000,
  'ec2:DescribeNetworkInterfaces': 1000,
  'ec2:DescribeManagedPrefixLists': 100,
  'ec2:GetManagedPrefixListEntries': 100,
  'ec2:DescribeVpcPeeringConnections': 1000,
  'ec2:DescribeTransitGateways': 1000,
  'ec2:DescribeTransitGatewayAttachments': 1000,
  'ec2:DescribeTransitGatewayVpcAttachments': 1000,
  'ec2:DescribeTransitGatewayRouteTables': 1000,
  'ec2:GetTransitGatewayRouteTableAssociations': 1000,
  'ec2:GetTransitGatewayRouteTablePropagations': 1000,
  'ec2:DescribeVpcBlockPublicAccessExclusions': 1000,
  'directconnect:DescribeDirectConnectGateways': 100,
  'directconnect:DescribeDirectConnectGatewayAssociations': 100,
  'networkfirewall:ListFirewalls': 100,
  'datasync:ListAgents': 100,
  'drs:DescribeReplicationConfigurationTemplates': 1000,
  'drs:DescribeSourceServers': 1000,
  'rds:DescribeDBInstances': 100,
  'rds:DescribeDBClusters': 100,
  'route53resolver:ListResolverEndpoints': 100,
  'route53resolver:ListResolverEndpointIpAddresses': 100,
  'route53resolver:ListResolverRules': 100,
  'route53resolver:ListResolverRuleAssociations': 100,
  'route53:ListHostedZones': 100,
  'route53:ListResourceRecordSets': 300,
  's3:ListBuckets': 10000,
} as const;

/** EC2 accepts at most 200 values across the filters of one call. */
export const EC2_MAX_FILTER_VALUES = 200;
