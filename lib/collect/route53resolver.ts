import {
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  type Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { Route53ResolverInventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

/**
 * Route 53 Resolver: the endpoints, each with its addresses (ListResolverEndpointIpAddresses:
 * the only call that names them, one per endpoint — an endpoint has at most six), the rules
 * (shared through AWS RAM ones included: ListResolverRules answers them with their ShareStatus)
 * and the rules' VPC associations. Every list at the largest page size the API accepts.
 */
export async function collectRoute53Resolver(
  client: Route53ResolverClient,
  region: string,
  log: CollectionLog,
): Promise<Route53ResolverInventory> {
  const scope: CallScope = { log, region, service: 'route53resolver' };
  const [endpoints, rules, associations] = await Promise.all([
    allPages(
      scope,
      'ListResolverEndpoints',
      () =>
        paginateListResolverEndpoints(
          { client },
          { MaxResults: MAX_PAGE_SIZE['route53resolver:ListResolverEndpoints'] },
        ),
      (page) => page.ResolverEndpoints,
    ),
    allPages(
      scope,
      'ListResolverRules',
      () =>
        paginateListResolverRules(
          { client },
          { MaxResults: MAX_PAGE_SIZE['route53resolver:ListResolverRules'] },
        ),
      (page) => page.ResolverRules,
    ),
    allPages(
      scope,
      'ListResolverRuleAssociations',
      () =>
        paginateListResolverRuleAssociations(
          { client },
          { MaxResults: MAX_PAGE_SIZE['route53resolver:ListResolverRuleAssociations'] },
        ),
      (page) => page.ResolverRuleAssociations,
    ),
  ]);
  const withAddresses =
    endpoints === undefined
      ? undefined
      : await mapWithConcurrency(endpoints, 8, async (endpoint) => {
          const addresses = await allPages(
            scope,
            'ListResolverEndpointIpAddresses',
            () =>
              paginateListResolverEndpointIpAddresses(
                { client },
                {
                  ResolverEndpointId: endpoint.Id,
                  MaxResults: MAX_PAGE_SIZE['route53resolver:ListResolverEndpointIpAddresses'],
                },
              ),
            (page) => page.IpAddresses,
            endpoint.Id === undefined ? {} : { resourceId: endpoint.Id },
          );
          // Addresses not read stay absent: "unknown", never "none".
          return addresses === undefined ? endpoint : { ...endpoint, IpAddresses: addresses };
        });
  return {
    ...(withAddresses === undefined
      ? {}
      : { ResolverEndpoints: withAddresses as Route53ResolverInventory['ResolverEndpoints'] }),
    ...(rules === undefined ? {} : { ResolverRules: rules as Route53ResolverInventory['ResolverRules'] }),
    ...(associations === undefined
      ? {}
      : {
          ResolverRuleAssociations: associations as Route53ResolverInventory['ResolverRuleAssociations'],
        }),
  };
}
