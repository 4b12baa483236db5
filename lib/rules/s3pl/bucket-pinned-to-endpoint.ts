import { defineRule, type Finding } from '../../catalog/rule.js';
import { heldEndpoints } from '../../inventory/shared-network.js';
import { heldInterfaceEndpoints } from '../../network/names.js';
import { evaluatePolicy, PolicyError } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import { notFoundInAudit } from '../support/centralised.js';
import { nameScope, pinnedIdsOf } from '../support/dns.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { listOf } from '../support/evidence.js';
import {
  backupBuckets,
  bucketPolicy,
  conditionValues,
  patternMatches,
  policyNotRead,
  s3EndpointsServingRegion,
  simulatedNetwork,
  simulatedPrincipal,
} from '../support/s3.js';

/** A request through an endpoint of another account: a pin must deny it. */
const FOREIGN_ENDPOINT = { VpcEndpointId: 'vpce-0f0e1d2c3b4a59687', VpcId: 'vpc-0f0e1d2c3b4a59687' };

/** Compliant when the bucket policy denies requests that come neither through an allowed endpoint nor from an allowed VPC, and does not deny them through the interface endpoint (S3 bucket policies for VPC endpoints). */
export const bucketPinnedToEndpoint = defineRule({
  id: 'S3PL.3',
  slug: 'bucket-pinned-to-endpoint',
  title: 'Backup bucket accepts requests only through its interface endpoint',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.RouteTables', 'ec2.VpnGateways'],
  evaluate(context) {
    // Its own S3 interface endpoints serving this region (cross-region ones too) and the centralised ones of the other audited accounts.
    const endpoints = [
      ...s3EndpointsServingRegion(context, false),
      ...heldInterfaceEndpoints(nameScope(context))
        .filter(
          (h) =>
            h.accountId !== context.snapshot.accountId &&
            endpointService(h.endpoint) === 's3' &&
            isAvailable(h.endpoint),
        )
        .map((h) => h.endpoint),
    ];
    const heldIds = new Set(
      heldEndpoints(context.snapshot, context.accounts, context.region).map((h) =>
        h.item.VpcEndpointId.toLowerCase(),
      ),
    );
    // Endpoints by their id and by their VPC's id (lower case, as IAM compares these values).
    const byId = new Map<string, typeof endpoints>();
    for (const endpoint of endpoints)
      for (const key of [endpoint.VpcEndpointId, endpoint.VpcId])
        if (key !== undefined)
          byId.set(key.toLowerCase(), [...(byId.get(key.toLowerCase()) ?? []), endpoint]);
    const named = new Set(context.config.s3PrivateLink.buckets);
    return backupBuckets(context).map((bucket): Finding => {
      const ref = resource.bucket(context, bucket.Name);
      if (bucket.Policy === undefined)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: policyNotRead(context, bucket),
        };
      const policy = bucketPolicy(bucket);
      const unpinned = (why: string): Finding =>
        named.has(bucket.Name)
          ? {
              status: 'FAILED',
              resource: ref,
              evidence: `${bucket.Name} ${why}: requests that do not come through the interface endpoint are accepted`,
              remediation: `Add a Deny statement to the policy of ${bucket.Name} with "StringNotEquals": {"aws:SourceVpce": "<the S3 interface endpoint>"}, with an exception for administrators`,
            }
          : {
              status: 'NOT_APPLICABLE',
              resource: ref,
              evidence: `${bucket.Name} ${why} and is not named in s3PrivateLink.buckets: it is not judged as an endpoint-pinned backup bucket`,
            };
      if (policy === undefined) return unpinned('has no bucket policy');
      if (!policy.ok)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the policy of ${bucket.Name}: ${policy.reason}`,
        };
      const ask = (context_: ReturnType<typeof simulatedNetwork>) =>
        evaluatePolicy(policy.statements, {
          action: 's3:PutObject',
          resource: `arn:${context.partition}:s3:::${bucket.Name}/hna-simulated-object`,
          ...simulatedPrincipal(context, 'hna-simulated-backup-client'),
          context: context_,
        });
      try {
        const outside = ask(simulatedNetwork());
        if (outside.decision !== 'explicitly denied')
          return unpinned('does not deny requests without aws:SourceVpce');
        // A condition that any endpoint satisfies (StringNotLike aws:SourceVpce "vpce-*") pins nothing:
        // a request through another account's endpoint must be denied too.
        const foreign = ask(simulatedNetwork(FOREIGN_ENDPOINT));
        if (foreign.decision !== 'explicitly denied')
          return {
            status: 'FAILED',
            resource: ref,
            evidence: `${bucket.Name} denies requests without an endpoint (${outside.statements.join(', ')}) but not a request through another account's endpoint (${FOREIGN_ENDPOINT.VpcEndpointId} in ${FOREIGN_ENDPOINT.VpcId}, simulated): its condition is satisfied by any VPC endpoint, so it pins the bucket to none`,
            remediation: `In the Deny of ${bucket.Name}, compare aws:SourceVpce with StringNotEquals against the S3 interface endpoint's id (or aws:SourceVpc against your VPC ids), not with a pattern such as "vpce-*"`,
          };
        // Endpoints the policy names (or whose VPC it names) are tried first, and the first one let
        // through decides. Every endpoint that no value of an aws:SourceVpce / aws:SourceVpc
        // condition matches looks the same to the policy: one of them stands for all.
        const values = policy.statements.flatMap((statement) => [
          ...conditionValues(statement, 'aws:SourceVpce'),
          ...conditionValues(statement, 'aws:SourceVpc'),
        ]);
        const patterns = values.filter((value) => value.includes('*') || value.includes('?'));
        const mentioned = new Set<(typeof endpoints)[number]>();
        for (const value of values) {
          if (patterns.includes(value)) continue;
          for (const endpoint of byId.get(value.toLowerCase()) ?? []) mentioned.add(endpoint);
        }
        if (patterns.length > 0)
          for (const endpoint of endpoints)
            if (
              patterns.some(
                (value) =>
                  patternMatches(value, endpoint.VpcEndpointId) ||
                  (endpoint.VpcId !== undefined && patternMatches(value, endpoint.VpcId)),
              )
            )
              mentioned.add(endpoint);
        const named = new Set(
          policy.statements.flatMap((statement) => conditionValues(statement, 'aws:SourceVpce')),
        );
        const candidates = endpoints.filter((endpoint) => mentioned.has(endpoint));
        const representative = endpoints.find((endpoint) => !mentioned.has(endpoint));
        const unnamed = endpoints.length - mentioned.size;
        const ordered = [
          ...candidates.sort(
            (a, b) => Number(named.has(b.VpcEndpointId)) - Number(named.has(a.VpcEndpointId)),
          ),
          ...(representative === undefined ? [] : [representative]),
        ];
        const through: { endpoint: (typeof endpoints)[number]; verdict: ReturnType<typeof ask> }[] = [];
        for (const endpoint of ordered) {
          const verdict = ask(simulatedNetwork(endpoint));
          if (verdict.decision !== 'explicitly denied') {
            return {
              status: 'PASSED',
              resource: ref,
              evidence: `denied without an endpoint (${outside.statements.join(', ')}); not denied through ${endpoint.VpcEndpointId}`,
            };
          }
          through.push({ endpoint, verdict });
        }
        const notFound = notFoundInAudit(
          context,
          pinnedIdsOf(bucket).filter((id) => !heldIds.has(id)),
        );
        if (notFound !== undefined)
          return {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `${bucket.Name} denies requests without an endpoint (${outside.statements.join(', ')}) and through every endpoint the audit holds; it names ${notFound}`,
          };
        return {
          status: 'FAILED',
          resource: ref,
          evidence: `${bucket.Name} denies requests through every S3 interface endpoint (${listOf(through.map((t) => `${t.endpoint.VpcEndpointId}: ${t.verdict.statements.join(', ')}`)) || 'there is none'}${unnamed > 1 ? `; the ${unnamed - 1} other endpoints the policy does not name are denied alike` : ''})`,
          remediation: `Name the S3 interface endpoint in the aws:SourceVpce condition of the policy of ${bucket.Name}`,
        };
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the policy of ${bucket.Name} cannot be evaluated: ${error.message}`,
        };
      }
    });
  },
});
