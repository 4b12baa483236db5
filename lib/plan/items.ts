/**
 * Resources with an id of their own laid over the snapshot: the before item leaves, the after
 * item joins under the same id (planned, or synthetic: `tf:address`, `cfn:LogicalId`), keeping
 * what the plan does not describe (its owner, its tags, what AWS reports about it). Each entry
 * maps Terraform's attribute names to the API's; what AWS sets on a new resource takes AWS's
 * default (a new subnet is empty: all its addresses but the five AWS reserves are free); what
 * only exists once the resource runs (a VPN tunnel's telemetry, an agent's status) is left out,
 * so the rules that read it are NOT_AVAILABLE.
 */
import {
  type Ec2,
  findVpc,
  type Item,
  idOf,
  listOf,
  type Mapping,
  type RegionInventory,
  type Step,
  type Target,
  text,
  vpcBlocks,
} from './target.js';
import type { ResourceChange } from './terraform-plan.js';
import { type Json, record, strings } from './values.js';

export const numberOf = (value: unknown) => (typeof value === 'number' && value > 0 ? value : undefined);
export const defined = (entries: Record<string, unknown>): Item =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== null));

/** The addresses of a new subnet that are free: all but the five AWS reserves. */
export function freeAddresses(cidr: string): number | undefined {
  const prefix = Number(cidr.split('/')[1]);
  return Number.isInteger(prefix) && prefix >= 16 && prefix <= 28 ? 2 ** (32 - prefix) - 5 : undefined;
}

/**
 * One id-bearing resource: each step removes the item with its id before, or adds the item with
 * its id after; `build` makes the after item from the planned values and, when it is the same
 * resource updated in place, the item it replaces. Returns the ids it acted on.
 */
export function replace(
  list: Item[],
  key: string,
  change: ResourceChange,
  steps: Step[],
  build: (values: Json, previous: Item | undefined) => Item | string,
  attribute = 'id',
): string[] | string {
  const ids = { before: idOf(change, attribute, 'before'), after: idOf(change, attribute, 'after') };
  let previous: Item | undefined;
  for (const step of steps) {
    const id = step.add ? ids.after : ids.before;
    const index = list.findIndex((item) => item[key] === id);
    if (!step.add) {
      if (index >= 0) [previous] = list.splice(index, 1);
      continue;
    }
    // A replacement is a new resource: nothing of the old one carries over.
    const kept = ids.after === ids.before ? (previous ?? (index >= 0 ? list[index] : undefined)) : undefined;
    const item = build(step.values, kept);
    if (typeof item === 'string') return item;
    if (index >= 0) list.splice(index, 1);
    list.push({ ...item, [key]: id });
  }
  return [...new Set(steps.map((step) => (step.add ? ids.after : ids.before)))];
}

/** An id-bearing mapping on one EC2 list. */
export function ec2Item(
  key: keyof Ec2,
  idKey: string,
  build: (values: Json, previous: Item | undefined, target: Target) => Item | string,
): Mapping {
  return (change, steps, target) => {
    const list = listOf(target, key);
    if (typeof list === 'string') return list;
    const ids = replace(list as unknown as Item[], idKey, change, steps, (values, previous) =>
      build(values, previous, target),
    );
    return typeof ids === 'string' ? ids : { ids };
  };
}

export const subnetChange = ec2Item('Subnets', 'SubnetId', (values, previous) => {
  const cidr = text(values.cidr_block);
  if (cidr === undefined) return 'the subnet has no cidr_block';
  const sameRange = previous?.CidrBlock === cidr;
  return {
    ...(previous ?? { State: 'available', DefaultForAz: false }),
    ...defined({
      VpcId: text(values.vpc_id),
      CidrBlock: cidr,
      AvailabilityZone: text(values.availability_zone),
      AvailabilityZoneId: text(values.availability_zone_id),
      MapPublicIpOnLaunch: values.map_public_ip_on_launch === true,
      // A changed range is a new subnet (Terraform replaces it): empty, as any new one.
      AvailableIpAddressCount: sameRange ? previous?.AvailableIpAddressCount : freeAddresses(cidr),
    }),
  };
});

