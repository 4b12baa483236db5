/**
 * Before and after (docs/design/cli.md, "hna plan"): each result of the after audit with what the change
 * did to it — `new` (not at this status before, or a resource the plan creates), `fixed`
 * (FAILED or WARNING before, PASSED after), `unchanged` — and the results the change removes.
 */
import type { AuditReport } from '../audit/run-audit.js';
import type { ReportStatus, Rule, RuleResult } from '../catalog/rule.js';
import type { Unjudged } from './overlay.js';

export type Change = 'new' | 'fixed' | 'unchanged' | 'removed';

export interface PlannedResult extends RuleResult {
  change: Change;
  /** The status before the change; null for a result that did not exist. */
  before: ReportStatus | null;
  /** The planned resources (Terraform addresses) on the result's path or in its evidence. */
  planned: string[];
}

export interface PlanReport {
  version: 1;
  accountId: string;
  generatedAt: string;
  summary: Record<Change, number>;
  results: PlannedResult[];
  /** Resource types in the plan that no rule reads. */
  ignored: string[];
  /** Planned changes that could not be laid over the snapshot, by address: why. */
  unjudged: { address: string; why: string }[];
  /** How many planned changes were laid over the snapshot (0 with changes unjudged: nothing was judged). */
  laid: number;
}

const keyOf = (r: RuleResult) => `${r.ruleId}|${r.accountId ?? ''}|${r.region}|${r.resourceId}`;

/**
 * The words of a result (its resource, evidence and path), split where an AWS id or a Terraform
 * address ends: what it mentions is looked up word by word, so a plan of thousands of changes
 * over tens of thousands of results costs one pass over each result, not one per change.
 */
