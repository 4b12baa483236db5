/** The people's format: one row a result, evidence and the fix beneath each non-passing one. */
import type { AuditReport } from '../audit/run-audit.js';
import type { Rule } from '../catalog/rule.js';

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

export function formatAuditTable(report: AuditReport): string {
  const lines: string[] = [];
  const widths = { status: 14, rule: 9, severity: 13, region: 14 };
  lines.push(
    `${pad('STATUS', widths.status)}${pad('RULE', widths.rule)}${pad('SEVERITY', widths.severity)}${pad('REGION', widths.region)}RESOURCE`,
  );
  for (const result of report.results) {
    lines.push(
      `${pad(result.status, widths.status)}${pad(result.ruleId, widths.rule)}${pad(result.severity, widths.severity)}${pad(result.region, widths.region)}${result.resourceId}`,
    );
    if (result.status === 'PASSED') continue;
    const indent = ' '.repeat(widths.status);
    lines.push(`${indent}${result.title}`);
    if (result.evidence) lines.push(`${indent}why: ${result.evidence}`);
    if (result.remediation) lines.push(`${indent}fix: ${result.remediation}`);
    if (result.suppressionReason) lines.push(`${indent}suppressed: ${result.suppressionReason}`);
  }
  const summary = Object.entries(report.summary)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  lines.push('', `Account ${report.accountId}: ${report.results.length} results (${summary})`);
  return `${lines.join('\n')}\n`;
}

export function formatRulesTable(rules: readonly Rule[]): string {
  return `${renderTable(
    ['ID', 'SLUG', 'SEVERITY', 'TITLE'],
    rules.map((rule) => [rule.id, rule.slug, rule.severity, rule.title]),
  )}\n`;
}
