import { defineRule } from '../../catalog/rule.js';
import { resource } from '../resources.js';

/** Compliant when the DataSync agent's status is ONLINE (DataSync API_DescribeAgent). */
export const agentOnline = defineRule({
  id: 'DSYNC.3',
  slug: 'agent-online',
  title: 'DataSync agent is online',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/API_DescribeAgent.html',
  inputs: ['datasync.Agents'],
  evaluate(context) {
    return (context.inventory.datasync?.Agents ?? []).map((agent) => {
      const ref = resource.dataSyncAgent(agent.AgentArn ?? '');
      if (agent.Status === 'ONLINE')
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `agent ${agent.Name ?? agent.AgentArn} is ONLINE`,
        };
      if (agent.Status === 'OFFLINE') {
        const since = agent.LastConnectionTime ? `; last connected ${agent.LastConnectionTime}` : '';
        return {
          status: 'FAILED',
          resource: ref,
          evidence: `agent ${agent.Name ?? agent.AgentArn} is OFFLINE${since}`,
          remediation:
            'Check that the agent VM is running and can reach its VPC endpoint on TCP 443 and 1024-1064 (see DSYNC.4, DSYNC.5)',
        };
      }
      return {
        status: 'NOT_AVAILABLE',
        resource: ref,
        evidence: `DescribeAgent returned no Status for ${agent.AgentArn}`,
      };
    });
  },
});
