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

/**
 * Security Hub's documented limits (API reference, AwsSecurityFinding and Recommendation):
 * Id and GeneratorId 512 characters, Title 256, Description 1024, Recommendation.Text 512;
 * ProductFields up to 50 pairs, each key up to 128 characters and value up to 2048.
 */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendation: 512,
  productFields: 50,
  productFieldKey: 128,
  productField: 2048,
} as const;
const LIMITS = ASFF_LIMITS;
/** ProductFields keys of the fix commands: hna/Command/1, hna/Command/2, … */
export const COMMAND_FIELD = 'hna/Command/';

export type AsffFinding = AwsSecurityFinding;

export interface AsffContext {
  accountId: string;
  partition: string;
  /** The moment of the audit: CreatedAt/UpdatedAt of new findings. */
  now: Date;
  /** Where the rule pages live (`<base>/<slug>.md`); without it the AWS source page is linked. */
  docsBaseUrl?: string;
}

/** Cuts text to a limit at a word's end, saying so, never failing on long evidence. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - TRUNCATED.length);
  const space = room.lastIndexOf(' ');
  return `${space > room.length / 2 ? room.slice(0, space) : room}${TRUNCATED}`;
}

/** A prose fix's parenthesised pointer to a CLI operation: `(aws ec2 create-route … --region r)`. */
const CLI_ASIDE = / ?\(aws [^()]*\)/g;

/**
 * Remediation.Recommendation.Text: the fix in a sentence and where its page is, within 512
 * characters and never ending inside a command. The commands themselves go whole to
 * ProductFields; a fix too long for the field loses its CLI asides first, then its last
 * clauses (at `;`), and says that the rest is on the page.
 */
export function recommendationText(
  sentence: string,
  link: { url: string; label: string },
  commands: number,
): string {
  const tail = [
    commands > 0
      ? `The AWS CLI ${commands === 1 ? 'command is' : 'commands are'} in ProductFields ${COMMAND_FIELD}1${commands > 1 ? `…${commands}` : ''}.`
      : '',
    `${link.label}: ${link.url}`,
  ]
    .filter(Boolean)
    .join(' ');
  const fits = (text: string) => `${text} ${tail}`.length <= LIMITS.recommendation;
  const stop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  if (fits(stop(sentence))) return `${stop(sentence)} ${tail}`;
  const withoutAsides = sentence.replace(CLI_ASIDE, '');
  if (fits(stop(withoutAsides))) return `${stop(withoutAsides)} ${tail}`;
  const clauses = withoutAsides.split(/;\s+/);
  for (let keep = clauses.length - 1; keep > 0; keep -= 1) {
    const shorter = `${clauses.slice(0, keep).join('; ')}; and more (see the page below).`;
    if (fits(shorter)) return `${shorter} ${tail}`;
  }
  // One clause longer than the field: its first words, cut at a word, with the page that has the rest.
  const room = LIMITS.recommendation - tail.length - ' … (see the page below).'.length - 1;
  const head = withoutAsides.slice(0, room);
  return `${head.slice(0, Math.max(head.lastIndexOf(' '), 1))} … (see the page below). ${tail}`;
}

/**
 * Each fix command whole in its own ProductFields entry, as many as the 50 pairs leave room
 * for; one that does not fit a value (2048) or the room is named, never cut.
 */
function commandFields(commands: readonly string[], used: number): Record<string, string> {
  const fields: Record<string, string> = {};
  // One pair kept for the note of what was left out.
  const room = LIMITS.productFields - used - 1;
  let left = 0;
  commands.forEach((command, index) => {
    if (index < room && command.length <= LIMITS.productField)
      fields[`${COMMAND_FIELD}${index + 1}`] = command;
    else left += 1;
  });
  if (left > 0)
    fields['hna/CommandsNotHere'] =
      `${left} of ${commands.length} commands do not fit Security Hub's fields: hna audit --format json lists them all`;
  return fields;
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
  const commands = (result.commands ?? []).map(toCli);
  // The fingerprint's own field is added last: count it as used.
  Object.assign(productFields, commandFields(commands, Object.keys(productFields).length + 1));
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
        Text: recommendationText(
          result.remediation ?? `See ${result.ruleId} (${result.slug})`,
          { url: docsUrl, label: context.docsBaseUrl ? 'Rule page' : 'Requirement' },
          commands.length,
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
