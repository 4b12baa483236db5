import { defineRule, type Finding } from '../../catalog/rule.js';
import { reach } from '../../network/reach.js';
import { resource } from '../resources.js';
import { idFromArn, privateAgents } from '../support/datasync.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, noSources } from '../support/reach-finding.js';
import { sourceNetworks } from '../support/sources.js';

/** Compliant when the agent networks reach the task network interfaces' subnets and groups on TCP 443 (DataSync network interfaces). */
export const taskInterfacesHttpsOpen = defineRule({
  id: 'DSYNC.6',
  slug: 'task-interfaces-https-open',
  title: 'DataSync agent can reach the task network interfaces on TCP 443',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/required-network-interfaces.html',
  inputs: ['datasync.Agents', ...REACH_INPUTS],
  evaluate(context) {
    const { agents, others } = privateAgents(context);
    const findings: Finding[] = [...others];
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const seen = new Set<string>();
    for (const agent of agents) {
      const groups = (agent.PrivateLinkConfig?.SecurityGroupArns ?? []).map(idFromArn);
      for (const subnetArn of agent.PrivateLinkConfig?.SubnetArns ?? []) {
        const subnetId = idFromArn(subnetArn);
        const key = `${subnetId} ${groups.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const ref = resource.subnet(context, subnetId);
        const subnet = index.subnets.get(subnetId);
        const sources = sourceNetworks(
          context.config.dataSync.sourceCidrs ?? context.config.sourceCidrs,
          'dataSync.sourceCidrs',
          context.inventory,
          subnet?.VpcId,
        );
        if (!sources.found) {
          findings.push(noSources(ref, sources.reason));
          continue;
        }
        const answers = sources.cidrs.map((network) => ({
          network,
          answer: reach(
            {
              direction: 'inbound',
              sources: [network],
              ports: { from: 443, to: 443 },
              ephemeral,
              subnetId,
              securityGroupIds: groups,
            },
            index,
          ),
        }));
        findings.push(
          judgeReach(answers, {
            resource: ref,
            sources,
            question: `TCP 443 from the agents to the task interfaces in ${subnetId}`,
            ephemeral,
          }),
        );
      }
    }
    return findings;
  },
});