export const vpcChange: Mapping = (change, steps, target) => {
  const vpcs = listOf(target, 'Vpcs');
  if (typeof vpcs === 'string') return vpcs;
  const attributes = target.inventory()?.ec2?.VpcAttributes;
  const ids = replace(vpcs as unknown as Item[], 'VpcId', change, steps, (values, previous) => {
    const cidr = text(values.cidr_block);
    if (cidr === undefined)
      return 'the VPC has no cidr_block (an IPAM pool allocation is known only after apply)';
    const secondary = ((previous?.CidrBlockAssociationSet as Item[] | undefined) ?? []).filter(
      (a) => a.CidrBlock !== previous?.CidrBlock,
    );
    return {
      ...(previous ?? { State: 'available', IsDefault: false }),
      CidrBlock: cidr,
      CidrBlockAssociationSet: [{ CidrBlock: cidr, CidrBlockState: { State: 'associated' } }, ...secondary],
    };
  });
  if (typeof ids === 'string') return ids;
  // The DNS attributes (Terraform's defaults are AWS's: support on, host names off).
  if (attributes !== undefined) {
    if (steps.some((step) => !step.add)) delete attributes[idOf(change, 'id', 'before')];
    const added = steps.find((step) => step.add);
    if (added !== undefined)
      attributes[idOf(change)] = {
        EnableDnsSupport: added.values.enable_dns_support !== false,
        EnableDnsHostnames: added.values.enable_dns_hostnames === true,
      };
  }
  return { ids };
};

/** The local routes of a VPC's tables: one per CIDR block of the VPC. */
function localRoutes(target: Target, vpcId: string): Item[] | string {
  const vpc = findVpc(target, vpcId);
  if (vpc === undefined) return `VPC ${vpcId} is neither in the snapshot nor created by the plan`;
  return vpcBlocks(vpc).map((DestinationCidrBlock) => ({
    DestinationCidrBlock,
    GatewayId: 'local',
    Origin: 'CreateRouteTable',
    State: 'active',
  }));
}

const INLINE_ROUTE: readonly [terraform: string, api: string][] = [
  ['cidr_block', 'DestinationCidrBlock'],
  ['ipv6_cidr_block', 'DestinationIpv6CidrBlock'],
  ['destination_prefix_list_id', 'DestinationPrefixListId'],
  ['gateway_id', 'GatewayId'],
  ['vpc_endpoint_id', 'GatewayId'],
  ['nat_gateway_id', 'NatGatewayId'],
  ['transit_gateway_id', 'TransitGatewayId'],
  ['network_interface_id', 'NetworkInterfaceId'],
  ['vpc_peering_connection_id', 'VpcPeeringConnectionId'],
  ['egress_only_gateway_id', 'EgressOnlyInternetGatewayId'],
  ['local_gateway_id', 'LocalGatewayId'],
  ['carrier_gateway_id', 'CarrierGatewayId'],
];

/** `aws_route_table`: its inline routes (when the configuration lists them) replace every route but the local ones. */
export const routeTableChange = ec2Item('RouteTables', 'RouteTableId', (values, previous, target) => {
  const vpcId = text(values.vpc_id);
  if (vpcId === undefined) return 'the route table has no vpc_id';
  const local = localRoutes(target, vpcId);
  if (typeof local === 'string') return local;
  const inline = Array.isArray(values.route)
    ? values.route.map((block) => {
        const route: Item = { Origin: 'CreateRoute', State: 'active' };
        for (const [terraform, api] of INLINE_ROUTE) {
          const value = text(record(block)[terraform]);
          if (value !== undefined) route[api] = value;
        }
        return route;
      })
    : undefined;
  const propagating = Array.isArray(values.propagating_vgws)
    ? strings(values.propagating_vgws).map((GatewayId) => ({ GatewayId }))
    : undefined;
  return {
    ...(previous ?? { Associations: [] }),
    VpcId: vpcId,
    Routes: [
      ...local,
      ...(inline ?? ((previous?.Routes as Item[] | undefined) ?? []).filter((r) => r.GatewayId !== 'local')),
    ],
    ...(propagating === undefined ? {} : { PropagatingVgws: propagating }),
  };
});

