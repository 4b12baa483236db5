import { defineRule } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { isPrivateAgent } from '../support/datasync.js';

/** Compliant when the DataSync agent is activated with a PrivateLink (VPC) service endpoint (DataSync: choose a service endpoint). */
export const agentUsesPrivateEndpoint = defineRule({
  id: 'DSYNC.1',
  slug: 'agent-uses-private-endpoint',
  title: 'DataSync agent is activated through a VPC (PrivateLink) endpoint',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/choose-service-endpoint.html',
  inputs: ['datasync.Agents'],
  evaluate(context) {
    return (context.inventory.datasync?.Agents ?? []).map((agent) => {
      const ref = resource.dataSyncAgent(agent.AgentArn);
      if (isPrivateAgent(agent))
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `agent ${agent.Name ?? agent.AgentArn} uses a ${agent.EndpointType} endpoint${agent.PrivateLinkConfig?.VpcEndpointId ? ` (${agent.PrivateLinkConfig.VpcEndpointId})` : ''}`,
        };
      if (agent.EndpointType === undefined) {
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `DescribeAgent returned no EndpointType for ${agent.AgentArn}`,
        };
      }
      if (!context.config.dataSync.requirePrivateLink) {
        return {
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `agent uses a ${agent.EndpointType} endpoint and dataSync.requirePrivateLink is false`,
        };
      }
      return {
        status: 'FAILED',
        resource: ref,
        evidence: `agent ${agent.Name ?? agent.AgentArn} was activated with a ${agent.EndpointType} service endpoint; its traffic crosses the internet`,
        remediation:
          'Activate a new agent through a DataSync interface VPC endpoint (an agent cannot change its endpoint type), or set dataSync.requirePrivateLink to false',
      };
    });
  },
});
