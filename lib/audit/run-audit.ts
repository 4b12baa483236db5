/**
 * Judges one snapshot whose network is already shared (lib/audit/service.ts shares it, once):
 * gates each rule on the lists it reads, applies the configuration (enable, severity,
 * suppressions) and returns the report that every output (table, JSON, Security Hub, Config)
 * is made from. Every entry point reaches this through the service, never directly.
 */

import type { Finding, ReportStatus, Rule, RuleContext, RuleResult, Severity } from '../catalog/rule.js';
import type { AuditConfig } from '../config/schema.js';
import { describeCollectionError, listStatus, resourceErrors } from '../inventory/lists.js';
import type { Snapshot } from '../inventory/types.js';
import { resource } from '../rules/resources.js';
import { errorMessage } from '../util/errors.js';
import { SCENARIOS } from '../vocabulary/scenarios.js';

export const REPORT_STATUSES: readonly ReportStatus[] = [
  'PASSED',
  'WARNING',
  'FAILED',
  'NOT_APPLICABLE',
  'NOT_AVAILABLE',
  'SUPPRESSED',
];

export interface AuditReport {
  version: 1;
  accountId: string;
  generatedAt: string;
  summary: Record<ReportStatus, number>;
  results: RuleResult[];
  /** With several snapshots: every account audited (results then carry their accountId). */
  accounts?: string[];
}

export interface AuditOptions {
  rules: readonly Rule[];
  config: AuditConfig;
  /** The moment of the audit: suppressions expire against it, and `generatedAt` states it. */
  now: Date;
  /** Every snapshot of the audit, its network shared (RuleContext.accounts). */
  accounts?: readonly Snapshot[];
}

function evaluateRule(rule: Rule, context: RuleContext): Finding[] {
  const unavailable = rule.inputs
    .map((list) => listStatus(context.snapshot, context.region, list))
    .find((s) => !s.available);
  if (unavailable && !unavailable.available) {
    return [{ status: 'NOT_AVAILABLE', resource: resource.account(context), evidence: unavailable.reason }];
  }
  const perResource: Finding[] = rule.inputs.flatMap((list) =>
    resourceErrors(context.snapshot, context.region, list).map((error) => ({
      status: 'NOT_AVAILABLE' as const,
      resource: { type: 'Other' as const, id: error.resourceId ?? '', arn: error.resourceId ?? '' },
      evidence: describeCollectionError(error),
    })),
  );
  // biome-ignore lint/plugin: a defect in one rule must not silence the others; it is reported as NOT_AVAILABLE naming the error, never as a verdict.
  try {
    const findings = rule.evaluate(context);
    const reported = new Set(findings.map((finding) => finding.resource.id));
    return [...findings, ...perResource.filter((finding) => !reported.has(finding.resource.id))];
  } catch (error) {
    // A defect in one rule must not silence the others, and must never read as PASSED.
    return [
      ...perResource,
      {
        status: 'NOT_AVAILABLE',
        resource: resource.account(context),
        evidence: `rule ${rule.id} could not be evaluated: ${errorMessage(error)}`,
      },
    ];
  }
}

function compareIds(a: string, b: string): number {
  const [scenarioA = '', numberA = '0'] = a.split('.');
  const [scenarioB = '', numberB = '0'] = b.split('.');
  const order: readonly string[] = SCENARIOS;
  return order.indexOf(scenarioA) - order.indexOf(scenarioB) || Number(numberA) - Number(numberB);
}

/**
 * What each evaluation of a rule in a region read of its snapshot beyond that region's
 * inventory (`region:<name>` for another region's, `region:*` for all of them, `top:<key>` for
 * the snapshot's other parts: `top:s3`, `top:errors`), and the results it gave: how `hna plan`
 * re-judges only what a change touched (lib/plan/judge.ts).
 */
export interface EvaluationLog {
  reads: Map<string, Set<string>>;
  results: Map<string, RuleResult[]>;
}

export const newEvaluationLog = (): EvaluationLog => ({ reads: new Map(), results: new Map() });

/** Records the evaluation's log, or carries the results of every evaluation a change did not touch. */
export interface Incremental {
  log?: EvaluationLog;
  reuse?: { log: EvaluationLog; touched: ReadonlySet<string> };
}

/**
 * The snapshot as one evaluation sees it, noting what it reads. A fresh view per evaluation:
 * a cache keyed by the snapshot would otherwise hide one evaluation's reads behind another's.
 * Region inventories are handed out as they are, so the caches keyed by them still hold.
 */
