/**
 * Which snapshot list each collector operation fills, so that a failed call marks
 * exactly the lists it would have filled as unavailable (never "empty").
 */
import type { CollectionError, Snapshot } from './types.js';

export type InventoryList =
  | 'ec2.Vpcs'
  | 'ec2.VpcAttributes'
  | 'ec2.Subnets'
  | 'ec2.RouteTables'
  | 'ec2.NetworkAcls'
  | 'ec2.SecurityGroups'
  | 'ec2.VpcEndpoints'
  | 'ec2.NetworkInterfaces'
  | 'ec2.ManagedPrefixLists'
  | 'ec2.VpnConnections'
  | 'ec2.VpnGateways'
  | 'ec2.CustomerGateways'
  | 'ec2.VpcPeeringConnections'
  | 'ec2.TransitGateways'
  | 'ec2.TransitGatewayAttachments'
  | 'ec2.TransitGatewayVpcAttachments'
  | 'ec2.TransitGatewayRouteTables'
  | 'directconnect.DirectConnectGateways'
  | 'directconnect.DirectConnectGatewayAssociations'
  | 'directconnect.VirtualInterfaces'
  | 'datasync.Agents'
  | 'drs.ReplicationConfigurationTemplates'
  | 'drs.SourceServers'
  | 'drs.ReplicationConfigurations'
  | 'rds.DBInstances'
  | 'rds.DBClusters'
  | 'route53resolver.ResolverEndpoints'
  | 's3.Buckets';

export const OPERATION_LISTS: Record<string, InventoryList> = {
  'ec2:DescribeVpcs': 'ec2.Vpcs',
  'ec2:DescribeVpcAttribute': 'ec2.VpcAttributes',
  'ec2:DescribeSubnets': 'ec2.Subnets',
  'ec2:DescribeRouteTables': 'ec2.RouteTables',
  'ec2:DescribeNetworkAcls': 'ec2.NetworkAcls',
  'ec2:DescribeSecurityGroups': 'ec2.SecurityGroups',
  'ec2:DescribeVpcEndpoints': 'ec2.VpcEndpoints',
  'ec2:DescribeNetworkInterfaces': 'ec2.NetworkInterfaces',
  'ec2:DescribeManagedPrefixLists': 'ec2.ManagedPrefixLists',
  'ec2:GetManagedPrefixListEntries': 'ec2.ManagedPrefixLists',
  'ec2:DescribeVpnConnections': 'ec2.VpnConnections',
  'ec2:DescribeVpnGateways': 'ec2.VpnGateways',
  'ec2:DescribeCustomerGateways': 'ec2.CustomerGateways',
  'ec2:DescribeVpcPeeringConnections': 'ec2.VpcPeeringConnections',
  'ec2:DescribeTransitGateways': 'ec2.TransitGateways',
  'ec2:DescribeTransitGatewayAttachments': 'ec2.TransitGatewayAttachments',
  'ec2:DescribeTransitGatewayVpcAttachments': 'ec2.TransitGatewayVpcAttachments',
  'ec2:DescribeTransitGatewayRouteTables': 'ec2.TransitGatewayRouteTables',
  'ec2:SearchTransitGatewayRoutes': 'ec2.TransitGatewayRouteTables',
  'ec2:GetTransitGatewayRouteTableAssociations': 'ec2.TransitGatewayRouteTables',
  'ec2:GetTransitGatewayRouteTablePropagations': 'ec2.TransitGatewayRouteTables',
  'directconnect:DescribeDirectConnectGateways': 'directconnect.DirectConnectGateways',
  'directconnect:DescribeDirectConnectGatewayAssociations': 'directconnect.DirectConnectGatewayAssociations',
  'directconnect:DescribeVirtualInterfaces': 'directconnect.VirtualInterfaces',
  'datasync:ListAgents': 'datasync.Agents',
  'datasync:DescribeAgent': 'datasync.Agents',
  'drs:DescribeReplicationConfigurationTemplates': 'drs.ReplicationConfigurationTemplates',
  'drs:DescribeSourceServers': 'drs.SourceServers',
  'drs:GetReplicationConfiguration': 'drs.ReplicationConfigurations',
  'rds:DescribeDBInstances': 'rds.DBInstances',
  'rds:DescribeDBClusters': 'rds.DBClusters',
  'route53resolver:ListResolverEndpoints': 'route53resolver.ResolverEndpoints',
  's3:ListBuckets': 's3.Buckets',
  's3:GetBucketLocation': 's3.Buckets',
  's3:GetBucketPolicy': 's3.Buckets',
};

export type ListStatus = { available: true } | { available: false; reason: string };

function describeError(error: CollectionError): string {
  return `${error.service} ${error.operation} failed${error.resourceId ? ` for ${error.resourceId}` : ''}: ${error.code}`;
}

/** Errors that make a whole list unavailable; an error about one resource leaves the rest of its list usable. */
export function listWideErrors(snapshot: Snapshot, region: string, list: InventoryList): CollectionError[] {
  const [service] = list.split('.');
  return (snapshot.errors ?? []).filter((error) => {
    if (error.resourceId !== undefined || error.service !== service) return false;
    if (service !== 's3' && error.region !== region) return false;
    const filled = OPERATION_LISTS[`${error.service}:${error.operation}`];
    // An operation this table does not know could have filled any list of its service.
    return filled === undefined || filled === list;
  });
}

export function resourceErrors(snapshot: Snapshot, region: string, list: InventoryList): CollectionError[] {
  const [service] = list.split('.');
  return (snapshot.errors ?? []).filter(
    (error) =>
      error.resourceId !== undefined &&
      error.service === service &&
      (error.region === undefined || error.region === region) &&
      (OPERATION_LISTS[`${error.service}:${error.operation}`] ?? list) === list,
  );
}

function listValue(snapshot: Snapshot, region: string, list: InventoryList): unknown {
  const [service, key] = list.split('.') as [string, string];
  if (service === 's3') return snapshot.s3?.Buckets;
  const serviceInventory = snapshot.regions?.[region]?.[service as 'ec2'] as
    | Record<string, unknown>
    | undefined;
  return serviceInventory?.[key];
}

export function listStatus(snapshot: Snapshot, region: string, list: InventoryList): ListStatus {
  const failures = listWideErrors(snapshot, region, list);
  if (failures[0] !== undefined) return { available: false, reason: describeError(failures[0]) };
  if (listValue(snapshot, region, list) === undefined) {
    return { available: false, reason: `${list} was not collected in ${region}` };
  }
  return { available: true };
}

export { describeError as describeCollectionError };
