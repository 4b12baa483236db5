/**
 * Resources that change another resource's item: a route table's subnet or main association,
 * a VPC endpoint's subnets, route tables (a gateway endpoint adds its service's prefix-list
 * route to each table) and security groups, a prefix list's entry, a VPN connection's static
 * route, a virtual private gateway's route propagation, a transit gateway route table's
 * association or propagation. The before link leaves, the after link joins.
 */
import {
  type Ec2,
  findVpc,
  type Item,
  items,
  listOf,
  type Mapping,
  type RegionInventory,
  type Step,
  type Target,
  text,
  vpcBlocks,
} from './target.js';
import type { Json } from './values.js';

/** For each step, the item of `list` whose `key` is the step's `attribute`, or why it is not there. */
function each(
  steps: Step[],
  list: Item[],
  key: string,
  attribute: string,
  label: string,
  apply: (item: Item, values: Json, add: boolean) => string | undefined,
): Set<string> | string {
  const ids = new Set<string>();
  for (const step of steps) {
    const id = text(step.values[attribute]);
    const item = list.find((candidate) => candidate[key] === id);
    if (id === undefined || item === undefined) return `${label} ${id ?? '(unknown)'} is not in the snapshot`;
    const failed = apply(item, step.values, step.add);
    if (failed !== undefined) return failed;
    ids.add(id);
  }
  return ids;
}

const done = (ids: Set<string> | string) => (typeof ids === 'string' ? ids : { ids: [...ids] });

/** `aws_route_table_association`: a subnet (or gateway) leaves any other explicit association and joins the table. */
export const routeTableAssociationChange: Mapping = (change, steps, target) => {
  const tables = listOf(target, 'RouteTables');
  if (typeof tables === 'string') return tables;
  const list = tables as unknown as Item[];
  return done(
    each(steps, list, 'RouteTableId', 'route_table_id', 'route table', (table, values, add) => {
      const subnet = text(values.subnet_id);
      const gateway = text(values.gateway_id);
      const same = (a: Item) =>
        a.Main !== true && (subnet === undefined ? a.GatewayId === gateway : a.SubnetId === subnet);
      if (!add) {
        table.Associations = items(table.Associations).filter((a) => !same(a));
        return undefined;
      }
      for (const other of list) other.Associations = items(other.Associations).filter((a) => !same(a));
      table.Associations = [
        ...items(table.Associations),
        {
          Main: false,
          RouteTableId: table.RouteTableId,
          RouteTableAssociationId: text(values.id) ?? `tf:${change.address}`,
          ...(subnet === undefined ? { GatewayId: gateway } : { SubnetId: subnet }),
          AssociationState: { State: 'associated' },
        },
      ];
      return undefined;
    }),
  );
};

/** `aws_main_route_table_association`: the VPC's main table; deleted, the main role returns to the original table. */
export const mainRouteTableAssociationChange: Mapping = (_change, steps, target) => {
  const tables = listOf(target, 'RouteTables');
  if (typeof tables === 'string') return tables;
  const list = tables as unknown as Item[];
  const ids = new Set<string>();
  for (const step of steps) {
    const tableId = text(step.add ? step.values.route_table_id : step.values.original_route_table_id);
    const vpcId = text(step.values.vpc_id);
    const table = list.find((t) => t.RouteTableId === tableId);
    if (table === undefined) return `route table ${tableId ?? '(unknown)'} is not in the snapshot`;
    const main = list.flatMap((t) =>
      items(t.Associations).filter((a) => a.Main === true && t.VpcId === vpcId),
    );
    for (const t of list)
      if (t.VpcId === vpcId) t.Associations = items(t.Associations).filter((a) => a.Main !== true);
    table.Associations = [
      ...items(table.Associations),
      { ...(main[0] ?? { AssociationState: { State: 'associated' } }), Main: true, RouteTableId: tableId },
    ];
    ids.add(tableId as string);
  }
  return { ids: [...ids] };
};

/** The AWS prefix list a gateway endpoint's routes point at (its service's, by name). */
function servicePrefixList(inventory: RegionInventory, serviceName: unknown): string | undefined {
  return inventory.ec2?.ManagedPrefixLists?.find((p) => p.PrefixListName === serviceName)?.PrefixListId;
}

