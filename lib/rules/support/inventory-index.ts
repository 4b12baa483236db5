/**
 * Lookups that rules make per resource (the gateways attached to a VPC, the connections on
 * a gateway, a VPC's route tables, subnets and endpoints), built once per region's
 * inventory: no rule scans a whole list for each item, so a region with hundreds of VPCs
 * costs in proportion to its size (BENCHMARKS.md, "One region at the quota's edge").
 */
import type {
  Ec2NetworkInterface,
  Ec2RouteTable,
  Ec2Subnet,
  Ec2Vpc,
  Ec2VpcEndpoint,
  Ec2VpnConnection,
  Ec2VpnGateway,
  RegionInventory,
} from '../../inventory/types.js';

export interface InventoryIndex {
  vpcs: Map<string, Ec2Vpc>;
  gateways: Map<string, Ec2VpnGateway>;
  /** Virtual private gateways attached to each VPC (attachment state `attached`). */
  gatewaysOfVpc: Map<string, string[]>;
  /** The VPC each virtual private gateway is attached to. */
  vpcOfGateway: Map<string, string>;
  /** Connections not deleted, in list order. */
  liveConnections: Ec2VpnConnection[];
  /** Live connections by the VPC their gateway is attached to, in list order. */
  connectionsOfVpc: Map<string, Ec2VpnConnection[]>;
  /** Each connection's place in the snapshot's list. */
  connectionOrder: Map<Ec2VpnConnection, number>;
  /** Connections (deleted ones too) by virtual private gateway. */
  connectionsOfGateway: Map<string, Ec2VpnConnection[]>;
  /** A live connection that names neither a virtual private gateway nor a transit gateway. */
  unattachedConnection: Ec2VpnConnection | undefined;
  routeTablesOfVpc: Map<string, Ec2RouteTable[]>;
  subnetsOfVpc: Map<string, Ec2Subnet[]>;
  endpointsOfVpc: Map<string, Ec2VpcEndpoint[]>;
  customerGatewayAddress: Map<string, string | undefined>;
  networkInterfaces: Map<string, Ec2NetworkInterface>;
}

const cache = new WeakMap<RegionInventory, InventoryIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function inventoryIndex(inventory: RegionInventory): InventoryIndex {
  const cached = cache.get(inventory);
  if (cached !== undefined) return cached;
  const ec2 = inventory.ec2;
  const index: InventoryIndex = {
    vpcs: new Map((ec2?.Vpcs ?? []).map((vpc) => [vpc.VpcId, vpc])),
    gateways: new Map((ec2?.VpnGateways ?? []).map((gateway) => [gateway.VpnGatewayId, gateway])),
    gatewaysOfVpc: new Map(),
    vpcOfGateway: new Map(),
    liveConnections: [],
    connectionsOfVpc: new Map(),
    connectionsOfGateway: new Map(),
    connectionOrder: new Map((ec2?.VpnConnections ?? []).map((connection, i) => [connection, i])),
    unattachedConnection: undefined,
    routeTablesOfVpc: new Map(),
    subnetsOfVpc: new Map(),
    endpointsOfVpc: new Map(),
    networkInterfaces: new Map(
      (ec2?.NetworkInterfaces ?? []).map((networkInterface) => [
        networkInterface.NetworkInterfaceId,
        networkInterface,
      ]),
    ),
    customerGatewayAddress: new Map(
      (ec2?.CustomerGateways ?? []).map((gateway) => [gateway.CustomerGatewayId, gateway.IpAddress]),
    ),
  };
  for (const gateway of ec2?.VpnGateways ?? []) {
    for (const attachment of gateway.VpcAttachments ?? []) {
      if (attachment.State !== 'attached' || attachment.VpcId === undefined) continue;
      push(index.gatewaysOfVpc, attachment.VpcId, gateway.VpnGatewayId);
      if (!index.vpcOfGateway.has(gateway.VpnGatewayId))
        index.vpcOfGateway.set(gateway.VpnGatewayId, attachment.VpcId);
    }
  }
  for (const connection of ec2?.VpnConnections ?? []) {
    if (connection.VpnGatewayId !== undefined)
      push(index.connectionsOfGateway, connection.VpnGatewayId, connection);
    if (connection.State === 'deleted') continue;
    index.liveConnections.push(connection);
    if (connection.VpnGatewayId === undefined && connection.TransitGatewayId === undefined)
      index.unattachedConnection ??= connection;
    const vpcId =
      connection.VpnGatewayId === undefined ? undefined : index.vpcOfGateway.get(connection.VpnGatewayId);
    if (vpcId !== undefined) push(index.connectionsOfVpc, vpcId, connection);
  }
  for (const table of ec2?.RouteTables ?? []) push(index.routeTablesOfVpc, table.VpcId, table);
  for (const subnet of ec2?.Subnets ?? []) push(index.subnetsOfVpc, subnet.VpcId, subnet);
  for (const endpoint of ec2?.VpcEndpoints ?? [])
    if (endpoint.VpcId !== undefined) push(index.endpointsOfVpc, endpoint.VpcId, endpoint);
  cache.set(inventory, index);
  return index;
}
