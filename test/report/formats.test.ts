/** The formats other tools read (docs/design/cli.md): CSV, JUnit XML and OCSF Compliance Finding events. */
import { describe, expect, it } from 'vitest';
import { auditSnapshots, runAudit } from '../../lib/audit/service.js';
import { formatCsv, formatJunit } from '../../lib/report/formats.js';
import { OCSF_VERSION, toOcsf } from '../../lib/report/ocsf.js';
import { exampleConfig, loadExample, loadNetworkExample, NOW, RULES } from '../support/fixtures.js';

const report = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW });

/** RFC 4180 CSV records (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  return records;
}

describe('CSV', () => {
  it('has a header and one row a result, every field recoverable', () => {
    const rows = parseCsv(formatCsv(report));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows).toHaveLength(report.results.length + 1);
    const first = report.results[0];
    expect(rows[1]?.[0]).toBe(first?.ruleId);
    expect(rows[1]?.[5]).toBe(report.accountId);
    expect(rows[1]?.[10]).toBe(first?.evidence);
  });

  it('names on every row the account that owns the resource when several are audited together', () => {
    const both = auditSnapshots([loadExample(), loadNetworkExample()], {
      rules: RULES,
      config: exampleConfig(),
      now: NOW,
    });
    const rows = parseCsv(formatCsv(both)).slice(1);
    expect(new Set(rows.map((row) => row[5]))).toEqual(new Set(['123456789012', '111122223333']));
    expect(rows.find((row) => row[0] === 'NET.6')?.[5]).toBe('111122223333');
    // OCSF and JUnit say it too.
    const ocsf = toOcsf(both, '0.1.0') as {
      finding_info: { uid: string };
      cloud: { account: { uid: string } };
    }[];
    expect(ocsf.find((event) => event.finding_info.uid.includes('/NET.6/'))?.cloud.account.uid).toBe(
      '111122223333',
    );
    expect(formatJunit(both, new Set(['FAILED']))).toContain('name="NET.6 111122223333 eu-west-1');
  });
});

describe('JUnit XML', () => {
  it('has one test case a result, grouped by scenario, FAILED as failures', () => {
    const xml = formatJunit(report, new Set(['FAILED']));
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml.match(/<failure /g)).toHaveLength(report.summary.FAILED);
    // One suite a scenario the report has results in (derived: the example grows with the catalog).
    expect(xml.match(/<testsuite /g)?.length).toBe(
      new Set(report.results.map((r) => r.ruleId.split('.')[0])).size,
    );
    const warnings = formatJunit(report, new Set(['FAILED', 'WARNING']));
    expect(warnings.match(/<failure /g)).toHaveLength(report.summary.FAILED + report.summary.WARNING);
  });
});

describe('OCSF Compliance Finding events', () => {
  // OCSF 1.x: the base event's and the Findings category's required attributes, and those
  // of the objects a Compliance Finding (class 2003) carries.
  const REQUIRED = [
    'activity_id',
    'category_uid',
    'class_uid',
    'metadata',
    'severity_id',
    'time',
    'type_uid',
    'finding_info',
    'compliance',
  ];
  it('carry every required attribute with valid enum values', () => {
    const events = toOcsf(report, '0.1.0');
    expect(events.length).toBe(report.results.filter((r) => r.status !== 'NOT_APPLICABLE').length);
    for (const event of events) {
      for (const key of REQUIRED) expect(event, key).toHaveProperty(key);
      expect(event.class_uid).toBe(2003);
      expect(event.category_uid).toBe(2);
      expect(event.type_uid).toBe(2003 * 100 + (event.activity_id as number));
      expect([1, 2, 3, 4, 5]).toContain(event.severity_id);
      expect(typeof event.time).toBe('number');
      const metadata = event.metadata as { version: string; product: { name: string } };
      expect(metadata.version).toBe(OCSF_VERSION);
      expect(metadata.product.name).toBe('hybrid-network-auditor');
      const info = event.finding_info as { uid: string };
      expect(info.uid).toMatch(/^hna\//);
      const compliance = event.compliance as { standards: string[]; status_id: number };
      expect(compliance.standards.length).toBeGreaterThan(0);
      expect([0, 1, 2, 3]).toContain(compliance.status_id);
    }
    const uids = events.map((e) => (e.finding_info as { uid: string }).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('map each status and severity exactly as OCSF 1.6 enumerates them', () => {
    // OCSF 1.6.0: compliance.status_id 0 Unknown, 1 Pass, 2 Warning, 3 Fail; severity_id 1
    // Informational … 5 Critical; the finding's status_id 1 New, 3 Suppressed. NOT_AVAILABLE
    // could not be judged: Unknown, with the reason in status_details.
    const COMPLIANCE = {
      PASSED: [1, 'Pass'],
      WARNING: [2, 'Warning'],
      FAILED: [3, 'Fail'],
      NOT_AVAILABLE: [0, 'Unknown'],
    };
    const SEVERITY = {
      INFORMATIONAL: [1, 'Informational'],
      LOW: [2, 'Low'],
      MEDIUM: [3, 'Medium'],
      HIGH: [4, 'High'],
      CRITICAL: [5, 'Critical'],
    };
    const judged = report.results.filter((r) => r.status !== 'NOT_APPLICABLE');
    const events = toOcsf(report, '0.1.0');
    expect(events).toHaveLength(judged.length);
    const seen = new Set<string>();
    judged.forEach((result, i) => {
      const event = events[i] as {
        severity_id: number;
        severity: string;
        status_id: number;
        status: string;
        compliance: { status_id: number; status: string; status_details?: string[] };
        finding_info: { uid: string };
      };
      expect(event.finding_info.uid).toBe(
        `hna/${result.ruleId}/${report.accountId}/${result.region}/${result.resourceId}`,
      );
      const status = result.suppressedStatus ?? result.status;
      seen.add(result.status === 'SUPPRESSED' ? `SUPPRESSED ${status}` : status);
      const [complianceId, complianceCaption] = COMPLIANCE[status as keyof typeof COMPLIANCE];
      expect([event.compliance.status_id, event.compliance.status], `${result.ruleId} ${status}`).toEqual([
        complianceId,
        complianceCaption,
      ]);
      // Unknown says why: the evidence that names what was not collected.
      expect(event.compliance.status_details).toEqual(
        status === 'NOT_AVAILABLE' ? [result.evidence] : undefined,
      );
      const [severityId, severityCaption] = SEVERITY[result.severity];
      expect([event.severity_id, event.severity]).toEqual([severityId, severityCaption]);
      expect([event.status_id, event.status]).toEqual(
        result.status === 'SUPPRESSED' ? [3, 'Suppressed'] : [1, 'New'],
      );
    });
    // The example holds every status, so each mapping above was exercised.
    for (const status of ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']) expect(seen).toContain(status);
    expect([...seen].some((s) => s.startsWith('SUPPRESSED '))).toBe(true);
  });
});
