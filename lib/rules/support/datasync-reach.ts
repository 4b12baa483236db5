/** DSYNC.4, .5 and .8 ask the same question of each agent endpoint, on different ports. */

import type { Finding, RuleContext } from '../../catalog/rule.js';
import type { DataSyncAgent, Ec2VpcEndpoint } from '../../inventory/types.js';
import type { PortRange } from '../../network/reach.js';
import { reachEndpoint } from '../../network/reach.js';
import { portRangeText } from '../../vocabulary/port-ranges.js';
import { resource } from '../resources.js';
import { privateAgents } from './datasync.js';
import { inventoryIndex } from './inventory-index.js';
import { ephemeralPorts, networkIndex } from './network.js';
import { judgeReach, type NetworkAnswer, noSources } from './reach-finding.js';
import { sourceNetworks } from './sources.js';

/**
 * The subnets of the endpoint interfaces the agents talk to: an agent uses only the
 * address chosen at activation (`PrivateLinkConfig.PrivateLinkEndpoint`). All subnets
 * of the endpoint when some agent's address is unknown or matches no interface.
 */
function agentInterfaces(
  context: RuleContext,
  endpoint: Ec2VpcEndpoint,
  agents: readonly DataSyncAgent[],
): { subnetIds?: string[]; label: string } {
  const known = inventoryIndex(context.inventory).networkInterfaces;
  const interfaces = [...new Set(endpoint.NetworkInterfaceIds ?? [])].flatMap((id) => known.get(id) ?? []);
  const chosen = agents.map((agent) => {
    const address = agent.PrivateLinkConfig?.PrivateLinkEndpoint;
    return interfaces.find(
      (n) =>
        n.PrivateIpAddress === address ||
        (n.PrivateIpAddresses ?? []).some((a) => a.PrivateIpAddress === address),
    );
  });
  if (chosen.length === 0 || chosen.some((n) => n?.SubnetId === undefined)) return { label: '' };
  const found = chosen as { SubnetId: string; PrivateIpAddress?: string; NetworkInterfaceId?: string }[];
  return {
    subnetIds: [...new Set(found.map((n) => n.SubnetId))],
    label: ` (the interface the agents were activated with: ${[...new Set(found.map((n) => `${n.NetworkInterfaceId} ${n.PrivateIpAddress} in ${n.SubnetId}`))].join(', ')})`,
  };
}

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
    const target = agentInterfaces(
      context,
      endpoint,
      agents.filter((agent) => agent.PrivateLinkConfig?.VpcEndpointId === endpointId),
    );
    const answers = sources.cidrs.map((network) => ({
      network,
      answer: reachEndpoint(
        { direction: 'inbound', sources: [network], ports, ephemeral },
        endpointId,
        index,
        target.subnetIds,
      ),
    }));
    findings.push(
      judgeReach(answers, {
        resource: ref,
        sources,
        question: `TCP ${portRangeText(ports)} from the agents to ${endpointId}${target.label}`,
        ephemeral,
        ...(explain === undefined ? {} : { explain }),
      }),
    );
  }
  return findings;
}
