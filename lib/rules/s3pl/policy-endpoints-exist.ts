import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { endpointService, endpointServiceRegion, isAvailable } from '../support/endpoints.js';
import {
  backupBuckets,
  conditionEntries,
  endpointsAnywhere,
  patternMatches,
  pinningDenies,
} from '../support/s3.js';

/** Compliant when every endpoint and VPC a bucket policy's Deny pins to exists, is an S3 endpoint, and is available (S3 example bucket policies for VPC endpoints). */
export const policyEndpointsExist = defineRule({
  id: 'S3PL.4',
  slug: 'policy-endpoints-exist',
  title: 'Bucket policy names only existing, available S3 endpoints and VPCs',
  severity: 'CRITICAL',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.Vpcs'],
  evaluate(context) {
    const endpoints = endpointsAnywhere(context);
    const lowerEndpoints = new Map([...endpoints].map(([id, found]) => [id.toLowerCase(), found]));
    const vpcs = new Set(
      Object.values(context.snapshot.regions ?? { [context.region]: context.inventory }).flatMap(
        (inventory) => (inventory.ec2?.Vpcs ?? []).map((v) => v.VpcId),
      ),
    );
    for (const vpc of context.inventory.ec2?.Vpcs ?? []) vpcs.add(vpc.VpcId);
    const lowerVpcs = new Set([...vpcs].map((id) => id.toLowerCase()));
    return backupBuckets(context).flatMap((bucket): Finding[] => {
      const ref = resource.bucket(context, bucket.Name);
      const pinned = pinningDenies(context, bucket, ref);
      if ('findings' in pinned) return pinned.findings;
      const { denies } = pinned;
      if (denies.length === 0) return [];
      // The values of one condition key are OR'ed: one live endpoint or VPC keeps the path open.
      // An ...IgnoreCase operator names an id whatever its case, as IAM compares it.
      const dangling: string[] = [];
      const live: string[] = [];
      for (const statement of denies) {
        for (const { value: id, ignoreCase, pattern } of conditionEntries(statement, 'aws:SourceVpce')) {
          const matching = pattern
            ? [...endpoints.values()].filter((found) => patternMatches(id, found.endpoint.VpcEndpointId))
            : [(ignoreCase ? lowerEndpoints.get(id.toLowerCase()) : endpoints.get(id)) ?? []].flat();
          const serving = matching.find(
            (found) =>
              endpointService(found.endpoint) === 's3' &&
              isAvailable(found.endpoint) &&
              endpointServiceRegion(found.endpoint, found.region) === context.region,
          );
          const first = matching[0];
          if (serving !== undefined)
            live.push(
              `${id} (S3 endpoint, available${serving.region === context.region ? '' : `, in ${serving.region} serving ${context.region}`})`,
            );
          else if (first === undefined) dangling.push(`${id} does not exist in ${context.region}`);
          else if (endpointService(first.endpoint) !== 's3')
            dangling.push(`${id} is an endpoint for ${first.endpoint.ServiceName}, not S3`);
          else if (!isAvailable(first.endpoint)) dangling.push(`${id} is ${first.endpoint.State}`);
          else
            dangling.push(
              `${id} serves S3 in ${endpointServiceRegion(first.endpoint, first.region)}, not ${context.region}`,
            );
        }
        for (const { value: id, ignoreCase } of conditionEntries(statement, 'aws:SourceVpc')) {
          if (!(ignoreCase ? lowerVpcs.has(id.toLowerCase()) : vpcs.has(id)))
            dangling.push(`${id} does not exist in ${context.region}`);
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
