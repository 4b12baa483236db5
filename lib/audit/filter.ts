/** What `--status`, `--severity`, `--scenario` and `--rule` keep of a report (docs/design/cli.md). */
import type { ReportStatus, RuleResult, Scenario, Severity } from '../catalog/rule.js';
import type { AuditReport } from './run-audit.js';

export interface ResultFilter {
  statuses?: readonly ReportStatus[];
  severities?: readonly Severity[];
  scenarios?: readonly Scenario[];
  rules?: readonly string[];
}

export function scenarioOf(result: Pick<RuleResult, 'ruleId'>): Scenario {
  return result.ruleId.split('.')[0] as Scenario;
}

export function keeps(filter: ResultFilter, result: RuleResult): boolean {
  return (
    (filter.statuses === undefined || filter.statuses.includes(result.status)) &&
    (filter.severities === undefined || filter.severities.includes(result.severity)) &&
    (filter.scenarios === undefined || filter.scenarios.includes(scenarioOf(result))) &&
    (filter.rules === undefined || filter.rules.includes(result.ruleId))
  );
}

/** The report with only the kept results, and its summary counted again. */
export function filterReport(report: AuditReport, filter: ResultFilter): AuditReport {
  const results = report.results.filter((result) => keeps(filter, result));
  const summary = Object.fromEntries(
    Object.keys(report.summary).map((status) => [status, 0]),
  ) as AuditReport['summary'];
  for (const result of results) summary[result.status] += 1;
  return { ...report, results, summary };
}