/** A gateway endpoint's route in a table: the service's prefix list to the endpoint. */
export function gatewayEndpointRoutes(
  target: Target,
  endpoint: Item,
  tableIds: readonly string[],
  add: boolean,
): string | undefined {
  if (endpoint.VpcEndpointType !== 'Gateway' || tableIds.length === 0) return undefined;
  const inventory = target.inventory() as RegionInventory;
  const prefixList = servicePrefixList(inventory, endpoint.ServiceName);
  if (prefixList === undefined && add)
    return `the prefix list of ${String(endpoint.ServiceName)} is not in the snapshot: the endpoint's routes are unknown`;
  for (const tableId of tableIds) {
    const table = inventory.ec2?.RouteTables?.find((t) => t.RouteTableId === tableId);
    if (table === undefined) return `route table ${tableId} is not in the snapshot`;
    const others = (table.Routes ?? []).filter((r) => r.GatewayId !== endpoint.VpcEndpointId);
    table.Routes = add
      ? [
          ...others,
          {
            DestinationPrefixListId: prefixList,
            GatewayId: String(endpoint.VpcEndpointId),
            Origin: 'CreateRoute',
            State: 'active',
          },
        ]
      : others;
  }
  return undefined;
}

/** The endpoint associations: one subnet, route table or security group joins or leaves an endpoint. */
export function endpointAssociation(kind: 'subnet' | 'route_table' | 'security_group'): Mapping {
  return (change, steps, target) => {
    const endpoints = listOf(target, 'VpcEndpoints');
    if (typeof endpoints === 'string') return endpoints;
    const unknown: string[] = [];
    const ids = each(
      steps,
      endpoints as unknown as Item[],
      'VpcEndpointId',
      'vpc_endpoint_id',
      'VPC endpoint',
      (endpoint, values, add) => {
        const member = text(values[`${kind}_id`]);
        if (member === undefined) return `${change.address}.${kind}_id: not set`;
        if (kind === 'security_group') {
          const groups = items(endpoint.Groups).filter((g) => g.GroupId !== member);
          endpoint.Groups = add ? [...groups, { GroupId: member }] : groups;
          return undefined;
        }
        const field = kind === 'subnet' ? 'SubnetIds' : 'RouteTableIds';
        const members = (Array.isArray(endpoint[field]) ? (endpoint[field] as string[]) : []).filter(
          (m) => m !== member,
        );
        endpoint[field] = add ? [...members, member] : members;
        if (kind === 'route_table') return gatewayEndpointRoutes(target, endpoint, [member], add);
        // A subnet added or removed changes the endpoint's interfaces: which they are is known only after apply.
        delete endpoint.NetworkInterfaceIds;
        unknown.push(`${change.address} (the network interfaces of ${String(endpoint.VpcEndpointId)})`);
        return undefined;
      },
    );
    return typeof ids === 'string' ? ids : { ids: [...ids], unknown };
  };
}

/** A mapping that changes, for each step, the item of an EC2 list the step names. */
function onEach(
  key: keyof Ec2,
  idKey: string,
  attribute: string,
  label: string,
  apply: (item: Item, values: Json, add: boolean, target: Target) => string | undefined,
): Mapping {
  return (_change, steps, target) => {
    const list = listOf(target, key);
    if (typeof list === 'string') return list;
    return done(
      each(steps, list as unknown as Item[], idKey, attribute, label, (item, values, add) =>
        apply(item, values, add, target),
      ),
    );
  };
}

/** `aws_ec2_managed_prefix_list_entry`: one CIDR of a prefix list. */
export const prefixListEntryChange = onEach(
  'ManagedPrefixLists',
  'PrefixListId',
  'prefix_list_id',
  'prefix list',
  (list, values, add) => {
    if (list.Entries === undefined)
      return `the entries of ${String(list.PrefixListId)} are not in the snapshot`;
    const others = items(list.Entries).filter((e) => e.Cidr !== values.cidr);
    const description = text(values.description);
    list.Entries = add
      ? [...others, { Cidr: values.cidr, ...(description ? { Description: description } : {}) }]
      : others;
    return undefined;
  },
);

/** `aws_vpn_connection_route`: a static route of a VPN connection. */
export const vpnConnectionRouteChange = onEach(
  'VpnConnections',
  'VpnConnectionId',
  'vpn_connection_id',
  'VPN connection',
  (connection, values, add) => {
    const others = items(connection.Routes).filter(
      (r) => r.DestinationCidrBlock !== values.destination_cidr_block,
    );
    connection.Routes = add
      ? [
          ...others,
          { DestinationCidrBlock: values.destination_cidr_block, Source: 'Static', State: 'available' },
        ]
      : others;
    return undefined;
  },
);

