import type { Finding, RuleContext } from '../../catalog/rule.js';
import type { DataSyncAgent } from '../../inventory/types.js';
import { resource } from '../resources.js';

const PRIVATE = new Set(['PRIVATE_LINK', 'FIPS_PRIVATE_LINK']);

export function isPrivateAgent(agent: DataSyncAgent): boolean {
  return PRIVATE.has(agent.EndpointType ?? '');
}

/**
 * Splits the agents into those activated through a VPC endpoint and the findings
 * for the others: NOT_APPLICABLE for public agents, NOT_AVAILABLE when the
 * endpoint type is unknown.
 */
export function privateAgents(context: RuleContext): { agents: DataSyncAgent[]; others: Finding[] } {
  const agents: DataSyncAgent[] = [];
  const others: Finding[] = [];
  for (const agent of context.inventory.datasync?.Agents ?? []) {
    const ref = resource.dataSyncAgent(agent.AgentArn);
    if (isPrivateAgent(agent)) agents.push(agent);
    else if (agent.EndpointType === undefined) {
      others.push({
        status: 'NOT_AVAILABLE',
        resource: ref,
        evidence: `DescribeAgent returned no EndpointType for ${agent.AgentArn}`,
      });
    } else {
      others.push({
        status: 'NOT_APPLICABLE',
        resource: ref,
        evidence: `agent uses a ${agent.EndpointType} service endpoint`,
      });
    }
  }
  return { agents, others };
}

/** `arn:aws:ec2:eu-west-1:123:subnet/subnet-0a` → `subnet-0a`. */
export function idFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
