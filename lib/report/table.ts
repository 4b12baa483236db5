/**
 * The people's format (cli.md): a summary by scenario × status with the failing
 * severities first, then what needs attention — FAILED, WARNING, NOT_AVAILABLE, grouped
 * by scenario, worst first — each with why, the fix and its doc, then the rest in one
 * line each. Wrapped to the terminal's width at spaces only, so an identifier is never
 * broken; colour only when asked (a terminal without NO_COLOR).
 */

import { createColors } from 'picocolors';
import { scenarioOf } from '../audit/filter.js';
import type { AuditReport } from '../audit/run-audit.js';
import {
  type ReportStatus,
  type Rule,
  type RuleResult,
  SCENARIOS,
  type Scenario,
  SEVERITIES,
  type Severity,
} from '../catalog/rule.js';
import { ATTENTION_RANK, NEEDS_ATTENTION, STATUSES_BY_ATTENTION } from './attention.js';
import { toCli } from './aws-cli.js';
import { blockedRules, groupSharedCauses } from './causes.js';

export interface TableOptions {
  color?: boolean;
  /** Columns to wrap to (default 100). */
  width?: number;
  /** Where the rule pages live: a URL prefix, else the path in this repository. */
  docsBaseUrl?: string;
}

const SCENARIO_NAMES: Record<Scenario, string> = {
  NET: 'Shared network checks',
  DRS: 'Elastic Disaster Recovery',
  DSYNC: 'DataSync agents through a VPC endpoint',
  S3PL: 'Backup to S3 through an interface endpoint',
  VPN: 'Site-to-site VPN',
  DNS: 'Names that resolve to the private path',
};
const COLUMNS = STATUSES_BY_ATTENTION;
const ATTENTION = NEEDS_ATTENTION;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Words to lines of at most `width`, breaking only at spaces: a longer word stands alone, whole. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

export function docLink(result: Pick<RuleResult, 'slug'>, docsBaseUrl?: string): string {
  return docsBaseUrl ? `${docsBaseUrl.replace(/\/$/, '')}/${result.slug}.md` : `docs/rules/${result.slug}.md`;
}

const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

