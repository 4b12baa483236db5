import { defineRule, type Finding } from '../../catalog/rule.js';
import type { PolicyStatement } from '../../policy/evaluate.js';
import { resource } from '../resources.js';
import { backupBuckets, conditionValues, pinningDenies } from '../support/s3.js';

const ADMIN_KEYS = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:userid'];

/**
 * A NotPrincipal exempts only what it lists, and IAM asks that the account ARN be
 * listed beside a role: without it the Deny also denies the account principal the
 * role's session belongs to, locking the role out (IAM JSON policy elements: NotPrincipal).
 */
function notPrincipalExempts(statement: PolicyStatement, accountId: string): boolean {
  const value = statement.raw.NotPrincipal;
  if (value === null || typeof value !== 'object') return false;
  const entries = [(value as Record<string, unknown>).AWS].flat().map(String);
  const namesAccount = entries.some(
    (entry) => entry === accountId || new RegExp(`^arn:[^:]+:iam::${accountId}:root$`).test(entry),
  );
  return namesAccount && entries.length > 1;
}

function exemption(statement: PolicyStatement, accountId: string): string | undefined {
  const key = ADMIN_KEYS.find((name) => conditionValues(statement, name).length > 0);
  if (key !== undefined)
    return `${statement.label} exempts ${conditionValues(statement, key).join(', ')} (${key})`;
  if (notPrincipalExempts(statement, accountId))
    return `${statement.label} exempts its NotPrincipal ${[(statement.raw.NotPrincipal as Record<string, unknown>).AWS].flat().join(', ')}`;
  return undefined;
}

/** Compliant when a Deny pinned to aws:SourceVpce/aws:SourceVpc exempts administrative principals (S3 bucket policies for VPC endpoints). */
export const adminLockoutRisk = defineRule({
  id: 'S3PL.7',
  slug: 'admin-lockout-risk',
  title: 'Endpoint-pinned bucket policy leaves administrators a way in',
  severity: 'LOW',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  inputs: ['s3.Buckets'],
  evaluate(context) {
    return backupBuckets(context).flatMap((bucket): Finding[] => {
      const ref = resource.bucket(context, bucket.Name);
      const pinned = pinningDenies(context, bucket, ref);
      if ('findings' in pinned) return pinned.findings;
      const { denies } = pinned;
      if (denies.length === 0) return [];
      const exemptions = denies.map((s) => ({ statement: s, exempts: exemption(s, context.accountId) }));
      const unguarded = exemptions.filter((e) => e.exempts === undefined).map((e) => e.statement);
      const lockedNotPrincipal = unguarded.filter((s) => s.raw.NotPrincipal !== undefined);
      return [
        unguarded.length === 0
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: exemptions.map((e) => e.exempts).join('; '),
            }
          : {
              status: 'WARNING',
              resource: ref,
              evidence: `${unguarded.map((s) => s.label).join(', ')} deny every principal outside the endpoint: console and administrator access to this bucket are denied too${lockedNotPrincipal.length > 0 ? ` (${lockedNotPrincipal.map((s) => s.label).join(', ')}: a NotPrincipal without the account ARN beside the role exempts nobody in practice)` : ''}`,
              remediation: `Add "ArnNotLike": {"aws:PrincipalArn": ["arn:${context.partition}:iam::${context.accountId}:role/<admin role>", "arn:${context.partition}:iam::${context.accountId}:role/hna-member-audit"]} to the Deny of ${bucket.Name} (the administrators, and the auditor's member role so that it can read the policy)`,
            },
      ];
    });
  },
});
