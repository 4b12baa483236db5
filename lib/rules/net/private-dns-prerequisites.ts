import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { isDeleted } from '../support/endpoints.js';

/** Compliant when a VPC with a private-DNS interface endpoint has DNS support and DNS hostnames enabled (PrivateLink docs). */
export const privateDnsPrerequisites = defineRule({
  id: 'NET.3',
  slug: 'private-dns-prerequisites',
  title: 'VPCs with private DNS endpoints have DNS support and DNS hostnames enabled',
  severity: 'MEDIUM',
  source:
    'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns',
  inputs: ['ec2.VpcEndpoints', 'ec2.VpcAttributes'],
  evaluate(context) {
    const endpointsByVpc = new Map<string, string[]>();
    for (const endpoint of context.inventory.ec2?.VpcEndpoints ?? []) {
      if (endpoint.VpcEndpointType !== 'Interface' || !endpoint.PrivateDnsEnabled || isDeleted(endpoint))
        continue;
      if (endpoint.VpcId === undefined) continue;
      endpointsByVpc.set(endpoint.VpcId, [
        ...(endpointsByVpc.get(endpoint.VpcId) ?? []),
        endpoint.VpcEndpointId,
      ]);
    }
    const findings: Finding[] = [];
    for (const [vpcId, endpointIds] of endpointsByVpc) {
      const ref = resource.vpc(context, vpcId);
      const attributes = context.inventory.ec2?.VpcAttributes?.[vpcId];
      if (attributes?.EnableDnsSupport === undefined || attributes.EnableDnsHostnames === undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the DNS attributes of ${vpcId} were not collected (ec2.VpcAttributes["${vpcId}"])`,
        });
        continue;
      }
      const missing = [
        attributes.EnableDnsSupport ? undefined : 'enableDnsSupport',
        attributes.EnableDnsHostnames ? undefined : 'enableDnsHostnames',
      ].filter((name): name is string => name !== undefined);
      findings.push(
        missing.length === 0
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: `${vpcId} has enableDnsSupport and enableDnsHostnames true for ${endpointIds.join(', ')}`,
            }
          : {
              status: 'FAILED',
              resource: ref,
              evidence: `${vpcId} has ${missing.join(' and ')} false while ${endpointIds.join(', ')} ${endpointIds.length === 1 ? 'relies' : 'rely'} on private DNS`,
              remediation: `Set ${missing.join(' and ')} to true on ${vpcId} (aws ec2 modify-vpc-attribute --region ${context.region})`,
              // ModifyVpcAttribute changes one attribute per call.
              commands: missing.map((name) => ({
                operation: 'ModifyVpcAttribute' as const,
                input: {
                  VpcId: vpcId,
                  [name === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames']: { Value: true },
                },
              })),
            },
      );
    }
    return findings;
  },
});
