import { DataSyncClient, DescribeAgentCommand, ListAgentsCommand } from '@aws-sdk/client-datasync';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { collectDataSync } from '../../lib/collect/datasync.js';
import { CollectionLog } from '../../lib/collect/log.js';

const dataSync = mockClient(DataSyncClient);
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => dataSync.restore());
const arn = (n: number) =>
  `arn:aws:datasync:eu-west-1:123456789012:agent/agent-${String(n).padStart(17, '0')}`;
const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });

describe('collectDataSync', () => {
  beforeEach(() => dataSync.reset());

  it('pages ListAgents at 100 and describes every agent once', async () => {
    // Prepare: 150 agents over two pages
    const arns = Array.from({ length: 150 }, (_, i) => arn(i));
    dataSync
      .on(ListAgentsCommand, { MaxResults: 100, NextToken: undefined })
      .resolves({ Agents: arns.slice(0, 100).map((AgentArn) => ({ AgentArn })), NextToken: 'page-2' })
      .on(ListAgentsCommand, { MaxResults: 100, NextToken: 'page-2' })
      .resolves({ Agents: arns.slice(100).map((AgentArn) => ({ AgentArn })) });
    dataSync.on(DescribeAgentCommand).callsFake(async (input) => ({
      $metadata: {},
      AgentArn: input.AgentArn,
      Status: 'ONLINE',
      EndpointType: 'PRIVATE_LINK',
      LastConnectionTime: new Date('2026-11-22T02:00:00Z'),
    }));
    const log = new CollectionLog();
    // Act
    const inventory = await collectDataSync(new DataSyncClient({ region: 'eu-west-1' }), 'eu-west-1', log);
    // Assess
    expect(inventory.Agents).toHaveLength(150);
    expect(inventory.Agents?.[0]).not.toHaveProperty('$metadata');
    expect(log.callCounts()).toEqual({ 'datasync:DescribeAgent': 150, 'datasync:ListAgents': 2 });
    expect(log.errors).toEqual([]);
  });

  it('records a failed DescribeAgent with its agent and keeps the others', async () => {
    dataSync.on(ListAgentsCommand).resolves({ Agents: [{ AgentArn: arn(1) }, { AgentArn: arn(2) }] });
    dataSync.on(DescribeAgentCommand, { AgentArn: arn(1) }).resolves({ AgentArn: arn(1), Status: 'ONLINE' });
    dataSync.on(DescribeAgentCommand, { AgentArn: arn(2) }).rejects(denied);
    const log = new CollectionLog();
    const inventory = await collectDataSync(new DataSyncClient({ region: 'eu-west-1' }), 'eu-west-1', log);
    expect(inventory.Agents?.map((a) => a.AgentArn)).toEqual([arn(1)]);
    expect(log.errors).toEqual([
      {
        region: 'eu-west-1',
        service: 'datasync',
        operation: 'DescribeAgent',
        code: 'AccessDeniedException',
        message: 'not authorized',
        resourceId: arn(2),
      },
    ]);
  });

  it('leaves Agents absent, not empty, when ListAgents fails', async () => {
    dataSync.on(ListAgentsCommand).rejects(denied);
    const log = new CollectionLog();
    const inventory = await collectDataSync(new DataSyncClient({ region: 'eu-west-1' }), 'eu-west-1', log);
    expect(inventory).toEqual({});
    expect(log.errors.map((e) => `${e.operation}:${e.code}`)).toEqual(['ListAgents:AccessDeniedException']);
    expect(log.callCounts()).toEqual({ 'datasync:ListAgents': 1 });
  });
});
