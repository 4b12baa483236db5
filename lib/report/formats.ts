/**
 * The formats other tools read (cli.md): CSV one row a result; JUnit XML one test case
 * a result, grouped by scenario, for CI test-report views; OCSF Compliance Finding
 * events, the schema of Security Lake and of Security Hub's OCSF findings (v1.x).
 */
import { stringify } from 'csv-stringify/sync';
import junitModule, { type Builder } from 'junit-report-builder';
import { scenarioOf } from '../audit/filter.js';
import type { AuditReport } from '../audit/run-audit.js';
import type { ReportStatus, RuleResult, Severity } from '../catalog/rule.js';
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

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY_ID: Record<Severity, number> = { INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };
/** OCSF compliance.status_id: 1 Pass, 2 Warning (also: no result for missing information), 3 Fail. */
const COMPLIANCE_STATUS: Partial<Record<ReportStatus, { id: number; caption: string }>> = {
  PASSED: { id: 1, caption: 'Pass' },
  WARNING: { id: 2, caption: 'Warning' },
  NOT_AVAILABLE: { id: 2, caption: 'Warning' },
  FAILED: { id: 3, caption: 'Fail' },
};

export const OCSF_VERSION = '1.3.0';
const COMPLIANCE_FINDING_CLASS = 2003;
const FINDINGS_CATEGORY = 2;
const ACTIVITY_CREATE = 1;

/** One OCSF Compliance Finding event per result that says something about compliance. */
export function toOcsf(report: AuditReport, version: string): Record<string, unknown>[] {
  const time = Date.parse(report.generatedAt);
  return report.results
    .filter((result) => result.status !== 'NOT_APPLICABLE')
    .map((result) => {
      const judged = result.suppressedStatus ?? result.status;
      const status = COMPLIANCE_STATUS[judged as ReportStatus] ?? { id: 99, caption: judged };
      return {
        activity_id: ACTIVITY_CREATE,
        activity_name: 'Create',
        category_uid: FINDINGS_CATEGORY,
        category_name: 'Findings',
        class_uid: COMPLIANCE_FINDING_CLASS,
        class_name: 'Compliance Finding',
        type_uid: COMPLIANCE_FINDING_CLASS * 100 + ACTIVITY_CREATE,
        type_name: 'Compliance Finding: Create',
        time,
        severity_id: SEVERITY_ID[result.severity],
        severity: result.severity.charAt(0) + result.severity.slice(1).toLowerCase(),
        status_id: result.status === 'SUPPRESSED' ? 3 : 1,
        status: result.status === 'SUPPRESSED' ? 'Suppressed' : 'New',
        message: `${result.ruleId} ${result.title}: ${judged}`,
        metadata: {
          version: OCSF_VERSION,
          product: { name: 'hybrid-network-auditor', vendor_name: 'hna', version },
          // The same parts in the same order as finding_info.uid and the ASFF Id.
          uid: `hna/${result.ruleId}/${result.accountId ?? report.accountId}/${result.region}/${result.resourceId}`,
        },
        cloud: {
          provider: 'AWS',
          region: result.region,
          account: { uid: result.accountId ?? report.accountId },
        },
        finding_info: {
          uid: `hna/${result.ruleId}/${result.accountId ?? report.accountId}/${result.region}/${result.resourceId}`,
          title: result.title,
          desc: result.evidence ?? '',
          types: [`hna/${result.ruleId}`],
          src_url: result.source,
        },
        compliance: {
          standards: ['hna hybrid network requirements'],
          control: result.ruleId,
          status_id: status.id,
          status: status.caption,
          ...(judged === 'NOT_AVAILABLE'
            ? { status_detail: 'not judged: the inputs were not collected' }
            : {}),
        },
        resources: [
          {
            uid: result.resourceArn || result.resourceId,
            name: result.resourceId,
            type: result.resourceType,
            region: result.region,
          },
        ],
        ...(result.remediation ? { remediation: { desc: result.remediation } } : {}),
        unmapped: { rule_slug: result.slug, hna_status: result.status },
      };
    });
}

export function formatOcsf(report: AuditReport, version: string): string {
  return `${JSON.stringify(toOcsf(report, version), null, 2)}\n`;
}
