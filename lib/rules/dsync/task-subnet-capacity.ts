import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { idFromArn, privateAgents } from '../support/datasync.js';

/** Compliant when each task subnet has 4 free addresses per concurrent task of every agent that uses it (DataSync network interfaces). */
export const taskSubnetCapacity = defineRule({
  id: 'DSYNC.7',
  slug: 'task-subnet-capacity',
  title: 'DataSync task subnet has free addresses for the task network interfaces',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/required-network-interfaces.html',
  inputs: ['datasync.Agents', 'ec2.Subnets'],
  evaluate(context) {
    const { agents, others } = privateAgents(context);
    const findings: Finding[] = [...others];
    const agentsBySubnet = new Map<string, string[]>();
    for (const agent of agents) {
      for (const arn of agent.PrivateLinkConfig?.SubnetArns ?? []) {
        const subnetId = idFromArn(arn);
        agentsBySubnet.set(subnetId, [...(agentsBySubnet.get(subnetId) ?? []), agent.Name ?? agent.AgentArn]);
      }
    }
    const subnets = new Map((context.inventory.ec2?.Subnets ?? []).map((s) => [s.SubnetId, s]));
    const perAgent = 4 * context.config.dataSync.concurrentTasksPerAgent;
    for (const [subnetId, names] of [...agentsBySubnet].sort(([a], [b]) => a.localeCompare(b))) {
      const ref = resource.subnet(context, subnetId);
      const free = subnets.get(subnetId)?.AvailableIpAddressCount;
      if (free === undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${subnetId} (task subnet of ${names.join(', ')}) is not in the snapshot`,
        });
        continue;
      }
      const needed = perAgent * names.length;
      findings.push(
        free >= needed
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: `${subnetId} has ${free} free addresses; ${names.length} agent(s) × ${context.config.dataSync.concurrentTasksPerAgent} task(s) × 4 network interfaces need ${needed}`,
            }
          : {
              status: 'FAILED',
              resource: ref,
              evidence: `${subnetId} has ${free} free addresses; ${names.length} agent(s) (${names.join(', ')}) × ${context.config.dataSync.concurrentTasksPerAgent} task(s) × 4 network interfaces need ${needed}`,
              remediation: `Free at least ${needed - free} addresses in ${subnetId}, or activate the agents with a larger subnet`,
            },
      );
    }
    return findings;
  },
});
