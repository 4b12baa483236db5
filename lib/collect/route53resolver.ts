import { paginateListResolverEndpoints, type Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { Route53ResolverInventory } from '../inventory/types.js';
import { allPages, type CallScope, type CollectionLog } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

export async function collectRoute53Resolver(
  client: Route53ResolverClient,
  region: string,
  log: CollectionLog,
): Promise<Route53ResolverInventory> {
  const scope: CallScope = { log, region, service: 'route53resolver' };
  const endpoints = await allPages(
    scope,
    'ListResolverEndpoints',
    () =>
      paginateListResolverEndpoints(
        { client },
        { MaxResults: MAX_PAGE_SIZE['route53resolver:ListResolverEndpoints'] },
      ),
    (page) => page.ResolverEndpoints,
  );
  return endpoints === undefined
    ? {}
    : { ResolverEndpoints: endpoints as Route53ResolverInventory['ResolverEndpoints'] };
}
