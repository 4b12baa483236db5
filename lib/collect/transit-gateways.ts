/**
 * Transit gateways of one region (docs/design/snapshot-format.md): the gateways, their attachments
 * (VPC attachments with their subnets), and their route tables, each with its routes
 * (SearchTransitGatewayRoutes, state active or blackhole), associations and propagations.
 * The fewest calls: the largest page sizes, and three calls per route table.
 */
import {
  type EC2Client,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateGetTransitGatewayRouteTableAssociations,
  paginateGetTransitGatewayRouteTablePropagations,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import type { Ec2Inventory, TransitGatewayRouteTableWithRoutes } from '../inventory/types.js';
import { formatAddress, parseCidr } from '../ip/cidr.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

const PER_TABLE_CONCURRENCY = 4;

type TransitGatewayLists = Pick<
  Ec2Inventory,
  | 'TransitGateways'
  | 'TransitGatewayAttachments'
  | 'TransitGatewayVpcAttachments'
  | 'TransitGatewayRouteTables'
>;

export async function collectTransitGateways(
  client: EC2Client,
  region: string,
  log: CollectionLog,
): Promise<TransitGatewayLists> {
  const scope: CallScope = { log, region, service: 'ec2' };
  const config = { client };
  const [TransitGateways, TransitGatewayAttachments, TransitGatewayVpcAttachments, tables] =
    await Promise.all([
      allPages(
        scope,
        'DescribeTransitGateways',
        () =>
          paginateDescribeTransitGateways(config, {
            MaxResults: MAX_PAGE_SIZE['ec2:DescribeTransitGateways'],
          }),
        (page) => page.TransitGateways,
      ),
      allPages(
        scope,
        'DescribeTransitGatewayAttachments',
        () =>
          paginateDescribeTransitGatewayAttachments(config, {
            MaxResults: MAX_PAGE_SIZE['ec2:DescribeTransitGatewayAttachments'],
          }),
        (page) => page.TransitGatewayAttachments,
      ),
      allPages(
        scope,
        'DescribeTransitGatewayVpcAttachments',
        () =>
          paginateDescribeTransitGatewayVpcAttachments(config, {
            MaxResults: MAX_PAGE_SIZE['ec2:DescribeTransitGatewayVpcAttachments'],
          }),
        (page) => page.TransitGatewayVpcAttachments,
      ),
      allPages(
        scope,
        'DescribeTransitGatewayRouteTables',
        () =>
          paginateDescribeTransitGatewayRouteTables(config, {
            MaxResults: MAX_PAGE_SIZE['ec2:DescribeTransitGatewayRouteTables'],
          }),
        (page) => page.TransitGatewayRouteTables,
      ),
    ]);
  const TransitGatewayRouteTables =
    tables === undefined
      ? undefined
      : await mapWithConcurrency(tables, PER_TABLE_CONCURRENCY, (table) => withRoutes(client, scope, table));
  return {
    ...(TransitGateways
      ? { TransitGateways: TransitGateways as NonNullable<TransitGatewayLists['TransitGateways']> }
      : {}),
    ...(TransitGatewayAttachments
      ? {
          TransitGatewayAttachments: TransitGatewayAttachments as NonNullable<
            TransitGatewayLists['TransitGatewayAttachments']
          >,
        }
      : {}),
    ...(TransitGatewayVpcAttachments
      ? {
          TransitGatewayVpcAttachments: TransitGatewayVpcAttachments as NonNullable<
            TransitGatewayLists['TransitGatewayVpcAttachments']
          >,
        }
      : {}),
    ...(TransitGatewayRouteTables ? { TransitGatewayRouteTables } : {}),
  };
}

/** One table's routes, associations and propagations; a part that fails is left absent and recorded. */
async function withRoutes(
  client: EC2Client,
  scope: CallScope,
  table: unknown,
): Promise<TransitGatewayRouteTableWithRoutes> {
  const item = table as TransitGatewayRouteTableWithRoutes;
  const id = item.TransitGatewayRouteTableId;
  const config = { client };
  const [Routes, Associations, Propagations] = await Promise.all([
    searchAllRoutes(client, scope, id),
    allPages(
      scope,
      'GetTransitGatewayRouteTableAssociations',
      () =>
        paginateGetTransitGatewayRouteTableAssociations(config, {
          TransitGatewayRouteTableId: id,
          MaxResults: MAX_PAGE_SIZE['ec2:GetTransitGatewayRouteTableAssociations'],
        }),
      (page) => page.Associations,
      { resourceId: id },
    ),
    allPages(
      scope,
      'GetTransitGatewayRouteTablePropagations',
      () =>
        paginateGetTransitGatewayRouteTablePropagations(config, {
          TransitGatewayRouteTableId: id,
          MaxResults: MAX_PAGE_SIZE['ec2:GetTransitGatewayRouteTablePropagations'],
        }),
      (page) => page.TransitGatewayRouteTablePropagations,
      { resourceId: id },
    ),
  ]);
  return {
    ...item,
    ...(Routes ? { Routes } : {}),
    ...(Associations
      ? { Associations: Associations as TransitGatewayRouteTableWithRoutes['Associations'] }
      : {}),
    ...(Propagations
      ? { Propagations: Propagations as TransitGatewayRouteTableWithRoutes['Propagations'] }
      : {}),
  };
}

type Route = NonNullable<TransitGatewayRouteTableWithRoutes['Routes']>[number];

/** A bound on the searches of one table: 1,000 routes an answer, so far beyond any quota. */
const MAX_SEARCHES = 512;

/**
 * Every active and blackhole route of a table. SearchTransitGatewayRoutes answers at most
 * 1,000 routes and does not page; when an answer says more are available, the search is
 * split: the route exactly at the block, and the routes inside each half of it, until
 * every answer is whole (a route inside a block has a longer prefix, so it lies in one
 * half). Any failed search leaves the routes absent, recorded: never a part of the table.
 * Prefix-list routes of a table that needs the split are not found this way, and are said so.
 */
async function searchAllRoutes(
  client: EC2Client,
  scope: CallScope,
  id: string,
): Promise<TransitGatewayRouteTableWithRoutes['Routes']> {
  let searches = 0;
  const search = (filters: { Name: string; Values: string[] }[]) => {
    searches += 1;
    return call(
      scope,
      'SearchTransitGatewayRoutes',
      () =>
        client.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: id,
            Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }, ...filters],
            // No MaxResults: the API's default is its maximum (1000), and it does not page.
          }),
        ),
      id,
    );
  };
  const first = await search([]);
  if (!first.ok) return undefined;
  if (!first.value.AdditionalRoutesAvailable) return (first.value.Routes ?? []) as Route[];
  const found = new Map<string, Route>();
  const keep = (answer: { Routes?: unknown[] }) => {
    for (const route of (answer.Routes ?? []) as Route[])
      if (route.DestinationCidrBlock) found.set(route.DestinationCidrBlock, route);
  };
  // Level by level, the blocks of a level searched together.
  let level = ['0.0.0.0/0', '::/0'];
  while (level.length > 0) {
    if (searches + 2 * level.length > MAX_SEARCHES)
      return incomplete(scope, id, `more than ${MAX_SEARCHES} searches`);
    const answers = await Promise.all(
      level.map(async (block) => {
        const inside = await search([{ Name: 'route-search.subnet-of-match', Values: [block] }]);
        if (!inside.ok) return { failed: true as const };
        keep(inside.value);
        if (!inside.value.AdditionalRoutesAvailable) return { failed: false as const, split: [] };
        const exact = await search([{ Name: 'route-search.exact-match', Values: [block] }]);
        if (!exact.ok) return { failed: true as const };
        keep(exact.value);
        return { failed: false as const, split: splitBlock(block) };
      }),
    );
    if (answers.some((answer) => answer.failed)) return undefined;
    const next: string[] = [];
    for (const answer of answers) {
      if (answer.failed) continue;
      if (answer.split === undefined)
        return incomplete(scope, id, 'a single address holds more routes than an answer');
      next.push(...answer.split);
    }
    level = next;
  }
  const prefixListRoutes = ((first.value.Routes ?? []) as Route[]).filter((r) => !r.DestinationCidrBlock);
  if (prefixListRoutes.length > 0)
    return incomplete(scope, id, 'its prefix-list routes are not found by CIDR searches');
  return [...found.values()];
}

function incomplete(scope: CallScope, id: string, why: string): undefined {
  scope.log.fail(
    { region: scope.region, service: 'ec2', operation: 'SearchTransitGatewayRoutes', resourceId: id },
    { name: 'AdditionalRoutesAvailable', message: `the routes of ${id} could not all be listed: ${why}` },
  );
  return undefined;
}

/** The two halves of a CIDR block, or undefined for a single address. */
function splitBlock(text: string): [string, string] | undefined {
  const parsed = parseCidr(text);
  if (!parsed.ok) return undefined;
  const { cidr } = parsed;
  const bits = cidr.family === 4 ? 32 : 128;
  if (cidr.prefix >= bits) return undefined;
  const half = 1n << BigInt(bits - cidr.prefix - 1);
  const prefix = cidr.prefix + 1;
  return [
    `${formatAddress(cidr.family, cidr.first)}/${prefix}`,
    `${formatAddress(cidr.family, cidr.first + half)}/${prefix}`,
  ];
}
