import { defineRule, type Finding } from '../../catalog/rule.js';
import { isFullAccessPolicy } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import {
  deniedByEndpointPolicy,
  endpointPolicyFinding,
  fullAccessFinding,
} from '../support/endpoint-policy.js';
import { backupBuckets, s3InterfaceEndpoints } from '../support/s3.js';

/** Compliant when a custom S3 interface endpoint policy allows the backup software's object and list actions on every backup bucket (S3 PrivateLink endpoint policies). */
export const endpointPolicyAllowsBackup = defineRule({
  id: 'S3PL.6',
  slug: 'endpoint-policy-allows-backup',
  title: 'S3 interface endpoint policy allows the backup actions',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.RouteTables', 'ec2.VpnGateways'],
  evaluate(context) {
    const buckets = backupBuckets(context);
    if (buckets.length === 0) return [];
    return s3InterfaceEndpoints(context).map((endpoint): Finding => {
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      if (isFullAccessPolicy(endpoint.PolicyDocument)) return fullAccessFinding(ref, endpoint);
      const arn = (name: string) => `arn:${context.partition}:s3:::${name}`;
      const requests = buckets.flatMap((bucket) => [
        ...['s3:PutObject', 's3:GetObject', 's3:DeleteObject'].map((action) => ({
          action,
          resource: `${arn(bucket.Name)}/hna-simulated-object`,
          label: `${action} on ${bucket.Name}/*`,
        })),
        { action: 's3:ListBucket', resource: arn(bucket.Name), label: `s3:ListBucket on ${bucket.Name}` },
      ]);
      const answer = deniedByEndpointPolicy(context, endpoint, requests, 'hna-simulated-backup-client');
      return endpointPolicyFinding(
        ref,
        endpoint,
        answer,
        (denied) =>
          `Allow ${[...new Set(denied.map((d) => d.split(' ')[0]))].join(', ')} on the backup buckets in the policy of ${endpoint.VpcEndpointId}`,
      );
    });
  },
});
