/**
 * One audit, every format asked for (issue 35): `--format json,html,… --out-dir D` writes
 * one file per format from the same audit; conflicting destinations are refused in one line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';

const example = ['--snapshot', 'examples/hybrid-landing-zone.json'];
const scratches: string[] = [];
function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'hna-outputs-'));
  scratches.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

describe('hna audit --format LIST --out-dir DIR', () => {
  it('writes six files from one audit, each whole and readable by what reads its format', async () => {
    // Prepare
    const directory = join(scratch(), 'reports');
    // Act
    const run = await runHna([
      'audit',
      ...example,
      '--format',
      'json,html,csv,junit,ocsf,asff',
      '--out-dir',
      directory,
      '--fail-on',
      'never',
    ]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readdirSync(directory).sort()).toEqual([
      'hna-audit.asff.json',
      'hna-audit.csv',
      'hna-audit.html',
      'hna-audit.json',
      'hna-audit.junit.xml',
      'hna-audit.ocsf.json',
    ]);
    expect(run.stderr.trim().split('\n')).toHaveLength(6);
    const read = (name: string) => readFileSync(join(directory, name), 'utf8');
    const report = JSON.parse(read('hna-audit.json')) as { results: { status: string; resourceId: string }[] };
    const notApplicable = report.results.filter((r) => r.status === 'NOT_APPLICABLE').length;
    // Every file holds the same audit: the same results, less those a format leaves out.
    const rows = parse(read('hna-audit.csv'), { columns: true }) as { resourceId: string }[];
    expect(rows.map((row) => row.resourceId)).toEqual(report.results.map((r) => r.resourceId));
    expect((JSON.parse(read('hna-audit.asff.json')) as unknown[]).length).toBe(
      report.results.length - notApplicable,
    );
    expect((JSON.parse(read('hna-audit.ocsf.json')) as unknown[]).length).toBe(
      report.results.length - notApplicable,
    );
    expect(read('hna-audit.junit.xml').match(/<testcase /g)?.length).toBe(report.results.length);
    expect(read('hna-audit.html')).toMatch(/^<!doctype html>/i);
    for (const name of readdirSync(directory))
      expect(run.stderr).toContain(`hna: wrote ${join(directory, name)} (`);
  });

  it('one format with --out-dir writes its one file; the same format twice is written once', async () => {
    const directory = scratch();
    const run = await runHna(['audit', ...example, '--format', 'CSV,csv', '--out-dir', directory]);
    expect(run.code).toBe(1);
    expect(readdirSync(directory)).toEqual(['hna-audit.csv']);
  });

  it.each([
    [
      ['--format', 'json,html'],
      'hna audit: --format json,html: several formats need --out-dir DIR (one file per format: hna-audit.json, hna-audit.html)',
    ],
    [
      ['--format', 'json', '--out', 'x.json', '--out-dir', 'd'],
      'hna audit: --out x.json: give either --out FILE (one format) or --out-dir DIR (one file per format), not both',
    ],
    [
      ['--format', 'json,yaml', '--out-dir', 'd'],
      "hna audit: option '--format <format>' argument 'json,yaml' is invalid. Allowed choices are",
    ],
  ])('refuses %j with exit 2, one line and no file', async (args, message) => {
    const directory = scratch();
    const run = await runHna(['audit', ...example, ...args.map((a) => (a === 'd' ? join(directory, 'd') : a))]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses an --out-dir that is a file, and a directory that would overwrite an input', async () => {
    const directory = scratch();
    const file = join(directory, 'taken');
    writeFileSync(file, 'keep');
    const onFile = await runHna(['audit', ...example, '--format', 'json,csv', '--out-dir', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`hna audit: --out-dir ${file}: not a directory\n`);
    expect(readFileSync(file, 'utf8')).toBe('keep');
    // A snapshot named as --out-dir's json file would be replaced by the report.
    const snapshot = join(directory, 'hna-audit.json');
    writeFileSync(snapshot, readFileSync('examples/hybrid-landing-zone.json'));
    const overwrite = await runHna([
      'audit',
      '--snapshot',
      snapshot,
      '--format',
      'json,csv',
      '--out-dir',
      directory,
    ]);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain('that is the file given to --snapshot');
    expect(readdirSync(directory).sort()).toEqual(['hna-audit.json', 'taken']);
  });
});
