/** DSYNC.4, .5 and .8 ask the same question of each agent endpoint, on different ports. */

import type { Finding, RuleContext } from '../../catalog/rule.js';
import type { PortRange } from '../../network/reach.js';
import { reachEndpoint } from '../../network/reach.js';
import { resource } from '../resources.js';
import { privateAgents } from './datasync.js';
import { ephemeralPorts, networkIndex } from './network.js';
import { judgeReach, type NetworkAnswer, noSources, portsText } from './reach-finding.js';
import { sourceNetworks } from './sources.js';

export function agentEndpointReach(
  context: RuleContext,
  ports: PortRange,
  explain?: (answers: readonly NetworkAnswer[]) => string | undefined,
): Finding[] {
  const { agents, others } = privateAgents(context);
  const findings: Finding[] = [...others];
  const index = networkIndex(context);
  const endpointIds = [
    ...new Set(agents.flatMap((agent) => agent.PrivateLinkConfig?.VpcEndpointId ?? [])),
  ].sort();
  for (const endpointId of endpointIds) {
    const ref = resource.vpcEndpoint(context, endpointId);
    const endpoint = index.endpoints.get(endpointId);
    if (endpoint === undefined) {
      findings.push({
        status: 'NOT_AVAILABLE',
        resource: ref,
        evidence: `${endpointId} is not in the snapshot (see DSYNC.2)`,
      });
      continue;
    }
    const sources = sourceNetworks(
      context.config.dataSync.sourceCidrs ?? context.config.sourceCidrs,
      'dataSync.sourceCidrs',
      context.inventory,
      endpoint.VpcId,
    );
    if (!sources.found) {
      findings.push(noSources(ref, sources.reason));
      continue;
    }
    const ephemeral = ephemeralPorts(context);
    const answers = sources.cidrs.map((network) => ({
      network,
      answer: reachEndpoint(
        { direction: 'inbound', sources: [network], ports, ephemeral },
        endpointId,
        index,
      ),
    }));
    findings.push(
      judgeReach(answers, {
        resource: ref,
        sources,
        question: `TCP ${portsText(ports)} from the agents to ${endpointId}`,
        ephemeral,
        ...(explain === undefined ? {} : { explain }),
      }),
    );
  }
  return findings;
}
