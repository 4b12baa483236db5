import { type DataSyncClient, DescribeAgentCommand, paginateListAgents } from '@aws-sdk/client-datasync';
import type { DataSyncInventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call, withoutMetadata } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

/** ListAgents, then one DescribeAgent per agent: only DescribeAgent tells the endpoint type and PrivateLink settings. */
export async function collectDataSync(
  client: DataSyncClient,
  region: string,
  log: CollectionLog,
): Promise<DataSyncInventory> {
  const scope: CallScope = { log, region, service: 'datasync' };
  const listed = await allPages(
    scope,
    'ListAgents',
    () => paginateListAgents({ client }, { MaxResults: MAX_PAGE_SIZE['datasync:ListAgents'] }),
    (page) => page.Agents,
  );
  if (listed === undefined) return {};
  const described = await mapWithConcurrency(listed, 8, (agent) =>
    call(
      scope,
      'DescribeAgent',
      () => client.send(new DescribeAgentCommand({ AgentArn: agent.AgentArn })),
      agent.AgentArn,
    ),
  );
  // An agent whose DescribeAgent failed is left out here and reported through `errors`.
  const Agents = described.flatMap((outcome) => (outcome.ok ? [withoutMetadata(outcome.value)] : []));
  return { Agents: Agents as DataSyncInventory['Agents'] };
}
