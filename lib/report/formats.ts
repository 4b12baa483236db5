/**
 * The formats other tools read (docs/design/cli.md): CSV one row a result; JUnit XML one test case
 * a result, grouped by scenario, for CI test-report views. OCSF is in ocsf.ts.
 */
import { stringify } from 'csv-stringify/sync';
import junitModule, { type Builder } from 'junit-report-builder';
import { scenarioOf } from '../audit/filter.js';
import type { AuditReport } from '../audit/run-audit.js';
import type { ReportStatus, RuleResult } from '../catalog/rule.js';
import { toCli } from './aws-cli.js';

const CSV_COLUMNS = [
  'ruleId',
  'slug',
  'title',
  'severity',
  'status',
  'accountId',
  'region',
  'resourceType',
  'resourceId',
  'resourceArn',
  'evidence',
  'remediation',
  'commands',
  'source',
] as const;

export function formatCsv(report: AuditReport): string {
  return stringify(
    // The account of every row: the one audited, or with several, the one owning the resource.
    report.results.map((result) =>
      CSV_COLUMNS.map((column) =>
        column === 'accountId'
          ? (result.accountId ?? report.accountId)
          : column === 'commands'
            ? // The fix as AWS CLI commands, one a line (a quoted cell keeps its line breaks).
              (result.commands ?? []).map(toCli).join('\n')
            : (result[column] ?? ''),
      ),
    ),
    { header: true, columns: [...CSV_COLUMNS], quoted_match: /[",\n]/ },
  );
}

/** JUnit: FAILED (and WARNING when --fail-on WARNING or lower) are failures; not judged is skipped. */
// The package is CommonJS (module.exports = a builder) with types that declare a default export.
const junit = ((junitModule as unknown as { default?: Builder }).default ??
  junitModule) as unknown as Builder;

export function formatJunit(
  report: AuditReport,
  failing: ReadonlySet<ReportStatus> | ((result: RuleResult) => boolean),
): string {
  return junitOf(
    report.results,
    typeof failing === 'function' ? failing : (result) => failing.has(result.status),
  );
}

/** One test case a result, grouped in a suite per scenario; `fails` says which are failures. */
export function junitOf<R extends RuleResult>(results: readonly R[], fails: (result: R) => boolean): string {
  const builder = junit.newBuilder();
  const byScenario = new Map<string, R[]>();
  for (const result of results) {
    const scenario = scenarioOf(result);
    byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), result]);
  }
  for (const [scenario, inScenario] of byScenario) {
    const suite = builder.testSuite().name(`hna ${scenario}`);
    for (const result of inScenario) {
      const testCase = suite
        .testCase()
        .className(`hna.${scenario}.${result.ruleId}`)
        .name(
          `${result.ruleId} ${result.accountId ? `${result.accountId} ` : ''}${result.region} ${result.resourceId}`,
        );
      const text = [
        `${result.status} ${result.severity}: ${result.title}`,
        result.evidence ? `why: ${result.evidence}` : '',
        result.remediation ? `fix: ${result.remediation}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      if (fails(result)) testCase.failure(text, result.status);
      else if (
        result.status === 'NOT_APPLICABLE' ||
        result.status === 'SUPPRESSED' ||
        result.status === 'NOT_AVAILABLE'
      )
        testCase.skipped().standardOutput(text);
      else testCase.standardOutput(text);
    }
  }
  return `${builder.build()}\n`;
}
