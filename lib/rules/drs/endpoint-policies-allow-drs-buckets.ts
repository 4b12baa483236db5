import { defineRule, type Finding } from '../../catalog/rule.js';
import { isFullAccessPolicy } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import { DRS_INPUTS, replicationSettings } from '../support/drs.js';
import {
  deniedByEndpointPolicy,
  endpointPolicyFinding,
  fullAccessFinding,
} from '../support/endpoint-policy.js';
import { endpointService } from '../support/endpoints.js';

/**
 * The buckets the agent's installer and its hashes come from: the installer downloads them
 * with anonymous (unsigned) HTTPS GETs, so a policy that admits only principals of an
 * account or organization denies them (DRS "Installing the agent on a secured network").
 */
const ANONYMOUS_BUCKETS = new Set(['aws-drs-clients', 'aws-drs-clients-hashes']);

/** The AWS-owned buckets the agent and replication servers read (DRS network requirements). */
const DRS_BUCKETS = [
  'aws-drs-clients',
  'aws-drs-clients-hashes',
  'aws-drs-internal',
  'aws-drs-internal-hashes',
  'aws-elastic-disaster-recovery',
  'aws-elastic-disaster-recovery-hashes',
];

/** Compliant when custom S3 endpoint policies in the DRS VPCs allow s3:GetObject on the DRS buckets of the region (DRS network requirements). */
export const endpointPoliciesAllowDrsBuckets = defineRule({
  id: 'DRS.6',
  slug: 'endpoint-policies-allow-drs-buckets',
  title: 'S3 endpoint policies let DRS download from its buckets',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html',
  inputs: [...DRS_INPUTS, 'ec2.Subnets', 'ec2.VpcEndpoints'],
  evaluate(context) {
    const subnets = new Map((context.inventory.ec2?.Subnets ?? []).map((s) => [s.SubnetId, s]));
    const vpcs = new Set(
      replicationSettings(context).flatMap(
        ({ settings }) => subnets.get(settings.stagingAreaSubnetId ?? '')?.VpcId ?? [],
      ),
    );
    const endpoints = (context.inventory.ec2?.VpcEndpoints ?? []).filter(
      (e) =>
        e.VpcId !== undefined &&
        vpcs.has(e.VpcId) &&
        endpointService(e) === 's3' &&
        e.State?.toLowerCase() !== 'deleted',
    );
    return endpoints.map((endpoint): Finding => {
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      if (isFullAccessPolicy(endpoint.PolicyDocument)) return fullAccessFinding(ref, endpoint);
      const requests = DRS_BUCKETS.map((prefix) => {
        const bucket = `${prefix}-${context.region}`;
        const anonymous = ANONYMOUS_BUCKETS.has(prefix);
        return {
          action: 's3:GetObject',
          resource: `arn:${context.partition}:s3:::${bucket}/hna-simulated-object`,
          label: `s3:GetObject on ${bucket}${anonymous ? ' (anonymous, as the agent installer downloads)' : ''}`,
          anonymous,
        };
      });
      const answer = deniedByEndpointPolicy(
        context,
        endpoint,
        requests,
        'AWSElasticDisasterRecoveryReplicationServerRole',
      );
      return endpointPolicyFinding(
        ref,
        endpoint,
        answer,
        (denied) =>
          `Allow s3:GetObject on ${denied.map((d) => `arn:${context.partition}:s3:::${d.replace('s3:GetObject on ', '').replace(/ \(anonymous.*$/, '')}/*`).join(', ')} in the policy of ${endpoint.VpcEndpointId}${denied.some((d) => d.includes('(anonymous')) ? ', for every principal ("Principal": "*"): the installer downloads without signing' : ''}`,
      );
    });
  },
});
