import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { endpointService, SCENARIO_ENDPOINT_SERVICES } from '../support/endpoints.js';

const WAITING = new Set(['pending', 'pendingacceptance']);
const BROKEN = new Set(['failed', 'rejected', 'expired', 'deleting', 'deleted']);

/** Compliant when every drs, ec2, s3 and datasync VPC endpoint is in state available (PrivateLink docs). */
export const endpointAvailable = defineRule({
  id: 'NET.1',
  slug: 'endpoint-available',
  title: 'VPC endpoints used by the hybrid scenarios are available',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html',
  inputs: ['ec2.VpcEndpoints'],
  evaluate(context) {
    const findings: Finding[] = [];
    for (const endpoint of context.inventory.ec2?.VpcEndpoints ?? []) {
      const service = endpointService(endpoint);
      if (service === undefined || !SCENARIO_ENDPOINT_SERVICES.has(service)) continue;
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      const state = endpoint.State ?? '(none)';
      const normalized = state.toLowerCase();
      const subject =
        `${endpoint.VpcEndpointType ?? ''} endpoint for ${endpoint.ServiceName} in ${endpoint.VpcId}`.trim();
      if (normalized === 'available') {
        findings.push({ status: 'PASSED', resource: ref, evidence: `${subject} is in state ${state}` });
      } else if (BROKEN.has(normalized)) {
        findings.push({
          status: 'FAILED',
          resource: ref,
          evidence: `${subject} is in state ${state}; traffic through it fails`,
          remediation: `Recreate or repair ${endpoint.VpcEndpointId} (state ${state}) so that it becomes available`,
        });
      } else {
        findings.push({
          status: 'WARNING',
          resource: ref,
          evidence: `${subject} is in state ${state}, not yet available`,
          remediation: WAITING.has(normalized)
            ? `Accept the endpoint connection or wait for ${endpoint.VpcEndpointId} to become available`
            : `Check ${endpoint.VpcEndpointId} in the VPC console; it must reach state available`,
        });
      }
    }
    return findings;
  },
});
