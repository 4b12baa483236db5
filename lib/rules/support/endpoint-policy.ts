/** Questions to VPC endpoint policies: which of these requests would the endpoint refuse? */

import type { Finding, ResourceRef, RuleContext } from '../../catalog/rule.js';
import type { Ec2VpcEndpoint } from '../../inventory/types.js';
import { evaluatePolicy, parsePolicy } from '../../policy/evaluate.js';
import { simulatedPrincipal } from './s3.js';

export interface EndpointRequest {
  action: string;
  resource: string;
  label: string;
}

export type EndpointPolicyAnswer = { ok: true; denied: string[] } | { ok: false; reason: string };

export function deniedByEndpointPolicy(
  context: RuleContext,
  endpoint: Ec2VpcEndpoint,
  requests: readonly EndpointRequest[],
  principal: string,
): EndpointPolicyAnswer {
  try {
    const statements = parsePolicy(endpoint.PolicyDocument ?? '');
    const denied = requests
      .filter(
        (request) =>
          evaluatePolicy(statements, {
            action: request.action,
            resource: request.resource,
            ...simulatedPrincipal(context, principal),
            context: {
              'aws:SourceVpce': endpoint.VpcEndpointId,
              ...(endpoint.VpcId ? { 'aws:SourceVpc': endpoint.VpcId } : {}),
            },
          }).decision !== 'allowed',
      )
      .map((request) => request.label);
    return { ok: true, denied };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The finding for a simulated endpoint policy: what it denies, and the fix built from it. */
export function endpointPolicyFinding(
  ref: ResourceRef,
  endpoint: Ec2VpcEndpoint,
  answer: EndpointPolicyAnswer,
  remediation: (denied: string[]) => string,
): Finding {
  if (!answer.ok)
    return {
      status: 'NOT_AVAILABLE',
      resource: ref,
      evidence: `the policy of ${endpoint.VpcEndpointId}: ${answer.reason}`,
    };
  if (answer.denied.length === 0) return { status: 'PASSED', resource: ref };
  return {
    status: 'FAILED',
    resource: ref,
    evidence: `the policy of ${endpoint.VpcEndpointId} denies ${answer.denied.join(', ')}`,
    remediation: remediation(answer.denied),
  };
}
