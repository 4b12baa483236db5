import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { backupBuckets, conditionValues, pinningDenies } from '../support/s3.js';

/** Compliant when every endpoint and VPC a bucket policy's Deny pins to exists, is an S3 endpoint, and is available (S3 example bucket policies for VPC endpoints). */
export const policyEndpointsExist = defineRule({
  id: 'S3PL.4',
  slug: 'policy-endpoints-exist',
  title: 'Bucket policy names only existing, available S3 endpoints and VPCs',
  severity: 'CRITICAL',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.Vpcs'],
  evaluate(context) {
    const endpoints = new Map((context.inventory.ec2?.VpcEndpoints ?? []).map((e) => [e.VpcEndpointId, e]));
    const vpcs = new Set((context.inventory.ec2?.Vpcs ?? []).map((v) => v.VpcId));
    return backupBuckets(context).flatMap((bucket): Finding[] => {
      const ref = resource.bucket(context, bucket.Name);
      const pinned = pinningDenies(context, bucket, ref);
      if ('findings' in pinned) return pinned.findings;
      const { denies } = pinned;
      if (denies.length === 0) return [];
      // The values of one condition key are OR'ed: one live endpoint or VPC keeps the path open.
      const dangling: string[] = [];
      const live: string[] = [];
      for (const statement of denies) {
        for (const id of conditionValues(statement, 'aws:SourceVpce')) {
          const endpoint = endpoints.get(id);
          if (endpoint === undefined) dangling.push(`${id} does not exist in ${context.region}`);
          else if (endpointService(endpoint) !== 's3')
            dangling.push(`${id} is an endpoint for ${endpoint.ServiceName}, not S3`);
          else if (!isAvailable(endpoint)) dangling.push(`${id} is ${endpoint.State}`);
          else live.push(`${id} (S3 endpoint, available)`);
        }
        for (const id of conditionValues(statement, 'aws:SourceVpc')) {
          if (!vpcs.has(id)) dangling.push(`${id} does not exist in ${context.region}`);
          else live.push(`${id} (VPC)`);
        }
      }
      if (dangling.length === 0)
        return [
          {
            status: 'PASSED',
            resource: ref,
            evidence: `the policy of ${bucket.Name} names ${live.join(', ')}`,
          },
        ];
      if (live.length > 0)
        return [
          {
            status: 'WARNING',
            resource: ref,
            evidence: `${bucket.Name}: ${dangling.join('; ')}; access still works through ${live.join(', ')}, but the stale id is a trap when the policy is next edited`,
            remediation: `Remove the stale ids (${dangling.map((d) => d.split(' ')[0]).join(', ')}) from the policy of ${bucket.Name}`,
          },
        ];
      return [
        {
          status: 'FAILED',
          resource: ref,
          evidence: `${bucket.Name}: ${dangling.join('; ')}; the policy denies the real path, and access is locked out`,
          remediation: `Update the policy of ${bucket.Name} to name the current S3 interface endpoint (as an administrator exempt from the Deny, or the account root)`,
        },
      ];
    });
  },
});
