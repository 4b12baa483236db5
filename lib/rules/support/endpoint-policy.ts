/** Questions to VPC endpoint policies: which of these requests would the endpoint refuse? */

import type { Finding, ResourceRef, RuleContext } from '../../catalog/rule.js';
import type { Ec2VpcEndpoint } from '../../inventory/types.js';
import { evaluatePolicy, PolicyError, parsePolicy } from '../../policy/evaluate.js';
import { simulatedNetwork, simulatedPrincipal } from './s3.js';

export interface EndpointRequest {
  action: string;
  resource: string;
  label: string;
  /** An unsigned request: no principal, no account, no organization in its context. */
  anonymous?: boolean;
}

export type EndpointPolicyAnswer =
  | { ok: true; denied: string[]; allowed: string[] }
  | { ok: false; reason: string };

export function deniedByEndpointPolicy(
  context: RuleContext,
  endpoint: Ec2VpcEndpoint,
  requests: readonly EndpointRequest[],
  principal: string,
): EndpointPolicyAnswer {
  try {
    const statements = parsePolicy(endpoint.PolicyDocument ?? '');
    const verdicts = requests.map((request) => ({
      label: request.label,
      verdict: evaluatePolicy(statements, {
        action: request.action,
        resource: request.resource,
        ...(request.anonymous ? {} : simulatedPrincipal(context, principal)),
        context: simulatedNetwork(endpoint),
      }),
    }));
    const allowed = verdicts.filter((v) => v.verdict.decision === 'allowed');
    return {
      ok: true,
      denied: verdicts.filter((v) => v.verdict.decision !== 'allowed').map((v) => v.label),
      allowed: [
        `${allowed.length} of ${requests.length} requests (${[...new Set(allowed.flatMap((v) => v.verdict.statements))].join(', ')})`,
      ],
    };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { ok: false, reason: error.message };
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
  if (answer.denied.length === 0)
    return {
      status: 'PASSED',
      resource: ref,
      evidence: `the policy of ${endpoint.VpcEndpointId} allows ${answer.allowed.join(', ')} (simulated)`,
    };
  return {
    status: 'FAILED',
    resource: ref,
    evidence: `the policy of ${endpoint.VpcEndpointId} denies ${answer.denied.join(', ')}`,
    remediation: remediation(answer.denied),
  };
}

/** An endpoint with AWS's default policy allows every request: say so, as the evidence of a PASSED. */
export function fullAccessFinding(ref: ResourceRef, endpoint: Ec2VpcEndpoint): Finding {
  return {
    status: 'PASSED',
    resource: ref,
    evidence: `${endpoint.VpcEndpointId} has ${endpoint.PolicyDocument === undefined ? 'no policy (AWS applies full access)' : 'the default full-access policy'}`,
  };
}
