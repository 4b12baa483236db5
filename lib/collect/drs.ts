/**
 * Elastic Disaster Recovery. The only @aws-sdk/client-drs on the registry here is
 * 3.523.0, which brings its own older @smithy/* packages; npm nests them under it,
 * so this module is the one place that touches that client, and it uses nothing
 * from it but its own commands and paginators (see docs/decisions/drs-client.md).
 */
import {
  type DrsClient,
  GetReplicationConfigurationCommand,
  paginateDescribeReplicationConfigurationTemplates,
  paginateDescribeSourceServers,
} from '@aws-sdk/client-drs';
import type { DrsInventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call, errorCode, withoutMetadata } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

/** DRS answers this when it was never initialized in the region: it is then simply not in use. */
const NOT_INITIALIZED = 'UninitializedAccountException';

export async function collectDrs(
  client: DrsClient,
  region: string,
  log: CollectionLog,
): Promise<DrsInventory> {
  const scope: CallScope = { log, region, service: 'drs' };
  const tolerate = (error: unknown) => (errorCode(error) === NOT_INITIALIZED ? [] : undefined);
  const [templates, servers] = await Promise.all([
    allPages(
      scope,
      'DescribeReplicationConfigurationTemplates',
      () =>
        paginateDescribeReplicationConfigurationTemplates(
          { client },
          { maxResults: MAX_PAGE_SIZE['drs:DescribeReplicationConfigurationTemplates'] },
        ),
      (page) => page.items,
      { tolerate },
    ),
    allPages(
      scope,
      'DescribeSourceServers',
      () =>
        paginateDescribeSourceServers(
          { client },
          { filters: {}, maxResults: MAX_PAGE_SIZE['drs:DescribeSourceServers'] },
        ),
      (page) => page.items,
      { tolerate },
    ),
  ]);
  const inventory: DrsInventory = {};
  if (templates !== undefined)
    inventory.ReplicationConfigurationTemplates =
      templates as DrsInventory['ReplicationConfigurationTemplates'];
  if (servers === undefined) return inventory;
  inventory.SourceServers = servers as DrsInventory['SourceServers'];
  const configurations = await mapWithConcurrency(servers, 8, (server) =>
    call(
      scope,
      'GetReplicationConfiguration',
      () => client.send(new GetReplicationConfigurationCommand({ sourceServerID: server.sourceServerID })),
      server.sourceServerID,
    ),
  );
  inventory.ReplicationConfigurations = configurations.flatMap((outcome) =>
    outcome.ok ? [withoutMetadata(outcome.value)] : [],
  ) as DrsInventory['ReplicationConfigurations'];
  return inventory;
}
