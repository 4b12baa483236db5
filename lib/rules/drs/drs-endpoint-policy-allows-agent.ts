import { defineRule, type Finding } from '../../catalog/rule.js';
import { isFullAccessPolicy } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import { deniedByEndpointPolicy, endpointPolicyFinding } from '../support/endpoint-policy.js';
import { endpointService } from '../support/endpoints.js';

/** Private DRS APIs the replication agent calls (DRS user guide: private APIs used by AWS DRS). */
const AGENT_ACTIONS = [
  'drs:GetAgentCommandForDrs',
  'drs:GetAgentConfirmedResumeInfoForDrs',
  'drs:GetAgentInstallationAssetsForDrs',
  'drs:GetAgentReplicationInfoForDrs',
  'drs:GetAgentRuntimeConfigurationForDrs',
  'drs:GetAgentSnapshotCreditsForDrs',
  'drs:NotifyAgentAuthenticationForDrs',
  'drs:NotifyAgentConnectedForDrs',
  'drs:NotifyAgentDisconnectedForDrs',
  'drs:SendAgentLogsForDrs',
  'drs:SendAgentMetricsForDrs',
  'drs:UpdateAgentSourcePropertiesForDrs',
];

/** Compliant when a custom drs endpoint policy lets the agent create its session and call the DRS agent APIs (DRS installing the agent on a blocked network). */
export const drsEndpointPolicyAllowsAgent = defineRule({
  id: 'DRS.7',
  slug: 'drs-endpoint-policy-allows-agent',
  title: 'DRS endpoint policy lets the replication agent work',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/installing-agent-blocked.html',
  inputs: ['ec2.VpcEndpoints'],
  evaluate(context) {
    const endpoints = (context.inventory.ec2?.VpcEndpoints ?? []).filter(
      (e) =>
        e.VpcEndpointType === 'Interface' &&
        endpointService(e) === 'drs' &&
        e.State?.toLowerCase() !== 'deleted',
    );
    return endpoints.map((endpoint): Finding => {
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      if (isFullAccessPolicy(endpoint.PolicyDocument)) return { status: 'PASSED', resource: ref };
      const requests = [
        {
          action: 'execute-api:Invoke',
          resource: `arn:${context.partition}:execute-api:${context.region}:${context.accountId}:drs-agent-api/prod/POST/CreateSessionForDrs`,
          label: 'execute-api:Invoke on …/POST/CreateSessionForDrs',
        },
        ...AGENT_ACTIONS.map((action) => ({ action, resource: '*', label: action })),
      ];
      const answer = deniedByEndpointPolicy(context, endpoint, requests, 'hna-simulated-drs-agent');
      return endpointPolicyFinding(
        ref,
        endpoint,
        answer,
        () =>
          `Allow execute-api:Invoke on arn:${context.partition}:execute-api:*:*:*/POST/CreateSessionForDrs and the drs:*ForDrs agent actions in the policy of ${endpoint.VpcEndpointId}`,
      );
    });
  },
});