function wordsOf(result: RuleResult): Set<string> {
  const text = `${result.resourceId} ${result.evidence ?? ''} ${result.path === undefined ? '' : JSON.stringify(result.path)}`;
  return new Set(text.split(/[\s,;()'"[\]{}<>=|]+|:\s|\.$/).filter(Boolean));
}

/** What each unknown attribute is called where a rule says it is missing. */
const EVIDENCE_OF: readonly [attribute: RegExp, evidence: RegExp][] = [
  [/\.policy\b/, /polic/i],
  [/\.dns_entry\b/, /DnsEntries|DNS name/i],
  [/\.network_interface_ids\b|network interfaces of/, /NetworkInterface|interface/i],
];

/**
 * The unknowns a NOT_AVAILABLE result is for: those whose attribute its evidence names (a
 * rule that lacks the endpoint's interfaces is not for want of its DNS names), or all of them
 * when the evidence names none.
 */
function relevant(unknown: readonly string[], evidence: string): string[] {
  const named = unknown.filter((name) =>
    EVIDENCE_OF.some(([attribute, words]) => attribute.test(name) && words.test(evidence)),
  );
  const unclassified = unknown.filter((name) => !EVIDENCE_OF.some(([attribute]) => attribute.test(name)));
  return named.length > 0 ? named : unclassified.length > 0 ? unclassified : [...unknown];
}

/**
 * The results a change that could not be laid reads (docs/design/cli.md: unknown per result, not per
 * list): those that mention an id it names or its address, in its account and region; for a
 * change that names no id the snapshot could hold, those of the rules that read its lists there.
 */
function unjudgedReader(unjudged: readonly Unjudged[], rules: readonly Rule[]) {
  const inputs = new Map(rules.map((rule) => [rule.id, new Set<string>(rule.inputs)]));
  const byWord = new Map<string, Unjudged[]>();
  const unnamed: Unjudged[] = [];
  for (const u of unjudged) {
    const existing = u.ids.filter((id) => !id.startsWith('tf:') && !id.startsWith('cfn:'));
    if (existing.length === 0 && u.onlyNew !== true) unnamed.push(u);
    for (const word of [...u.ids, u.address]) byWord.set(word, [...(byWord.get(word) ?? []), u]);
  }
  const here = (u: Unjudged, r: RuleResult) =>
    (u.region === undefined || u.region === r.region || u.lists.every((l) => l.startsWith('s3.'))) &&
    (u.accountId === undefined || r.accountId === undefined || u.accountId === r.accountId);
  return (result: RuleResult, words: ReadonlySet<string>): Unjudged[] => {
    const found = new Set<Unjudged>();
    for (const word of words) for (const u of byWord.get(word) ?? []) if (here(u, result)) found.add(u);
    for (const u of unnamed)
      if (here(u, result) && u.lists.some((list) => inputs.get(result.ruleId)?.has(list))) found.add(u);
    return [...found];
  };
}

/** A result that reads a change hna could not lay: NOT_AVAILABLE, naming the change and why. */
function notJudged(result: RuleResult, by: readonly Unjudged[]): RuleResult {
  const { reason: _reason, remediation: _remediation, commands: _commands, ...rest } = result;
  return {
    ...rest,
    status: 'NOT_AVAILABLE',
    // What it read stays said (the judgement without the change), so the reader sees why it is covered.
    evidence: `not judged: the planned change it reads could not be laid over the snapshot — ${by.map((u) => `${u.address}: ${u.why}`).join('; ')} (without that change: ${result.status}, ${result.evidence ?? result.resourceId})`,
  };
}

export function planDelta(
  before: AuditReport,
  after: AuditReport,
  planned: readonly { address: string; ids: string[]; unknown?: string[] }[],
  extra: Pick<PlanReport, 'ignored'> & { unjudged: readonly Unjudged[] },
  rules: readonly Rule[] = [],
): PlanReport {
  const earlier = new Map(before.results.map((r) => [keyOf(r), r]));
  const later = new Set(after.results.map(keyOf));
  // Each id (and address) a planned change acts on, with the changes that act on it.
  const byWord = new Map<string, { address: string; unknown: string[] }[]>();
  for (const change of planned)
    for (const word of [...change.ids, change.address])
      byWord.set(word, [
        ...(byWord.get(word) ?? []),
        { address: change.address, unknown: change.unknown ?? [] },
      ]);
  const mentioned = (r: RuleResult) => {
    const found = new Map<string, string[]>();
    for (const word of wordsOf(r))
      for (const change of byWord.get(word) ?? []) found.set(change.address, change.unknown);
    return found;
  };
  const plannedOf = (r: RuleResult) => [...mentioned(r).keys()];
  // A result not judged for want of a value the plan knows only after apply names that value.
  const named = (result: RuleResult): RuleResult => {
    if (result.status !== 'NOT_AVAILABLE') return result;
    const unknown = relevant([...new Set([...mentioned(result).values()].flat())], result.evidence ?? '');
    return unknown.length === 0
      ? result
      : { ...result, evidence: `${result.evidence ?? ''} (${unknown.join(', ')}: known after apply)`.trim() };
  };
  const readsUnjudged = unjudgedReader(extra.unjudged, rules);
  const results: PlannedResult[] = after.results.map(named).map((judged) => {
    const by = extra.unjudged.length === 0 ? [] : readsUnjudged(judged, wordsOf(judged));
    // A suppressed result stays suppressed: the suppression is the owner's word on it, whatever its verdict.
    const result = by.length === 0 || judged.status === 'SUPPRESSED' ? judged : notJudged(judged, by);
    const was = earlier.get(keyOf(result));
    const change: Change =
      was === undefined || was.status !== result.status
        ? was !== undefined &&
          (was.status === 'FAILED' || was.status === 'WARNING') &&
          result.status === 'PASSED'
          ? 'fixed'
          : 'new'
        : 'unchanged';
    const addresses = [...new Set([...plannedOf(judged), ...by.map((u) => u.address)])];
    return { ...result, change, before: was?.status ?? null, planned: addresses };
  });
  // A rule that could not judge the region at all after the change reports the account instead of
  // each resource: its earlier results are not removed, they are what that NOT_AVAILABLE covers.
  const unjudgedRules = new Set(
    after.results
      .filter((r) => r.resourceType === 'AwsAccount' && r.status === 'NOT_AVAILABLE')
      .map((r) => `${r.ruleId}|${r.accountId ?? ''}|${r.region}`),
  );
  for (const gone of before.results)
    if (
      !later.has(keyOf(gone)) &&
      !unjudgedRules.has(`${gone.ruleId}|${gone.accountId ?? ''}|${gone.region}`)
    )
      results.push({ ...gone, change: 'removed', before: gone.status, planned: plannedOf(gone) });
  const summary = { new: 0, fixed: 0, unchanged: 0, removed: 0 };
  for (const result of results) summary[result.change] += 1;
  return {
    version: 1,
    accountId: after.accountId,
    generatedAt: after.generatedAt,
    summary,
    results,
    ignored: extra.ignored,
    unjudged: [
      ...new Map(extra.unjudged.map((u) => [u.address, { address: u.address, why: u.why }])).values(),
    ],
    laid: planned.length,
  };
}

/** Whether the change brings this result to the level or above: it was below it before, or did not exist. */
export function introduced(result: PlannedResult, failing: ReadonlySet<ReportStatus>): boolean {
  return (
    result.change !== 'removed' &&
    failing.has(result.status) &&
    (result.before === null || !failing.has(result.before))
  );
}

/** Exit 1 only for what the change introduces. */
export function introducesFailure(report: PlanReport, failing: ReadonlySet<ReportStatus>): boolean {
  return report.results.some((r) => introduced(r, failing));
}