export const prefixListChange = ec2Item('ManagedPrefixLists', 'PrefixListId', (values, previous) =>
  defined({
    ...(previous ?? { State: 'create-complete' }),
    PrefixListName: text(values.name),
    AddressFamily: text(values.address_family),
    MaxEntries: numberOf(values.max_entries),
    Entries: Array.isArray(values.entry)
      ? values.entry.map((e) =>
          defined({ Cidr: text(record(e).cidr), Description: text(record(e).description) }),
        )
      : (previous?.Entries ?? []),
  }),
);

function tunnel(values: Json, n: 1 | 2, previous: Item | undefined): Item {
  const attribute = (name: string) => values[`tunnel${n}_${name}`];
  return defined({
    ...(previous ?? {}),
    OutsideIpAddress: text(attribute('address')),
    TunnelInsideCidr: text(attribute('inside_cidr')),
    Phase1LifetimeSeconds: numberOf(attribute('phase1_lifetime_seconds')),
    Phase2LifetimeSeconds: numberOf(attribute('phase2_lifetime_seconds')),
  });
}

/** `aws_vpn_connection`: its routing and tunnels as planned; a new connection's tunnel state is known only once it runs. */
export const vpnConnectionChange = ec2Item('VpnConnections', 'VpnConnectionId', (values, previous) => {
  const options = record(previous?.Options);
  const tunnels = (options.TunnelOptions as Item[] | undefined) ?? [];
  return {
    ...(previous ?? { State: 'available', Category: 'VPN', Routes: [] }),
    ...defined({
      Type: text(values.type),
      CustomerGatewayId: text(values.customer_gateway_id),
      VpnGatewayId: text(values.vpn_gateway_id),
      TransitGatewayId: text(values.transit_gateway_id),
    }),
    Options: {
      ...options,
      StaticRoutesOnly: values.static_routes_only === true,
      TunnelOptions: [tunnel(values, 1, tunnels[0]), tunnel(values, 2, tunnels[1])],
    },
  };
});

export const transitGatewayVpcAttachmentChange: Mapping = (change, steps, target) => {
  const vpcAttachments = listOf(target, 'TransitGatewayVpcAttachments');
  const attachments = listOf(target, 'TransitGatewayAttachments');
  if (typeof vpcAttachments === 'string') return vpcAttachments;
  if (typeof attachments === 'string') return attachments;
  const id = idOf(change);
  const key = 'TransitGatewayAttachmentId';
  const vpcIds = replace(vpcAttachments as unknown as Item[], key, change, steps, (values, previous) => ({
    ...(previous ?? { State: 'available' }),
    ...defined({ TransitGatewayId: text(values.transit_gateway_id), VpcId: text(values.vpc_id) }),
    SubnetIds: strings(values.subnet_ids),
    Options: {
      ...record(previous?.Options),
      DnsSupport: values.dns_support === 'disable' ? 'disable' : 'enable',
      ApplianceModeSupport: values.appliance_mode_support === 'enable' ? 'enable' : 'disable',
    },
  }));
  if (typeof vpcIds === 'string') return vpcIds;
  const ids = replace(attachments as unknown as Item[], key, change, steps, (values, previous) => ({
    ...(previous ?? { State: 'available' }),
    ...defined({ TransitGatewayId: text(values.transit_gateway_id), ResourceId: text(values.vpc_id) }),
    ResourceType: 'vpc',
  }));
  if (typeof ids === 'string') return ids;
  const fresh = steps.some((step) => step.add) && !ids.includes(idOf(change, 'id', 'before'));
  return (fresh ? defaultRouteTables(change.address, steps, target, id) : undefined) ?? { ids };
};

/**
 * A new attachment is associated with, and propagates to, its gateway's default route tables
 * when the gateway has them on and the attachment does not opt out (Terraform's defaults).
 */
