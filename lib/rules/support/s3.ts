/** Backup buckets and S3 interface endpoints of the S3PL scenario, and their policies. */

import type { Finding, ResourceRef, RuleContext } from '../../catalog/rule.js';
import type { Ec2VpcEndpoint, SnapshotBucket } from '../../inventory/types.js';
import { PolicyError, type PolicyStatement, parsePolicy } from '../../policy/evaluate.js';
import { matchesWildcard } from '../../policy/wildcard.js';
import { endpointService, endpointServiceRegion, isAvailable } from './endpoints.js';
import { isHybridVpc } from './sources.js';

const PINNING_KEYS = ['aws:sourcevpce', 'aws:sourcevpc'];

/** The condition values of the statement for a key, whatever the operator. */
export function conditionValues(statement: PolicyStatement, key: string): string[] {
  return conditionEntries(statement, key).map((entry) => entry.value);
}

/**
 * Whether a condition value could match an id, read as the widest of IAM's string operators
 * (StringLike, case-insensitive): `vpce-*` matches every endpoint id. Over-matching only
 * costs a simulation; the simulation decides.
 */
export function patternMatches(pattern: string, value: string): boolean {
  return matchesWildcard(pattern, value, true);
}

export function pinningStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements.filter((s) => PINNING_KEYS.some((key) => conditionValues(s, key).length > 0));
}

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; reason: string };

export function bucketPolicy(bucket: SnapshotBucket): ParsedPolicy | undefined {
  if (bucket.Policy === undefined || bucket.Policy === null) return undefined;
  try {
    return { ok: true, statements: parsePolicy(bucket.Policy) };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { ok: false, reason: error.message };
  }
}

const policyErrors = new WeakMap<object, Map<string, string>>();

