import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { privateAgents } from '../support/datasync.js';
import { endpointService, isAvailable } from '../support/endpoints.js';

/** Compliant when the agent's PrivateLink settings name an available DataSync interface endpoint and one of its addresses (DataSync network requirements). */
export const agentEndpointValid = defineRule({
  id: 'DSYNC.2',
  slug: 'agent-endpoint-valid',
  title: 'DataSync agent points at an existing, available DataSync endpoint',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['datasync.Agents', 'ec2.VpcEndpoints', 'ec2.NetworkInterfaces'],
  evaluate(context) {
    const { agents, others } = privateAgents(context);
    const endpoints = new Map((context.inventory.ec2?.VpcEndpoints ?? []).map((e) => [e.VpcEndpointId, e]));
    const interfaces = new Map(
      (context.inventory.ec2?.NetworkInterfaces ?? []).map((n) => [n.NetworkInterfaceId, n]),
    );
    const findings: Finding[] = [...others];
    for (const agent of agents) {
      const ref = resource.dataSyncAgent(agent.AgentArn);
      const endpointId = agent.PrivateLinkConfig?.VpcEndpointId;
      const address = agent.PrivateLinkConfig?.PrivateLinkEndpoint;
      const fail = (evidence: string, remediation: string) =>
        findings.push({ status: 'FAILED', resource: ref, evidence, remediation });
      if (endpointId === undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: 'DescribeAgent returned no PrivateLinkConfig.VpcEndpointId',
        });
        continue;
      }
      const endpoint = endpoints.get(endpointId);
      const service = endpoint === undefined ? undefined : endpointService(endpoint);
      if (endpoint === undefined) {
        fail(
          `the agent was activated through ${endpointId}, which does not exist in ${context.region}`,
          `Recreate a DataSync interface endpoint and activate a new agent through it (${endpointId} is gone)`,
        );
      } else if (
        endpoint.VpcEndpointType !== 'Interface' ||
        (service !== 'datasync' && service !== 'datasync-fips')
      ) {
        fail(
          `${endpointId} is a ${endpoint.VpcEndpointType ?? '?'} endpoint for ${endpoint.ServiceName}, not a DataSync interface endpoint`,
          'Activate the agent through an interface endpoint for com.amazonaws.<region>.datasync',
        );
      } else if (!isAvailable(endpoint)) {
        fail(`${endpointId} is in state ${endpoint.State}`, `Make ${endpointId} available again (see NET.1)`);
      } else if (endpoint.NetworkInterfaceIds === undefined) {
        // Not read (or known only after a planned change is applied): unknown, never "it has none".
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the network interfaces of ${endpointId} (NetworkInterfaceIds) are not in the snapshot: whether the agent's address is one of them is unknown`,
        });
      } else {
        const addresses = endpoint.NetworkInterfaceIds.flatMap((id) => {
          const eni = interfaces.get(id);
          return (eni?.PrivateIpAddresses ?? [])
            .map((a) => a.PrivateIpAddress)
            .concat(eni?.PrivateIpAddress ?? []);
        });
        if (address === undefined) {
          findings.push({
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence:
              'DescribeAgent returned no PrivateLinkConfig.PrivateLinkEndpoint: the address the agent talks to is unknown',
          });
        } else if (!addresses.includes(address)) {
          fail(
            `the agent talks to ${address}, which is not an address of ${endpointId} (it has ${[...new Set(addresses)].join(', ') || 'none in the snapshot'})`,
            `Activate the agent again through ${endpointId}; its network interfaces changed since activation`,
          );
        } else {
          findings.push({
            status: 'PASSED',
            resource: ref,
            evidence: `${endpointId} is an available ${service} interface endpoint and ${address} is one of its addresses`,
          });
        }
      }
    }
    return findings;
  },
});