function readingView(snapshot: Snapshot, reads: Set<string>): Snapshot {
  const regions =
    snapshot.regions === undefined
      ? undefined
      : new Proxy(snapshot.regions, {
          get(target, key, receiver) {
            if (typeof key === 'string') reads.add(`region:${key}`);
            return Reflect.get(target, key, receiver);
          },
          has(target, key) {
            if (typeof key === 'string') reads.add(`region:${key}`);
            return Reflect.has(target, key);
          },
          ownKeys(target) {
            reads.add('region:*');
            return Reflect.ownKeys(target);
          },
        });
  return new Proxy(snapshot, {
    get(target, key, receiver) {
      if (key === 'regions') return regions;
      if (typeof key === 'string') reads.add(`top:${key}`);
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Whether an evaluation that read `reads` in `region` may judge differently after `touched` changed. */
function touchedBy(
  reads: ReadonlySet<string> | undefined,
  region: string,
  touched: ReadonlySet<string>,
): boolean {
  if (reads === undefined || touched.has(`region:${region}`)) return true;
  for (const part of reads) {
    if (touched.has(part)) return true;
    if (part === 'region:*' && [...touched].some((t) => t.startsWith('region:'))) return true;
  }
  return false;
}

export function judgeSharedSnapshot(
  snapshot: Snapshot,
  options: AuditOptions,
  incremental: Incremental = {},
): AuditReport {
  const { config, now } = options;
  const accountId = snapshot.accountId ?? 'unknown';
  const partition = snapshot.partition ?? 'aws';
  const results: RuleResult[] = [];
  const { log, reuse } = incremental;
  for (const rule of options.rules) {
    const ruleSettings = config.rules[rule.id];
    if (ruleSettings?.enabled === false) continue;
    const severity: Severity = ruleSettings?.severity ?? rule.severity;
    for (const [region, inventory] of Object.entries(snapshot.regions ?? {})) {
      const key = `${rule.id}\u0000${region}`;
      const carried = reuse?.log.results.get(key);
      if (
        reuse !== undefined &&
        carried !== undefined &&
        !touchedBy(reuse.log.reads.get(key), region, reuse.touched)
      ) {
        results.push(...carried);
        continue;
      }
      const reads = new Set<string>();
      const context: RuleContext = {
        snapshot: log === undefined ? snapshot : readingView(snapshot, reads),
        ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
        region,
        inventory,
        config,
        accountId,
        partition,
      };
      const judged = evaluateRule(rule, context).map((finding) =>
        applySuppression(toResult(rule, severity, region, finding), config, now),
      );
      results.push(...judged);
      log?.reads.set(key, reads);
      log?.results.set(key, judged);
    }
  }
  results.sort(
    (a, b) =>
      compareIds(a.ruleId, b.ruleId) ||
      a.region.localeCompare(b.region) ||
      a.resourceId.localeCompare(b.resourceId),
  );
  const summary = Object.fromEntries(REPORT_STATUSES.map((status) => [status, 0])) as Record<
    ReportStatus,
    number
  >;
  for (const result of results) summary[result.status] += 1;
  return { version: 1, accountId, generatedAt: now.toISOString(), summary, results };
}

/**
 * Several accounts' audits as one report: the results of each, marked with the account
 * that owns their resource, and the summary over all. The report's accountId is the
 * first; `accounts` lists them all.
 */
export function combineReports(reports: readonly AuditReport[]): AuditReport {
  const [first] = reports;
  if (first === undefined) throw new Error('combineReports needs at least one report');
  if (reports.length === 1) return first;
  const results = reports.flatMap((report) =>
    report.results.map((result) => ({ ...result, accountId: report.accountId })),
  );
  const summary = Object.fromEntries(REPORT_STATUSES.map((status) => [status, 0])) as AuditReport['summary'];
  for (const result of results) summary[result.status] += 1;
  return { ...first, accounts: reports.map((r) => r.accountId), summary, results };
}

function toResult(rule: Rule, severity: Severity, region: string, finding: Finding): RuleResult {
  return {
    ruleId: rule.id,
    slug: rule.slug,
    title: rule.title,
    severity,
    status: finding.status,
    region,
    resourceType: finding.resource.type,
    resourceId: finding.resource.id,
    resourceArn: finding.resource.arn,
    ...(finding.evidence === undefined ? {} : { evidence: finding.evidence }),
    ...(finding.reason === undefined ? {} : { reason: finding.reason }),
    ...(finding.remediation === undefined ? {} : { remediation: finding.remediation }),
    ...(finding.path === undefined ? {} : { path: finding.path }),
    ...(finding.commands === undefined || finding.commands.length === 0
      ? {}
      : { commands: finding.commands.map((command) => ({ ...command, region })) }),
    source: rule.source,
  };
}

function suppressionMatches(
  candidate: AuditConfig['suppressions'][number],
  result: Pick<RuleResult, 'ruleId' | 'resourceId' | 'resourceArn' | 'region'>,
): boolean {
  return (
    candidate.ruleId === result.ruleId &&
    (candidate.resourceId === result.resourceId || candidate.resourceId === result.resourceArn) &&
    (candidate.region === undefined || candidate.region === result.region)
  );
}

/**
 * The suppressions of the configuration that match no result of the audit: a misspelt resource
 * id or a resource that is gone, which would otherwise do nothing, silently.
 */
export function unmatchedSuppressions(
  config: AuditConfig,
  results: readonly RuleResult[],
): { index: number; ruleId: string; resourceId: string }[] {
  return config.suppressions.flatMap((suppression, index) =>
    results.some((result) => suppressionMatches(suppression, result))
      ? []
      : [{ index, ruleId: suppression.ruleId, resourceId: suppression.resourceId }],
  );
}

function applySuppression(result: RuleResult, config: AuditConfig, now: Date): RuleResult {
  const suppression = config.suppressions.find((candidate) => suppressionMatches(candidate, result));
  if (!suppression || result.status === 'PASSED' || result.status === 'NOT_APPLICABLE') return result;
  if (suppression.expires !== undefined && Date.parse(endOfDay(suppression.expires)) < now.getTime()) {
    const note = `suppression expired on ${suppression.expires} (${suppression.reason})`;
    return { ...result, evidence: result.evidence ? `${result.evidence}; ${note}` : note };
  }
  return {
    ...result,
    status: 'SUPPRESSED',
    suppressedStatus: result.status as RuleResult['suppressedStatus'] & string,
    suppressionReason: suppression.reason,
  };
}

/** A date without a time suppresses through the whole of that day (UTC). */
function endOfDay(expires: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59.999Z` : expires;
}
