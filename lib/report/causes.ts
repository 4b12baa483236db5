/**
 * Results that share one cause are one row for a person (table and HTML): an AccessDenied on
 * ListAgents makes every DataSync rule NOT_AVAILABLE with the same evidence, and eight rows
 * saying so hide the rest. Machine formats (JSON, ASFF, OCSF) keep one result per rule.
 */
import type { RuleResult } from '../catalog/rule.js';

export type ReportItem =
  | { kind: 'result'; result: RuleResult }
  | { kind: 'cause'; cause: string; results: RuleResult[] };

/** The items in the order of their first result; NOT_AVAILABLE results with the same evidence, account and region merge. */
export function groupSharedCauses(results: readonly RuleResult[]): ReportItem[] {
  const items: ReportItem[] = [];
  const causes = new Map<string, Extract<ReportItem, { kind: 'cause' }>>();
  const counts = new Map<string, number>();
  const keyOf = (r: RuleResult) => `${r.accountId ?? ''}|${r.region}|${r.evidence ?? ''}`;
  for (const result of results)
    if (result.status === 'NOT_AVAILABLE' && result.evidence)
      counts.set(keyOf(result), (counts.get(keyOf(result)) ?? 0) + 1);
  for (const result of results) {
    const key = keyOf(result);
    if (result.status !== 'NOT_AVAILABLE' || (counts.get(key) ?? 0) < 2) {
      items.push({ kind: 'result', result });
      continue;
    }
    const found = causes.get(key);
    if (found !== undefined) found.results.push(result);
    else {
      const item = { kind: 'cause' as const, cause: result.evidence ?? '', results: [result] };
      causes.set(key, item);
      items.push(item);
    }
  }
  return items;
}

/** The rules one cause stops, by id; the resource is named only where it is not the account itself. */
export function blockedRules(results: readonly RuleResult[]): string[] {
  return [...results]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }))
    .map((r) =>
      r.resourceId === r.accountId || /^\d{12}$/.test(r.resourceId)
        ? r.ruleId
        : `${r.ruleId} ${r.resourceId}`,
    );
}
