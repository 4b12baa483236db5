/**
 * OCSF where AWS reads it (issue 35): the events validate against the OCSF 1.6.0 Compliance
 * Finding schema (test/report/fixtures/ocsf-1.6.0, with its provenance), NOT_AVAILABLE is
 * Unknown with its reason, and the Parquet file is read back by a real Parquet reader
 * (pyarrow, from the emulator's Python environment) with every field of every event.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { auditSnapshots } from '../../lib/audit/service.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { OCSF_PRODUCT, OCSF_VERSION, type OcsfEvent, toOcsf } from '../../lib/report/ocsf.js';
import { runHna } from '../support/cli-harness.js';
import { exampleConfig, NOW, RULES } from '../support/fixtures.js';
import { readParquetRows } from '../support/parquet.js';

const FIXTURES = 'test/report/fixtures/ocsf-1.6.0';
const readJson = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const schema = readJson('compliance_finding.cloud.schema.json');

const EXAMPLES = ['examples/hybrid-landing-zone.json', 'examples/network-account.json'];
const report = auditSnapshots(
  EXAMPLES.map((file) => parseSnapshot(readFileSync(file, 'utf8'), file)),
  { rules: RULES, config: exampleConfig(), now: NOW },
);
const events = toOcsf(report, '0.1.0');

const scratches: string[] = [];
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

describe('OCSF 1.6.0 Compliance Finding events', () => {
  it('the schema is OCSF 1.6.0 and agrees with the class and object of the ocsf-schema 1.6.0 tag', () => {
    expect(OCSF_VERSION).toBe('1.6.0');
    expect(schema.$id).toBe('https://schema.ocsf.io/schema/1.6.0/classes/compliance_finding?profiles=cloud');
    const definition = readJson('compliance_finding.json') as {
      uid: number;
      attributes: Record<string, { requirement: string }>;
    };
    for (const [name, attribute] of Object.entries(definition.attributes)) {
      expect(schema.properties, name).toHaveProperty(name);
      if (attribute.requirement === 'required') expect(schema.required).toContain(name);
    }
    const compliance = readJson('compliance.json') as { attributes: { status_id: { enum: object } } };
    // The object's own values, and 0 Unknown and 99 Other that every status_id inherits.
    const statuses = [...Object.keys(compliance.attributes.status_id.enum).map(Number), 0, 99].sort();
    expect([...schema.$defs.compliance.properties.status_id.enum].sort()).toEqual(statuses);
  });

  it('every event of the whole example validates against the 1.6.0 schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(events.length).toBeGreaterThan(50);
    for (const event of events) {
      const valid = validate(event);
      expect(valid, `${event.finding_info.uid}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The schema does judge: a status OCSF does not enumerate, or a member it does not define, fails.
    const first = events[0] as OcsfEvent;
    expect(validate({ ...first, compliance: { ...first.compliance, status_id: 7 } })).toBe(false);
    expect(validate({ ...first, metadata: { ...first.metadata, vendor: 'hna' } })).toBe(false);
  });

  it('a result that could not be judged is Unknown, with the reason; the vendor is the project', () => {
    const unknown = events.filter((event) => event.unmapped.hna_status === 'NOT_AVAILABLE');
    expect(unknown.length).toBeGreaterThan(0);
    for (const event of unknown) {
      expect([event.compliance.status_id, event.compliance.status]).toEqual([0, 'Unknown']);
      expect(event.compliance.status_details?.[0]).toBe(event.finding_info.desc);
      expect(event.compliance.status_details?.[0]?.length).toBeGreaterThan(0);
    }
    for (const event of events) {
      expect(event.metadata.product).toEqual({ ...OCSF_PRODUCT, version: '0.1.0' });
      expect(event.metadata.product.vendor_name).not.toBe('hna');
    }
  });
});

describe('hna audit --format ocsf-parquet', () => {
  it('is read back by pyarrow with every field of every OCSF event of the same audit', async () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 'hna-ocsf-'));
    scratches.push(directory);
    const snapshots = EXAMPLES.flatMap((file) => ['--snapshot', file]);
    // Act: one audit, the JSON events and the Parquet file.
    const run = await runHna([
      'audit',
      ...snapshots,
      '--config',
      'examples/hna.config.json',
      '--format',
      'ocsf,ocsf-parquet',
      '--out-dir',
      directory,
      '--fail-on',
      'never',
    ]);
    expect(run.code).toBe(0);
    const rows = await readParquetRows(join(directory, 'hna-audit.ocsf.parquet'));
    const written = JSON.parse(readFileSync(join(directory, 'hna-audit.ocsf.json'), 'utf8')) as OcsfEvent[];
    // Assess: the same events, field for field (a member the event leaves out reads as null).
    expect(written.length).toBeGreaterThan(50);
    expect(rows.map(withoutNulls)).toEqual(written);
    const columns = Object.keys(rows[0] ?? {});
    for (const event of written) for (const key of Object.keys(event)) expect(columns).toContain(key);
  });

  it('is binary: refused on standard output in one line', async () => {
    const run = await runHna(['audit', '--snapshot', EXAMPLES[0] as string, '--format', 'ocsf-parquet']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('hna audit: --format ocsf-parquet is binary: give --out FILE or --out-dir DIR\n');
  });
});

/** A row as pyarrow returns it, without the nulls of members the event leaves out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== null)
        .map(([key, member]) => [key, withoutNulls(member)]),
    );
  return value;
}
