import { defineRule, type Finding } from '../../catalog/rule.js';
import { heldEndpoints } from '../../inventory/shared-network.js';
import type { Ec2VpcEndpoint } from '../../inventory/types.js';
import { resource } from '../resources.js';
import { unheld } from '../support/dns.js';
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
    // Endpoints of this account in every region (a cross-region endpoint serves its
    // ServiceRegion), and of every audited account in this region: a bucket pinned to a
    // centralised endpoint (docs/design/network-semantics.md, "Shared endpoints").
    const endpoints = new Map<
      string,
      { endpoint: Ec2VpcEndpoint; region: string; owner: string | undefined }
    >();
    for (const { item, snapshot } of heldEndpoints(context.snapshot, context.accounts, context.region))
      endpoints.set(item.VpcEndpointId, {
        endpoint: item,
        region: context.region,
        owner: snapshot.accountId,
      });
    for (const [id, found] of endpointsAnywhere(context))
      endpoints.set(id, { ...found, owner: context.accountId });
    const lowerEndpoints = new Map([...endpoints].map(([id, found]) => [id.toLowerCase(), found]));
    const vpcs = new Map<string, string | undefined>();
    for (const vpc of context.inventory.ec2?.Vpcs ?? []) vpcs.set(vpc.VpcId, context.accountId);
    for (const inventory of Object.values(context.snapshot.regions ?? {}))
      for (const vpc of inventory.ec2?.Vpcs ?? [])
        if (!vpcs.has(vpc.VpcId)) vpcs.set(vpc.VpcId, context.accountId);
    for (const snapshot of context.accounts ?? [context.snapshot])
      for (const vpc of snapshot.regions?.[context.region]?.ec2?.Vpcs ?? [])
        if (!vpcs.has(vpc.VpcId)) vpcs.set(vpc.VpcId, snapshot.accountId);
    const lowerVpcs = new Map([...vpcs].map(([id, owner]) => [id.toLowerCase(), owner]));
    const elsewhere = unheld(context);
    const where = (owner: string | undefined) =>
      owner === undefined || owner === context.accountId ? '' : ` in account ${owner}`;
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
      // Ids no audited account holds while some account of the network was not audited.
      const notFound: string[] = [];
      const missing = (id: string) =>
        elsewhere.length > 0 ? notFound.push(id) : dangling.push(`${id} does not exist in ${context.region}`);
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
              `${id} (S3 endpoint, available${serving.region === context.region ? '' : `, in ${serving.region} serving ${context.region}`}${where(serving.owner)})`,
            );
          else if (first === undefined) missing(id);
          else if (endpointService(first.endpoint) !== 's3')
            dangling.push(`${id} is an endpoint for ${first.endpoint.ServiceName}, not S3`);
          else if (!isAvailable(first.endpoint)) dangling.push(`${id} is ${first.endpoint.State}`);
          else
            dangling.push(
              `${id} serves S3 in ${endpointServiceRegion(first.endpoint, first.region)}, not ${context.region}`,
            );
        }
        for (const { value: id, ignoreCase } of conditionEntries(statement, 'aws:SourceVpc')) {
          const owner = ignoreCase ? lowerVpcs.get(id.toLowerCase()) : vpcs.get(id);
          const known = ignoreCase ? lowerVpcs.has(id.toLowerCase()) : vpcs.has(id);
          if (!known) missing(id);
          else live.push(`${id} (VPC${where(owner)})`);
        }
      }
      if (notFound.length > 0 && live.length === 0 && dangling.length === 0)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the policy of ${bucket.Name} names ${notFound.join(', ')}, not found in the audited accounts (${elsewhere.join(', ')} not audited): audit them together (hna audit --snapshot … --snapshot …) to judge whether the pinned path exists`,
          },
        ];
      if (notFound.length > 0 && dangling.length === 0)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the policy of ${bucket.Name} names ${live.join(', ')}, and ${notFound.join(', ')}, not found in the audited accounts (${elsewhere.join(', ')} not audited)`,
          },
        ];
      if (notFound.length > 0 && live.length === 0)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `${bucket.Name}: ${dangling.join('; ')}; ${notFound.join(', ')}, not found in the audited accounts (${elsewhere.join(', ')} not audited), may still carry the access: audit them together to judge it`,
          },
        ];
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