export function formatAuditTable(report: AuditReport, options: TableOptions = {}): string {
  const c = createColors(options.color ?? false);
  const width = Math.max(60, options.width ?? 100);
  const paint = (status: ReportStatus, text: string) =>
    status === 'FAILED'
      ? c.red(c.bold(text))
      : status === 'WARNING'
        ? c.yellow(text)
        : status === 'NOT_AVAILABLE'
          ? c.magenta(text)
          : status === 'PASSED'
            ? c.green(text)
            : c.dim(text);
  const lines: string[] = [];
  const total = report.results.length;
  lines.push(
    c.bold(
      `hna audit — ${report.accounts ? `accounts ${report.accounts.join(', ')}` : `account ${report.accountId}`}, ${plural(total, 'result')}`,
    ),
  );
  lines.push('');

  // Summary: scenario × status, and the severities of what failed or warns.
  const header = ['SCENARIO', ...COLUMNS.map((s) => (s === 'NOT_APPLICABLE' ? 'N/A' : s))];
  const rows: string[][] = [];
  for (const scenario of SCENARIOS) {
    const inScenario = report.results.filter((r) => scenarioOf(r) === scenario);
    if (inScenario.length === 0) continue;
    rows.push([
      scenario,
      ...COLUMNS.map((status) => String(inScenario.filter((r) => r.status === status).length)),
    ]);
  }
  rows.push(['total', ...COLUMNS.map((status) => String(report.summary[status] ?? 0))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const cells = (row: string[], colored: boolean) =>
    row
      .map((cell, i) => {
        const text = i === 0 ? pad(cell, widths[i] ?? 0) : (cell.padStart(widths[i] ?? 0) as string);
        const status = COLUMNS[i - 1];
        return colored && status !== undefined && cell !== '0' ? paint(status, text) : text;
      })
      .join('  ');
  lines.push(cells(header, false), ...rows.map((row) => cells(row, true)));
  const failing = report.results.filter((r) => r.status === 'FAILED' || r.status === 'WARNING');
  if (failing.length > 0) {
    const bySeverity = SEVERITIES.map(
      (s) => [s, failing.filter((r) => r.severity === s).length] as const,
    ).filter(([, n]) => n > 0);
    lines.push('', `Failing or warning by severity: ${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  }

  // What needs attention, by scenario, worst first.
  const attention = report.results.filter((r) => ATTENTION.includes(r.status));
  if (attention.length > 0) {
    lines.push('', c.bold(`Needs attention (${attention.length})`));
    for (const scenario of SCENARIOS) {
      const group = attention
        .filter((r) => scenarioOf(r) === scenario)
        .sort(
          (a, b) =>
            ATTENTION_RANK[a.status] - ATTENTION_RANK[b.status] ||
            SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
        );
      if (group.length === 0) continue;
      lines.push('', c.bold(`${scenario} — ${SCENARIO_NAMES[scenario]}`));
      for (const item of groupSharedCauses(group))
        lines.push(...(item.kind === 'result' ? detail(item.result) : sharedCause(item.cause, item.results)));
    }
  }

  // Everything else, one line each.
  const rest = report.results.filter((r) => !ATTENTION.includes(r.status));
  if (rest.length > 0) {
    lines.push('', c.bold(`Passed, not applicable or suppressed (${rest.length})`));
    for (const result of rest.sort((a, b) => ATTENTION_RANK[a.status] - ATTENTION_RANK[b.status])) {
      const head = `${pad(result.ruleId, 9)}${pad(result.accountId ? `${result.accountId} ${result.region}` : result.region, 15)} `;
      if (15 + head.length + result.resourceId.length <= width)
        lines.push(`${paint(result.status, pad(result.status, 15))}${head}${result.resourceId}`);
      else
        lines.push(
          `${paint(result.status, pad(result.status, 15))}${head}`.trimEnd(),
          `${' '.repeat(15)}${result.resourceId}`,
        );
      if (result.status === 'SUPPRESSED' && result.suppressionReason)
        lines.push(
          ...wrap(
            `suppressed (${result.suppressedStatus}): ${result.suppressionReason}`,
            width,
            ' '.repeat(15),
          ),
        );
    }
  }
  // One line per account: with several snapshots each account's own results are counted.
  const accounts = report.accounts ?? [report.accountId];
  lines.push('');
  for (const account of accounts) {
    const own =
      accounts.length === 1
        ? report.results
        : report.results.filter((r) => (r.accountId ?? report.accountId) === account);
    const counts = COLUMNS.map((status) => `${own.filter((r) => r.status === status).length} ${status}`).join(
      ', ',
    );
    lines.push(...wrap(`Account ${account}: ${plural(own.length, 'result')} (${counts})`, width, ''));
  }
  return `${lines.join('\n')}\n`;

  /** Several rules that one unreadable input stopped: one row, the rules it blocks listed. */
  function sharedCause(cause: string, results: RuleResult[]): string[] {
    const indent = ' '.repeat(15);
    const first = results[0] as RuleResult;
    const where = first.accountId ? `${first.accountId} ${first.region}` : first.region;
    const worst = [...results].sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
    )[0] as RuleResult;
    return [
      `${paint('NOT_AVAILABLE', pad('NOT_AVAILABLE', 15))}${pad(worst.severity, 14)}${pad(`${results.length} rules`, 9)}${pad(where, 15)}`.trimEnd(),
      ...wrap(`why: ${cause}`, width, indent),
      ...wrap(`blocks: ${blockedRules(results).join(', ')}`, width, indent),
    ];
  }

  function detail(result: RuleResult): string[] {
    const indent = ' '.repeat(15);
    // With several accounts, the region column names the account too.
    const where = result.accountId ? `${result.accountId} ${result.region}` : result.region;
    const head = `${pad(result.status, 15)}${pad(result.severity, 14)}${pad(result.ruleId, 9)}${pad(where, 15)} `;
    // A resource id too long for the line goes whole onto its own line: identifiers are never broken.
    const fits = head.length + result.resourceId.length <= width;
    const out = [
      `${paint(result.status, pad(result.status, 15))}${head.slice(15)}${fits ? result.resourceId : ''}`.trimEnd(),
      ...(fits ? [] : [`${indent}${result.resourceId}`]),
      ...wrap(result.title, width, indent),
    ];
    if (result.evidence) out.push(...wrap(`why: ${result.evidence}`, width, indent));
    if (result.remediation) out.push(...wrap(`fix: ${result.remediation}`, width, indent));
    // Commands stay whole on their lines, to be copied.
    for (const command of result.commands ?? []) out.push(`${indent}run: ${toCli(command)}`);
    out.push(...wrap(`doc: ${docLink(result, options.docsBaseUrl)}`, width, indent));
    return out;
  }
}

export function formatRulesTable(rules: readonly Rule[]): string {
  return `${renderTable(
    ['ID', 'SLUG', 'SEVERITY', 'TITLE'],
    rules.map((rule) => [rule.id, rule.slug, rule.severity, rule.title]),
  )}\n`;
}

/** "1 result", "74 results". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
