import { defineRule, type Finding } from '../../catalog/rule.js';
import { heldEndpoints } from '../../inventory/shared-network.js';
import { resource } from '../resources.js';
import { unheld } from '../support/dns.js';
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
    // Endpoints and VPCs of every audited account: a bucket pinned to a centralised endpoint
    // (docs/design/network-semantics.md, "Shared endpoints"), compared case-insensitively as IAM does.
    const endpoints = new Map(
      heldEndpoints(context.snapshot, context.accounts, context.region).map(
        ({ item, snapshot }) =>
          [item.VpcEndpointId.toLowerCase(), { item, owner: snapshot.accountId }] as const,
      ),
    );
    const vpcs = new Map<string, string | undefined>();
    for (const snapshot of context.accounts ?? [context.snapshot])
      for (const vpc of snapshot.regions?.[context.region]?.ec2?.Vpcs ?? [])
        if (!vpcs.has(vpc.VpcId.toLowerCase())) vpcs.set(vpc.VpcId.toLowerCase(), snapshot.accountId);
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
      const dangling: string[] = [];
      const live: string[] = [];
      // Ids no audited account holds while some account of the network was not audited.
      const notFound: string[] = [];
      const missing = (id: string) =>
        elsewhere.length > 0 ? notFound.push(id) : dangling.push(`${id} does not exist in ${context.region}`);
      for (const statement of denies) {
        for (const id of conditionValues(statement, 'aws:SourceVpce')) {
          const held = endpoints.get(id.toLowerCase());
          const endpoint = held?.item;
          if (endpoint === undefined) missing(id);
          else if (endpointService(endpoint) !== 's3')
            dangling.push(`${id} is an endpoint for ${endpoint.ServiceName}, not S3`);
          else if (!isAvailable(endpoint)) dangling.push(`${id} is ${endpoint.State}`);
          else live.push(`${id} (S3 endpoint, available${where(held?.owner)})`);
        }
        for (const id of conditionValues(statement, 'aws:SourceVpc')) {
          if (!vpcs.has(id.toLowerCase())) missing(id);
          else live.push(`${id} (VPC${where(vpcs.get(id.toLowerCase()))})`);
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
