import {
  DescribeCustomerGatewaysCommand,
  DescribeVpcAttributeCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  type EC2Client,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  type VpnConnection,
} from '@aws-sdk/client-ec2';
import type { Ec2Inventory, PrefixListWithEntries, VpcDnsAttributes } from '../inventory/types.js';
import { chunk, mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call } from './log.js';
import { EC2_MAX_FILTER_VALUES, MAX_PAGE_SIZE } from './page-sizes.js';

const PER_ITEM_CONCURRENCY = 8;

/** Collects every EC2 list of the snapshot for one region. */
export async function collectEc2(
  client: EC2Client,
  region: string,
  log: CollectionLog,
): Promise<Ec2Inventory> {
  const scope: CallScope = { log, region, service: 'ec2' };
  const client_ = { client };
  const [
    Vpcs,
    Subnets,
    RouteTables,
    NetworkAcls,
    SecurityGroups,
    VpcEndpoints,
    prefixLists,
    VpnConnections,
    VpnGateways,
    CustomerGateways,
    VpcPeeringConnections,
  ] = await Promise.all([
    allPages(
      scope,
      'DescribeVpcs',
      () => paginateDescribeVpcs(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeVpcs'] }),
      (page) => page.Vpcs,
    ),
    allPages(
      scope,
      'DescribeSubnets',
      () => paginateDescribeSubnets(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeSubnets'] }),
      (page) => page.Subnets,
    ),
    allPages(
      scope,
      'DescribeRouteTables',
      () => paginateDescribeRouteTables(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeRouteTables'] }),
      (page) => page.RouteTables,
    ),
    allPages(
      scope,
      'DescribeNetworkAcls',
      () => paginateDescribeNetworkAcls(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeNetworkAcls'] }),
      (page) => page.NetworkAcls,
    ),
    allPages(
      scope,
      'DescribeSecurityGroups',
      () =>
        paginateDescribeSecurityGroups(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeSecurityGroups'] }),
      (page) => page.SecurityGroups,
    ),
    allPages(
      scope,
      'DescribeVpcEndpoints',
      () => paginateDescribeVpcEndpoints(client_, { MaxResults: MAX_PAGE_SIZE['ec2:DescribeVpcEndpoints'] }),
      (page) => page.VpcEndpoints,
    ),
    allPages(
      scope,
      'DescribeManagedPrefixLists',
      () =>
        paginateDescribeManagedPrefixLists(client_, {
          MaxResults: MAX_PAGE_SIZE['ec2:DescribeManagedPrefixLists'],
        }),
      (page) => page.PrefixLists,
    ),
    // These three operations return everything in one response; they take no page size.
    call(scope, 'DescribeVpnConnections', () => client.send(new DescribeVpnConnectionsCommand({}))),
    call(scope, 'DescribeVpnGateways', () => client.send(new DescribeVpnGatewaysCommand({}))),
    call(scope, 'DescribeCustomerGateways', () => client.send(new DescribeCustomerGatewaysCommand({}))),
    allPages(
      scope,
      'DescribeVpcPeeringConnections',
      () =>
        paginateDescribeVpcPeeringConnections(client_, {
          MaxResults: MAX_PAGE_SIZE['ec2:DescribeVpcPeeringConnections'],
        }),
      (page) => page.VpcPeeringConnections,
    ),
  ]);

  const endpointEnis = (VpcEndpoints ?? []).flatMap((endpoint) => endpoint.NetworkInterfaceIds ?? []);
  const referencedPrefixLists = new Set<string>();
  for (const table of RouteTables ?? []) {
    for (const route of table.Routes ?? [])
      if (route.DestinationPrefixListId) referencedPrefixLists.add(route.DestinationPrefixListId);
  }
  for (const group of SecurityGroups ?? []) {
    for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
      for (const reference of permission.PrefixListIds ?? []) {
        if (reference.PrefixListId) referencedPrefixLists.add(reference.PrefixListId);
      }
    }
  }
  // DNS attributes matter only where interface endpoints resolve through private DNS.
  const vpcsWithInterfaceEndpoints = [
    ...new Set(
      (VpcEndpoints ?? [])
        .filter((endpoint) => endpoint.VpcEndpointType === 'Interface' && endpoint.VpcId)
        .map((endpoint) => endpoint.VpcId as string),
    ),
  ].sort();

  const [NetworkInterfaces, ManagedPrefixLists, VpcAttributes] = await Promise.all([
    VpcEndpoints === undefined
      ? Promise.resolve(undefined)
      : collectEndpointInterfaces(client, scope, endpointEnis),
    prefixLists === undefined
      ? Promise.resolve(undefined)
      : addPrefixListEntries(client, scope, prefixLists, referencedPrefixLists),
    VpcEndpoints === undefined
      ? Promise.resolve(undefined)
      : collectDnsAttributes(client, scope, vpcsWithInterfaceEndpoints),
  ]);

  const inventory: Ec2Inventory = {};
  const assign = <K extends keyof Ec2Inventory>(key: K, value: Ec2Inventory[K] | undefined) => {
    if (value !== undefined) inventory[key] = value;
  };
  assign('Vpcs', Vpcs as Ec2Inventory['Vpcs']);
  assign('VpcAttributes', VpcAttributes);
  assign('Subnets', Subnets as Ec2Inventory['Subnets']);
  assign('RouteTables', RouteTables as Ec2Inventory['RouteTables']);
  assign('NetworkAcls', NetworkAcls as Ec2Inventory['NetworkAcls']);
  assign('SecurityGroups', SecurityGroups as Ec2Inventory['SecurityGroups']);
  assign('VpcEndpoints', VpcEndpoints as unknown as Ec2Inventory['VpcEndpoints']);
  assign('NetworkInterfaces', NetworkInterfaces as Ec2Inventory['NetworkInterfaces']);
  assign('ManagedPrefixLists', ManagedPrefixLists);
  if (VpnConnections.ok)
    assign(
      'VpnConnections',
      (VpnConnections.value.VpnConnections ?? []).map(
        withoutSecrets,
      ) as unknown as Ec2Inventory['VpnConnections'],
    );
  if (VpnGateways.ok)
    assign('VpnGateways', (VpnGateways.value.VpnGateways ?? []) as Ec2Inventory['VpnGateways']);
  if (CustomerGateways.ok)
    assign(
      'CustomerGateways',
      (CustomerGateways.value.CustomerGateways ?? []) as Ec2Inventory['CustomerGateways'],
    );
  assign('VpcPeeringConnections', VpcPeeringConnections as Ec2Inventory['VpcPeeringConnections']);
  return inventory;
}

/**
 * The one change made to an AWS item: a VPN connection's pre-shared keys (in its
 * tunnel options and in the customer gateway configuration document) never enter
 * a snapshot, which is a file people pass around.
 */
export function withoutSecrets(connection: VpnConnection): VpnConnection {
  const { CustomerGatewayConfiguration: _configuration, ...rest } = connection;
  if (rest.Options?.TunnelOptions === undefined) return rest;
  return {
    ...rest,
    Options: {
      ...rest.Options,
      TunnelOptions: rest.Options.TunnelOptions.map(({ PreSharedKey: _key, ...tunnel }) => tunnel),
    },
  };
}

async function collectEndpointInterfaces(client: EC2Client, scope: CallScope, interfaceIds: string[]) {
  const pages = await mapWithConcurrency(
    chunk([...new Set(interfaceIds)].sort(), EC2_MAX_FILTER_VALUES),
    PER_ITEM_CONCURRENCY,
    (ids) =>
      allPages(
        scope,
        'DescribeNetworkInterfaces',
        () =>
          paginateDescribeNetworkInterfaces(
            { client },
            {
              Filters: [{ Name: 'network-interface-id', Values: ids }],
              MaxResults: MAX_PAGE_SIZE['ec2:DescribeNetworkInterfaces'],
            },
          ),
        (page) => page.NetworkInterfaces,
      ),
  );
  if (pages.some((page) => page === undefined)) return undefined;
  return pages.flatMap((page) => page ?? []);
}

async function addPrefixListEntries(
  client: EC2Client,
  scope: CallScope,
  prefixLists: readonly { PrefixListId?: string }[],
  referenced: ReadonlySet<string>,
): Promise<PrefixListWithEntries[] | undefined> {
  const lists = prefixLists as PrefixListWithEntries[];
  const withEntries = await mapWithConcurrency(lists, PER_ITEM_CONCURRENCY, async (list) => {
    if (!referenced.has(list.PrefixListId)) return list;
    const entries = await allPages(
      scope,
      'GetManagedPrefixListEntries',
      () =>
        paginateGetManagedPrefixListEntries(
          { client },
          { PrefixListId: list.PrefixListId, MaxResults: MAX_PAGE_SIZE['ec2:GetManagedPrefixListEntries'] },
        ),
      (page) => page.Entries,
      { resourceId: list.PrefixListId },
    );
    // A list without Entries reads as "entries not collected"; the engine then answers unknown.
    return entries === undefined ? list : { ...list, Entries: entries };
  });
  return withEntries;
}

async function collectDnsAttributes(
  client: EC2Client,
  scope: CallScope,
  vpcIds: string[],
): Promise<Record<string, VpcDnsAttributes>> {
  const attributes: Record<string, VpcDnsAttributes> = {};
  await mapWithConcurrency(vpcIds, PER_ITEM_CONCURRENCY, async (vpcId) => {
    const [support, hostnames] = await Promise.all([
      call(
        scope,
        'DescribeVpcAttribute',
        () => client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
        vpcId,
      ),
      call(
        scope,
        'DescribeVpcAttribute',
        () => client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
        vpcId,
      ),
    ]);
    const entry: VpcDnsAttributes = {};
    if (support.ok && support.value.EnableDnsSupport?.Value !== undefined)
      entry.EnableDnsSupport = support.value.EnableDnsSupport.Value;
    if (hostnames.ok && hostnames.value.EnableDnsHostnames?.Value !== undefined) {
      entry.EnableDnsHostnames = hostnames.value.EnableDnsHostnames.Value;
    }
    attributes[vpcId] = entry;
  });
  return Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
}
