import type { DataSyncAgent } from '../../lib/inventory/types.js';
import { agentOnline } from '../../lib/rules/dsync/agent-online.js';
import { snapshotOf } from '../support/fixtures.js';
import { ruleTable } from '../support/rule-table.js';

const arn = (id: string) => `arn:aws:datasync:eu-west-1:123456789012:agent/${id}`;
const agent = (id: string, Status?: string): DataSyncAgent => ({
  AgentArn: arn(id),
  Name: id,
  ...(Status === undefined ? {} : { Status }),
  LastConnectionTime: '2026-11-19T17:42:00.000Z',
  EndpointType: 'PRIVATE_LINK',
});

ruleTable(agentOnline, {
  valid: [
    {
      name: 'online agents',
      snapshot: snapshotOf({ datasync: { Agents: [agent('a1', 'ONLINE'), agent('a2', 'ONLINE')] } }),
      resources: [arn('a1'), arn('a2')],
    },
    { name: 'no agents', snapshot: snapshotOf({ datasync: { Agents: [] } }), resources: [] },
  ],
  invalid: [
    {
      name: 'offline agent, with its last connection',
      snapshot: snapshotOf({ datasync: { Agents: [agent('a1', 'ONLINE'), agent('a2', 'OFFLINE')] } }),
      resourceId: arn('a2'),
      status: 'FAILED',
      evidence: 'agent a2 is OFFLINE; last connected 2026-11-19T17:42:00.000Z',
    },
    {
      name: 'no status in the response',
      snapshot: snapshotOf({ datasync: { Agents: [agent('a3')] } }),
      resourceId: arn('a3'),
      status: 'NOT_AVAILABLE',
      evidence: 'no Status',
    },
    {
      name: 'DescribeAgent failed for one agent',
      snapshot: snapshotOf(
        { datasync: { Agents: [agent('a1', 'ONLINE')] } },
        {
          errors: [
            {
              region: 'eu-west-1',
              service: 'datasync',
              operation: 'DescribeAgent',
              code: 'AccessDeniedException',
              message: 'no',
              resourceId: arn('a9'),
            },
          ],
        },
      ),
      resourceId: arn('a9'),
      status: 'NOT_AVAILABLE',
      evidence:
        'datasync DescribeAgent failed for arn:aws:datasync:eu-west-1:123456789012:agent/a9: AccessDeniedException',
    },
    {
      name: 'ListAgents failed',
      snapshot: snapshotOf(
        { datasync: {} },
        {
          errors: [
            {
              region: 'eu-west-1',
              service: 'datasync',
              operation: 'ListAgents',
              code: 'ThrottlingException',
              message: 'Rate exceeded',
            },
          ],
        },
      ),
      resourceId: '123456789012',
      status: 'NOT_AVAILABLE',
      evidence: 'datasync ListAgents failed: ThrottlingException',
    },
  ],
});
