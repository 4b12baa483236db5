import { defineRule, type Finding } from '../../catalog/rule.js';
import { isFullAccessPolicy } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import {
  deniedByEndpointPolicy,
  endpointPolicyFinding,
  fullAccessFinding,
} from '../support/endpoint-policy.js';
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

/**
 * Concrete CreateSessionForDrs requests matched by the resource patterns AWS publishes:
 * "Installing the agent on a secured network" (`arn:aws:execute-api:<region>:*.*` followed by
 * `/POST/CreateSessionForDrs`) and the DRS FAQ (`arn:aws:execute-api:<region>::*` followed by the
 * same path). Under IAM's
 * segment-wise ARN matching no single ARN matches both, so each form is simulated.
 */
function createSessionResources(partition: string, region: string) {
  return [
    {
      action: 'execute-api:Invoke',
      resource: `arn:${partition}:execute-api:${region}:drs-agent.session/POST/CreateSessionForDrs`,
      label: `execute-api:Invoke on arn:${partition}:execute-api:${region}:*.*/POST/CreateSessionForDrs`,
    },
    {
      action: 'execute-api:Invoke',
      resource: `arn:${partition}:execute-api:${region}::drs-agent-session/POST/CreateSessionForDrs`,
      label: `execute-api:Invoke on arn:${partition}:execute-api:${region}::*/POST/CreateSessionForDrs`,
    },
  ];
}

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
      if (isFullAccessPolicy(endpoint.PolicyDocument)) return fullAccessFinding(ref, endpoint);
      const sessions = createSessionResources(context.partition, context.region);
      const agentActions = AGENT_ACTIONS.map((action) => ({ action, resource: '*', label: action }));
      // AWS publishes two resource forms for the session call; a policy written after either works.
      const answers = sessions.map((session) =>
        deniedByEndpointPolicy(context, endpoint, [session, ...agentActions], 'hna-simulated-drs-agent'),
      );
      const answer =
        answers.find((a) => a.ok && a.denied.length === 0) ??
        answers.find((a) => !a.ok) ??
        (answers[0] as (typeof answers)[number]);
      return endpointPolicyFinding(
        ref,
        endpoint,
        answer,
        () =>
          `Allow execute-api:Invoke on arn:${context.partition}:execute-api:${context.region}:*.*/POST/CreateSessionForDrs (as the DRS guide publishes it) and the drs:*ForDrs agent actions in the policy of ${endpoint.VpcEndpointId}`,
      );
    });
  },
});
