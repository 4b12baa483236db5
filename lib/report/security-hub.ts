/**
 * Writes findings to Security Hub without losing or duplicating one:
 * - reads the active findings this auditor owns in the account and region;
 * - imports only new findings, changed ones, and ones older than the refresh age
 *   (Security Hub deletes findings not updated for 90 days);
 * - archives owned findings that no result produces any more, but only for rules
 *   whose inputs were fully collected: an incomplete scan never closes findings;
 * - batches of at most 100 findings and 6 MB, throttling retried with backoff, and
 *   retryable FailedFindings sent again.
 */
import {
  BatchImportFindingsCommand,
  paginateGetFindings,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { notJudged, type RuleResult } from '../catalog/rule.js';
import { type AsffFinding, fingerprint, GENERATOR_PREFIX, productArn, sendable, toAsff } from './asff.js';

export interface SecurityHubWriteOptions {
  client: SecurityHubClient;
  accountId: string;
  partition: string;
  region: string;
  now: Date;
  /** Findings unchanged for this long are sent again, so that none expires (default 30). */
  refreshAfterDays?: number;
  docsBaseUrl?: string;
  /** Attempts per batch for throttling and retryable failures (default 5). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WriteCounts {
  imported: number;
  unchanged: number;
  archived: number;
  failed: number;
  failures: { id: string; code: string; message: string }[];
}

export const MAX_BATCH_FINDINGS = 100;
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;
const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'Throttling',
]);
const RETRYABLE = new Set([
  ...THROTTLING,
  'InternalException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** The fields a finding provider owns; Workflow, Note, UserDefinedFields and the like belong to the customer. */
const PROVIDER_FIELDS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Region',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Remediation',
  'ProductFields',
  'Resources',
  'Compliance',
  'FindingProviderFields',
  'RecordState',
] as const;

function providerView(finding: AsffFinding): AsffFinding {
  const view: Record<string, unknown> = {};
  for (const field of PROVIDER_FIELDS) if (finding[field] !== undefined) view[field] = finding[field];
  // Security Hub adds aws/... product fields of its own; they are not ours to send.
  if (finding.ProductFields) {
    view.ProductFields = Object.fromEntries(
      Object.entries(finding.ProductFields).filter(([key]) => !key.startsWith('aws/')),
    );
  }
  return view as unknown as AsffFinding;
}

/** The active findings this auditor owns in the account and region, by Id. */
export async function readOwnedFindings(options: SecurityHubWriteOptions): Promise<Map<string, AsffFinding>> {
  const arn = productArn(options.partition, options.region, options.accountId);
  const owned = new Map<string, AsffFinding>();
  const pages = paginateGetFindings(
    { client: options.client },
    {
      Filters: {
        ProductArn: [{ Value: arn, Comparison: 'EQUALS' }],
        GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
        AwsAccountId: [{ Value: options.accountId, Comparison: 'EQUALS' }],
        Region: [{ Value: options.region, Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      },
      MaxResults: 100,
    },
  );
  for await (const page of pages) {
    for (const finding of page.Findings ?? []) {
      // The filters again, here: a store that ignores some of them must not make us touch others' findings.
      if (finding.ProductArn !== arn || !finding.GeneratorId?.startsWith(GENERATOR_PREFIX)) continue;
      if (finding.AwsAccountId !== options.accountId || (finding.Region ?? options.region) !== options.region)
        continue;
      if (finding.RecordState === 'ARCHIVED' || finding.Id === undefined) continue;
      owned.set(finding.Id, finding);
    }
  }
  return owned;
}

/** A timestamp strictly newer than the stored one, as Security Hub requires for an update. */
function laterThan(stored: string | undefined, now: Date): string {
  const storedTime = stored === undefined ? Number.NaN : Date.parse(stored);
  return new Date(
    Number.isNaN(storedTime) || storedTime < now.getTime() ? now.getTime() : storedTime + 1,
  ).toISOString();
}

export function batches(findings: readonly AsffFinding[]): AsffFinding[][] {
  const result: AsffFinding[][] = [];
  let current: AsffFinding[] = [];
  let bytes = 2;
  for (const finding of findings) {
    const size = Buffer.byteLength(JSON.stringify(finding)) + 1;
    if (current.length > 0 && (current.length >= MAX_BATCH_FINDINGS || bytes + size > MAX_BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 2;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function errorCode(error: unknown): string {
  const candidate = error as { name?: string; Code?: string } | undefined;
  return candidate?.Code ?? candidate?.name ?? 'UnknownError';
}

async function send(
  findings: AsffFinding[],
  options: SecurityHubWriteOptions,
  counts: WriteCounts,
): Promise<number> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? 5;
  let pending = findings;
  let sent = 0;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let failed: { Id?: string; ErrorCode?: string; ErrorMessage?: string }[];
    try {
      const answer = await options.client.send(new BatchImportFindingsCommand({ Findings: pending }));
      failed = answer.FailedFindings ?? [];
    } catch (error) {
      if (!THROTTLING.has(errorCode(error)) || attempt >= maxAttempts) throw error;
      await sleep(backoff(attempt));
      continue;
    }
    const failedIds = new Set(failed.map((f) => f.Id));
    sent += pending.length - failed.length;
    const retry = failed.filter((f) => RETRYABLE.has(f.ErrorCode ?? '') && attempt < maxAttempts);
    for (const f of failed.filter((candidate) => !retry.includes(candidate))) {
      counts.failures.push({ id: f.Id ?? '', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? '' });
    }
    const retryIds = new Set(retry.map((f) => f.Id));
    pending = pending.filter((finding) => failedIds.has(finding.Id) && retryIds.has(finding.Id));
    if (pending.length > 0) await sleep(backoff(attempt));
  }
  return sent;
}

/** Exponential backoff with full jitter, capped at 20 s. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(20_000, 200 * 2 ** attempt);
}

/** A result its rule could not judge, whatever its presentation. */
export async function writeSecurityHubFindings(
  results: readonly RuleResult[],
  options: SecurityHubWriteOptions,
): Promise<WriteCounts> {
  const counts: WriteCounts = { imported: 0, unchanged: 0, archived: 0, failed: 0, failures: [] };
  const inRegion = results.filter((result) => result.region === options.region);
  const existing = await readOwnedFindings(options);
  const refreshBefore = options.now.getTime() - (options.refreshAfterDays ?? 30) * 86_400_000;
  const toImport: AsffFinding[] = [];
  const current = new Set<string>();

  for (const result of sendable(inRegion)) {
    const finding = toAsff(result, {
      accountId: options.accountId,
      partition: options.partition,
      now: options.now,
      ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
    });
    const id = finding.Id as string;
    current.add(id);
    const stored = existing.get(id);
    if (stored !== undefined) {
      const same = stored.ProductFields?.['hna/Fingerprint'] === fingerprint(finding);
      const fresh = Date.parse(stored.UpdatedAt ?? '') >= refreshBefore;
      if (same && fresh) {
        counts.unchanged += 1;
        continue;
      }
      finding.CreatedAt = stored.CreatedAt ?? finding.CreatedAt;
      finding.UpdatedAt = laterThan(stored.UpdatedAt, options.now);
    }
    toImport.push(finding);
  }

  // A rule with any result it could not judge in this region (NOT_AVAILABLE, whether or not a
  // suppression presents it as SUPPRESSED) did not see everything: the findings it may have
  // failed to re-judge stay as they are. A finding that itself said "not available" asserts
  // nothing about its resource: if this run no longer produces it, its cause is gone.
  const incomplete = new Set(inRegion.filter(notJudged).map((r) => r.ruleId));
  const toArchive: AsffFinding[] = [];
  if (inRegion.length > 0) {
    for (const [id, stored] of existing) {
      if (current.has(id)) continue;
      const ruleId =
        stored.ProductFields?.['hna/RuleId'] ?? stored.GeneratorId?.slice(GENERATOR_PREFIX.length);
      if (ruleId === undefined) continue;
      if (incomplete.has(ruleId) && stored.Compliance?.Status !== 'NOT_AVAILABLE') continue;
      toArchive.push({
        ...providerView(stored),
        RecordState: 'ARCHIVED',
        UpdatedAt: laterThan(stored.UpdatedAt, options.now),
      });
    }
  }

  for (const batch of batches(toImport)) counts.imported += await send(batch, options, counts);
  for (const batch of batches(toArchive)) counts.archived += await send(batch, options, counts);
  counts.failed = counts.failures.length;
  return counts;
}