/** The error code of a failed GetBucketPolicy for the bucket, if it failed. */
function policyReadError(context: RuleContext, bucket: SnapshotBucket): string | undefined {
  let byBucket = policyErrors.get(context.snapshot);
  if (byBucket === undefined) {
    // Indexed once per snapshot: an account may hold 10,000 buckets.
    byBucket = new Map();
    for (const error of context.snapshot.errors ?? [])
      if (
        error.operation === 'GetBucketPolicy' &&
        error.resourceId !== undefined &&
        !byBucket.has(error.resourceId)
      )
        byBucket.set(error.resourceId, error.code);
    policyErrors.set(context.snapshot, byBucket);
  }
  return byBucket.get(bucket.Name);
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled']);

/**
 * Why a bucket's policy is missing from the snapshot. A policy that denies every request
 * outside its endpoint also denies the auditor's GetBucketPolicy (an explicit Deny beats
 * the role's Allow): say so, and name the exemption that lets the auditor read it.
 */
export function policyNotRead(context: RuleContext, bucket: SnapshotBucket): string {
  const code = policyReadError(context, bucket);
  if (code !== undefined && DENIED.has(code))
    return `the policy of ${bucket.Name} denies the auditor (GetBucketPolicy: ${code}), as a Deny pinned to a VPC endpoint does for every caller outside it; add the hna member role (arn:${context.partition}:iam::${context.accountId}:role/hna-member-audit, or the RoleName you deployed) to the aws:PrincipalArn exemption of that Deny`;
  return `the policy of ${bucket.Name} was not read${code === undefined ? '' : ` (GetBucketPolicy: ${code})`}`;
}

/**
 * Buckets named in s3PrivateLink.buckets, plus buckets whose policy conditions on
 * aws:SourceVpce or aws:SourceVpc, plus buckets whose policy denied the auditor (most
 * likely such a policy: they are reported NOT_AVAILABLE, never left out).
 */
export function backupBuckets(context: RuleContext): SnapshotBucket[] {
  const named = new Set(context.config.s3PrivateLink.buckets);
  return (context.snapshot.s3?.Buckets ?? []).filter((bucket) => {
    if (bucket.BucketRegion !== context.region) return false;
    if (named.has(bucket.Name)) return true;
    if (bucket.Policy === undefined) return DENIED.has(policyReadError(context, bucket) ?? '');
    const policy = bucketPolicy(bucket);
    return policy?.ok === true && pinningStatements(policy.statements).length > 0;
  });
}

export function s3InterfaceEndpoints(context: RuleContext, onlyHybrid = true): Ec2VpcEndpoint[] {
  return (context.inventory.ec2?.VpcEndpoints ?? []).filter(
    (e) =>
      e.VpcEndpointType === 'Interface' &&
      endpointService(e) === 's3' &&
      isAvailable(e) &&
      (!onlyHybrid || (e.VpcId !== undefined && isHybridVpc(context.inventory, e.VpcId))),
  );
}

/**
 * The S3 interface endpoints that serve the rule's region (its buckets): those of every
 * region of the snapshot whose service region is this one, a cross-region endpoint
 * (`ServiceRegion`) included, each judged hybrid in the region it sits in.
 */
export function s3EndpointsServingRegion(context: RuleContext, onlyHybrid = true): Ec2VpcEndpoint[] {
  return Object.entries(context.snapshot.regions ?? { [context.region]: context.inventory }).flatMap(
    ([region, inventory]) =>
      (inventory.ec2?.VpcEndpoints ?? []).filter(
        (e) =>
          e.VpcEndpointType === 'Interface' &&
          endpointService(e) === 's3' &&
          isAvailable(e) &&
          endpointServiceRegion(e, region) === context.region &&
          (!onlyHybrid || (e.VpcId !== undefined && isHybridVpc(inventory, e.VpcId))),
      ),
  );
}

/** Every VPC endpoint of the snapshot's regions by id, with the region it sits in. */
export function endpointsAnywhere(
  context: RuleContext,
): Map<string, { endpoint: Ec2VpcEndpoint; region: string }> {
  const found = new Map<string, { endpoint: Ec2VpcEndpoint; region: string }>();
  for (const [region, inventory] of Object.entries(
    context.snapshot.regions ?? { [context.region]: context.inventory },
  ))
    for (const endpoint of inventory.ec2?.VpcEndpoints ?? [])
      found.set(endpoint.VpcEndpointId, { endpoint, region });
  // The rule's own region wins for an id listed twice (two snapshots of one account).
  for (const endpoint of context.inventory.ec2?.VpcEndpoints ?? [])
    found.set(endpoint.VpcEndpointId, { endpoint, region: context.region });
  return found;
}

/**
 * The values of a key's conditions with the operator each sits under: whether an id is
 * compared ignoring case (`StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`) decides
 * which endpoint it names.
 */
export function conditionEntries(
  statement: PolicyStatement,
  key: string,
): { value: string; ignoreCase: boolean; pattern: boolean }[] {
  const block = statement.raw.Condition;
  if (block === null || typeof block !== 'object') return [];
  const entries: { value: string; ignoreCase: boolean; pattern: boolean }[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (keys === null || typeof keys !== 'object') continue;
    for (const [name, value] of Object.entries(keys as Record<string, unknown>)) {
      if (name.toLowerCase() !== key.toLowerCase()) continue;
      for (const text of (Array.isArray(value) ? value : [value]).map(String))
        entries.push({
          value: text,
          ignoreCase: /IgnoreCase(IfExists)?$/.test(operator),
          pattern: /Like(IfExists)?$/.test(operator),
        });
    }
  }
  return entries;
}

/**
 * The caller the policy questions are asked for: a role of the audited account, not
 * an administrator, with what AWS puts in each of its signed requests (docs/design/rules-catalog.md,
 * "Policy simulation"): aws:PrincipalArn, aws:PrincipalAccount, and aws:PrincipalOrgID
 * when `organizationId` is configured.
 */
export function simulatedPrincipal(context: RuleContext, name: string) {
  const { organizationId } = context.config;
  return {
    principalArn: `arn:${context.partition}:iam::${context.accountId}:role/${name}`,
    principalAccount: context.accountId,
    ...(organizationId === undefined ? {} : { principalOrgId: organizationId }),
  };
}

/**
 * The network keys of a simulated request: through the endpoint (aws:SourceVpce and
 * aws:SourceVpc set) or from outside any endpoint (both known to be absent). Backup
 * clients, agents and replication servers all call AWS over HTTPS.
 */
export function simulatedNetwork(endpoint?: Pick<Ec2VpcEndpoint, 'VpcEndpointId' | 'VpcId'>) {
  return {
    'aws:SourceVpce': endpoint?.VpcEndpointId,
    'aws:SourceVpc': endpoint?.VpcId,
    'aws:SecureTransport': true,
  };
}

/**
 * The Deny statements of a bucket policy that pin it to an endpoint or VPC, or the
 * finding to report instead: NOT_AVAILABLE when the policy was not read or cannot
 * be parsed; nothing when there is no policy.
 */
export function pinningDenies(
  context: RuleContext,
  bucket: SnapshotBucket,
  ref: ResourceRef,
): { denies: PolicyStatement[] } | { findings: Finding[] } {
  if (bucket.Policy === undefined) {
    return {
      findings: [{ status: 'NOT_AVAILABLE', resource: ref, evidence: policyNotRead(context, bucket) }],
    };
  }
  const policy = bucketPolicy(bucket);
  if (policy === undefined) return { findings: [] };
  if (!policy.ok) {
    return {
      findings: [
        {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the policy of ${bucket.Name}: ${policy.reason}`,
        },
      ],
    };
  }
  return { denies: pinningStatements(policy.statements).filter((statement) => statement.effect === 'Deny') };
}
