/**
 * OCSF Compliance Finding events (class 2003) in OCSF 1.6.0, the version Security Hub
 * reads and Security Lake stores: one event per result that says something about
 * compliance (NOT_APPLICABLE results are left out), validated against the 1.6.0 schema
 * in test/report/ocsf.test.ts.
 */
import type { AuditReport } from '../audit/run-audit.js';
import type { ReportStatus, RuleResult, Severity } from '../catalog/rule.js';

export const OCSF_VERSION = '1.6.0';
/** The product and its maker as OCSF names them (metadata.product): the project makes hna. */
export const OCSF_PRODUCT = {
  name: 'hybrid-network-auditor',
  vendor_name: 'hybrid-network-auditor',
} as const;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY_ID: Record<Severity, number> = { INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };

/**
 * OCSF 1.6.0 compliance.status_id: 0 Unknown, 1 Pass, 2 Warning, 3 Fail. A result that could
 * not be judged is Unknown, with the reason in status_details — never a pass or a warning.
 */
const COMPLIANCE_STATUS: Partial<Record<ReportStatus, { id: number; caption: string }>> = {
  PASSED: { id: 1, caption: 'Pass' },
  WARNING: { id: 2, caption: 'Warning' },
  NOT_AVAILABLE: { id: 0, caption: 'Unknown' },
  FAILED: { id: 3, caption: 'Fail' },
};

const COMPLIANCE_FINDING_CLASS = 2003;
const FINDINGS_CATEGORY = 2;
const ACTIVITY_CREATE = 1;

/** The shape of one event: what the Parquet writer's schema follows, field by field. */
export interface OcsfEvent {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  message: string;
  metadata: {
    version: string;
    profiles: string[];
    product: { name: string; vendor_name: string; version?: string };
    uid: string;
  };
  cloud: { provider: string; region: string; account: { uid: string } };
  finding_info: { uid: string; title: string; desc: string; types: string[]; src_url: string };
  compliance: {
    standards: string[];
    control: string;
    status_id: number;
    status: string;
    status_details?: string[];
  };
  resources: { uid: string; name: string; type: string; region: string }[];
  remediation?: { desc: string };
  unmapped: { rule_slug: string; hna_status: string };
}

/** The one event of a result (NOT_APPLICABLE has none). */
function toEvent(
  result: RuleResult,
  report: AuditReport,
  version: string | undefined,
  time: number,
): OcsfEvent {
  const judged = result.suppressedStatus ?? result.status;
  const status = COMPLIANCE_STATUS[judged as ReportStatus] ?? { id: 99, caption: judged };
  const accountId = result.accountId ?? report.accountId;
  // The same parts in the same order as the ASFF Id.
  const uid = `hna/${result.ruleId}/${accountId}/${result.region}/${result.resourceId}`;
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
      profiles: ['cloud'],
      product: { ...OCSF_PRODUCT, ...(version ? { version } : {}) },
      uid,
    },
    cloud: { provider: 'AWS', region: result.region, account: { uid: accountId } },
    finding_info: {
      uid,
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
      // Why it could not be judged: the evidence names what was not collected.
      ...(judged === 'NOT_AVAILABLE'
        ? { status_details: [result.evidence ?? 'not judged: the inputs were not collected'] }
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
}

/**
 * One OCSF Compliance Finding event per result that says something about compliance;
 * `version` is hna's own (the product version), left out where it is not known.
 */
export function toOcsf(report: AuditReport, version?: string): OcsfEvent[] {
  const time = Date.parse(report.generatedAt);
  return report.results
    .filter((result) => result.status !== 'NOT_APPLICABLE')
    .map((result) => toEvent(result, report, version, time));
}

export function formatOcsf(report: AuditReport, version: string): string {
  return `${JSON.stringify(toOcsf(report, version), null, 2)}\n`;
}
