/**
 * Transit gateways of one region (snapshot-format.md): the gateways, their attachments
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
  const [routes, Associations, Propagations] = await Promise.all([
    call(
      scope,
      'SearchTransitGatewayRoutes',
      () =>
        client.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: id,
            Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
            // No MaxResults: the API's default is its maximum (1000), and it does not page.
          }),
        ),
      id,
    ),
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
  let Routes: TransitGatewayRouteTableWithRoutes['Routes'];
  if (routes.ok) {
    if (routes.value.AdditionalRoutesAvailable) {
      // The API does not page this list: a table with more routes than one answer is not listed in part.
      scope.log.fail(
        { region: scope.region, service: 'ec2', operation: 'SearchTransitGatewayRoutes', resourceId: id },
        {
          name: 'AdditionalRoutesAvailable',
          message: `${id} has more routes than one SearchTransitGatewayRoutes answer holds`,
        },
      );
    } else Routes = (routes.value.Routes ?? []) as TransitGatewayRouteTableWithRoutes['Routes'];
  }
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
