/**
 * Results as AWS Security Finding Format findings (Security Hub). One finding per
 * (rule, account, region, resource), with an Id that is the same on every run so
 * that Security Hub updates a finding instead of piling up new ones.
 */
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { RuleResult } from '../catalog/rule.js';
import { toCli } from './aws-cli.js';

export const GENERATOR_PREFIX = 'hna/';
export const TYPE_PREFIX = 'Software and Configuration Checks/AWS Hybrid Network Requirements';
const TRUNCATED = ' …[truncated]';

const LIMITS = { id: 512, title: 256, description: 1024, recommendation: 512, productField: 2048 };

export type AsffFinding = AwsSecurityFinding;

export interface AsffContext {
  accountId: string;
  partition: string;
  /** The moment of the audit: CreatedAt/UpdatedAt of new findings. */
  now: Date;
  /** Where the rule pages live (`<base>/<slug>.md`); without it the AWS source page is linked. */
  docsBaseUrl?: string;
}

/** Cuts text to a limit, saying so, never failing on long evidence. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit - TRUNCATED.length)}${TRUNCATED}`;
}

export function productArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** Stable across runs; within 512 characters, with a hash standing for an overlong resource id. */
export function findingId(
  result: Pick<RuleResult, 'ruleId' | 'region' | 'resourceId'>,
  accountId: string,
): string {
  const id = `${GENERATOR_PREFIX}${result.ruleId}/${accountId}/${result.region}/${result.resourceId}`;
  if (id.length <= LIMITS.id) return id;
  const digest = createHash('sha256').update(result.resourceId).digest('hex').slice(0, 32);
  return `${id.slice(0, LIMITS.id - digest.length - 1)}#${digest}`;
}

function complianceStatus(result: RuleResult): 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE' {
  const status = result.status === 'SUPPRESSED' ? (result.suppressedStatus ?? 'FAILED') : result.status;
  if (status === 'NOT_APPLICABLE') throw new Error('NOT_APPLICABLE results are not sent to Security Hub');
  return status;
}

/**
 * What decides whether a stored finding must be sent again: the verdict and
 * everything the console shows about it. Timestamps are left out on purpose.
 */
export function fingerprint(finding: AsffFinding): string {
  const fields = {
    status: finding.Compliance?.Status,
    severity: finding.FindingProviderFields?.Severity?.Label,
    title: finding.Title,
    description: finding.Description,
    remediation: finding.Remediation,
    resources: finding.Resources,
    suppressed: finding.ProductFields?.['hna/Suppressed'],
  };
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

function scenarioOf(ruleId: string): string {
  return ruleId.split('.')[0] ?? ruleId;
}

/** Results that go to Security Hub: everything but NOT_APPLICABLE. */
export function sendable(results: readonly RuleResult[]): RuleResult[] {
  return results.filter((result) => result.status !== 'NOT_APPLICABLE');
}

export function toAsff(result: RuleResult, context: AsffContext): AsffFinding {
  const now = context.now.toISOString();
  const status = complianceStatus(result);
  const description = [
    result.evidence ?? `${result.title}: ${status}`,
    result.suppressionReason ? `Suppressed: ${result.suppressionReason}` : '',
  ]
    .filter(Boolean)
    .join(' — ');
  const docsUrl = context.docsBaseUrl
    ? `${context.docsBaseUrl.replace(/\/$/, '')}/${result.slug}.md`
    : result.source;
  const types = [`${TYPE_PREFIX}/${scenarioOf(result.ruleId)}`];
  const productFields: Record<string, string> = {
    'hna/RuleId': result.ruleId,
    'hna/Slug': result.slug,
    'hna/Scenario': scenarioOf(result.ruleId),
    'hna/Source': truncate(result.source, LIMITS.productField),
  };
  if (result.status === 'SUPPRESSED') {
    productFields['hna/Suppressed'] = 'true';
    productFields['hna/SuppressionReason'] = truncate(result.suppressionReason ?? '', LIMITS.productField);
  }
  // As AWS's own controls do: a passed check is informational, whatever the rule's severity.
  const severity = status === 'PASSED' ? 'INFORMATIONAL' : result.severity;
  productFields['hna/RuleSeverity'] = result.severity;
  const finding: AsffFinding = {
    SchemaVersion: '2018-10-08',
    Id: findingId(result, context.accountId),
    ProductArn: productArn(context.partition, result.region, context.accountId),
    GeneratorId: `${GENERATOR_PREFIX}${result.ruleId}`,
    AwsAccountId: context.accountId,
    Region: result.region,
    Types: types,
    CreatedAt: now,
    UpdatedAt: now,
    Severity: { Label: severity },
    Title: truncate(`${result.ruleId} ${result.title}`, LIMITS.title),
    Description: truncate(description, LIMITS.description),
    Remediation: {
      Recommendation: {
        Text: truncate(
          [
            result.remediation ?? `See ${result.ruleId} (${result.slug}).`,
            ...(result.commands ?? []).map(toCli),
          ].join(' — run: '),
          LIMITS.recommendation,
        ),
        Url: docsUrl,
      },
    },
    ProductFields: productFields,
    Resources: [
      {
        Type: result.resourceType,
        Id: result.resourceArn,
        Partition: context.partition as 'aws',
        Region: result.region,
      },
    ],
    Compliance: { Status: status },
    FindingProviderFields: { Severity: { Label: severity }, Types: types },
    RecordState: 'ACTIVE',
  };
  (finding.ProductFields as Record<string, string>)['hna/Fingerprint'] = fingerprint(finding);
  return finding;
}