function defaultRouteTables(address: string, steps: Step[], target: Target, id: string): string | undefined {
  const added = steps.find((s) => s.add);
  if (added === undefined) return undefined;
  const inventory = target.inventory() as RegionInventory;
  const gatewayId = text(added.values.transit_gateway_id);
  const gateway = [inventory, ...target.peers()]
    .flatMap((i) => i.ec2?.TransitGateways ?? [])
    .find((g) => g.TransitGatewayId === gatewayId);
  if (gateway === undefined)
    return `transit gateway ${gatewayId ?? '(unknown)'} of ${address} is not in the snapshot: its default route tables are unknown`;
  const options = gateway.Options ?? {};
  const wants = (name: string) => added.values[name] !== false;
  const link = (kind: 'Associations' | 'Propagations', tableId: string | undefined) => {
    const table = inventory.ec2?.TransitGatewayRouteTables?.find(
      (t) => t.TransitGatewayRouteTableId === tableId,
    );
    if (table === undefined) return;
    table[kind] = [
      ...((table[kind] as Item[] | undefined) ?? []),
      {
        TransitGatewayAttachmentId: id,
        ResourceId: text(added.values.vpc_id),
        ResourceType: 'vpc',
        State: kind === 'Associations' ? 'associated' : 'enabled',
      },
    ] as never;
  };
  if (
    options.DefaultRouteTableAssociation === 'enable' &&
    wants('transit_gateway_default_route_table_association')
  )
    link('Associations', options.AssociationDefaultRouteTableId);
  if (
    options.DefaultRouteTablePropagation === 'enable' &&
    wants('transit_gateway_default_route_table_propagation')
  )
    link('Propagations', options.PropagationDefaultRouteTableId);
  return undefined;
}

const DRS_FIELDS: readonly [terraform: string, api: string][] = [
  ['staging_area_subnet_id', 'stagingAreaSubnetId'],
  ['associate_default_security_group', 'associateDefaultSecurityGroup'],
  ['replication_servers_security_groups_ids', 'replicationServersSecurityGroupsIDs'],
  ['replication_server_instance_type', 'replicationServerInstanceType'],
  ['use_dedicated_replication_server', 'useDedicatedReplicationServer'],
  ['default_large_staging_disk_type', 'defaultLargeStagingDiskType'],
  ['ebs_encryption', 'ebsEncryption'],
  ['bandwidth_throttling', 'bandwidthThrottling'],
  ['data_plane_routing', 'dataPlaneRouting'],
  ['create_public_ip', 'createPublicIP'],
  ['staging_area_tags', 'stagingAreaTags'],
  ['auto_replicate_new_disks', 'autoReplicateNewDisks'],
];

/** The region's list of a service other than EC2, or why it cannot be changed. */
function serviceList(target: Target, service: 'drs' | 'datasync', key: string): Item[] | string {
  const inventory = target.inventory();
  if (inventory === undefined) return target.missing;
  const list = (inventory[service] as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? (list as Item[]) : `${service}.${key} is not in the snapshot`;
}

export const drsTemplateChange: Mapping = (change, steps, target) => {
  const list = serviceList(target, 'drs', 'ReplicationConfigurationTemplates');
  if (typeof list === 'string') return list;
  const ids = replace(list, 'replicationConfigurationTemplateID', change, steps, (values, previous) => {
    const item: Item = { ...(previous ?? {}) };
    for (const [terraform, api] of DRS_FIELDS)
      if (values[terraform] !== undefined && values[terraform] !== null) item[api] = values[terraform];
    return item;
  });
  return typeof ids === 'string' ? ids : { ids };
};

/** `aws_datasync_agent`: its endpoint type and PrivateLink settings; a new agent's status is known only once it runs. */
export const datasyncAgentChange: Mapping = (change, steps, target) => {
  const list = serviceList(target, 'datasync', 'Agents');
  if (typeof list === 'string') return list;
  const ids = replace(
    list,
    'AgentArn',
    change,
    steps,
    (values, previous) => {
      const endpoint = text(values.vpc_endpoint_id);
      return {
        ...(previous ?? {}),
        ...defined({ Name: text(values.name) }),
        EndpointType: endpoint === undefined ? 'PUBLIC' : 'PRIVATE_LINK',
        ...(endpoint === undefined
          ? {}
          : {
              PrivateLinkConfig: defined({
                VpcEndpointId: endpoint,
                PrivateLinkEndpoint: text(values.private_link_endpoint),
                SubnetArns: strings(values.subnet_arns),
                SecurityGroupArns: strings(values.security_group_arns),
              }),
            }),
      };
    },
    'arn',
  );
  return typeof ids === 'string' ? ids : { ids };
};