/** `aws_vpn_gateway_route_propagation`: the table learns the gateway's routes. */
export const vpnGatewayRoutePropagationChange: Mapping = (_change, steps, target) => {
  const tables = listOf(target, 'RouteTables');
  if (typeof tables === 'string') return tables;
  const expanded = steps.flatMap((step) =>
    Array.isArray(step.values.route_table_ids)
      ? step.values.route_table_ids.map((route_table_id) => ({
          ...step,
          values: { ...step.values, route_table_id },
        }))
      : [step],
  );
  return done(
    each(
      expanded,
      tables as unknown as Item[],
      'RouteTableId',
      'route_table_id',
      'route table',
      (table, values, add) => {
        const others = items(table.PropagatingVgws).filter((p) => p.GatewayId !== values.vpn_gateway_id);
        table.PropagatingVgws = add ? [...others, { GatewayId: values.vpn_gateway_id }] : others;
        return undefined;
      },
    ),
  );
};

/** A transit gateway route table's association or propagation of one attachment. */
export function transitGatewayLink(kind: 'Associations' | 'Propagations'): Mapping {
  return onEach(
    'TransitGatewayRouteTables',
    'TransitGatewayRouteTableId',
    'transit_gateway_route_table_id',
    'transit gateway route table',
    (table, values, add, target) => {
      if (table[kind] === undefined)
        return `the ${kind.toLowerCase()} of ${String(table.TransitGatewayRouteTableId)} are not in the snapshot`;
      const attachmentId = text(values.transit_gateway_attachment_id);
      const attachment = (target.inventory() as RegionInventory).ec2?.TransitGatewayAttachments?.find(
        (a) => a.TransitGatewayAttachmentId === attachmentId,
      ) as Item | undefined;
      if (attachment === undefined)
        return `transit gateway attachment ${attachmentId ?? '(unknown)'} is not in the snapshot`;
      const others = items(table[kind]).filter((l) => l.TransitGatewayAttachmentId !== attachmentId);
      table[kind] = add
        ? [
            ...others,
            {
              TransitGatewayAttachmentId: attachmentId,
              ResourceId: attachment.ResourceId,
              ResourceType: attachment.ResourceType,
              State: kind === 'Associations' ? 'associated' : 'enabled',
            },
          ]
        : others;
      if (kind === 'Associations') {
        if (add)
          attachment.Association = {
            TransitGatewayRouteTableId: table.TransitGatewayRouteTableId,
            State: 'associated',
          };
        else delete attachment.Association;
      }
      return propagatedRoutes(target, table, attachment, kind, add);
    },
  );
}

/** A propagation enabled or disabled: the VPC's CIDR blocks as propagated routes to the attachment. */
function propagatedRoutes(
  target: Target,
  table: Item,
  attachment: Item,
  kind: 'Associations' | 'Propagations',
  add: boolean,
): string | undefined {
  if (kind !== 'Propagations') return undefined;
  if (table.Routes === undefined)
    return `the routes of ${String(table.TransitGatewayRouteTableId)} are not in the snapshot`;
  const id = attachment.TransitGatewayAttachmentId;
  const routes = items(table.Routes).filter(
    (r) =>
      !(
        r.Type === 'propagated' &&
        items(r.TransitGatewayAttachments).some((a) => a.TransitGatewayAttachmentId === id)
      ),
  );
  if (!add) {
    table.Routes = routes;
    return undefined;
  }
  if (attachment.ResourceType !== 'vpc')
    return `the routes ${String(id)} propagates (a ${String(attachment.ResourceType)} attachment) are known only after apply`;
  const vpc = findVpc(target, attachment.ResourceId);
  if (vpc === undefined)
    return `VPC ${String(attachment.ResourceId)} is not in the snapshot: the routes ${String(id)} propagates are unknown`;
  const blocks = vpcBlocks(vpc);
  table.Routes = [
    ...routes,
    ...blocks.map((DestinationCidrBlock) => ({
      DestinationCidrBlock,
      Type: 'propagated',
      State: 'active',
      TransitGatewayAttachments: [
        { TransitGatewayAttachmentId: id, ResourceId: attachment.ResourceId, ResourceType: 'vpc' },
      ],
    })),
  ];
  return undefined;
}
