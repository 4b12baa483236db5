/**
 * One audit, every format asked for (issue 35): `--format json,html,… --out-dir D` writes
 * one file per format from the same audit; conflicting destinations are refused in one line.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';

const execute = promisify(execFile);
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
    const report = JSON.parse(read('hna-audit.json')) as {
      results: { status: string; resourceId: string }[];
    };
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
    const run = await runHna([
      'audit',
      ...example,
      ...args.map((a) => (a === 'd' ? join(directory, 'd') : a)),
    ]);
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

describe('hna audit --fail-on-severity: a result fails the gate at or above both levels', () => {
  const gate = async (rule: string, ...flags: string[]) =>
    (await runHna(['audit', ...example, '--rule', rule, ...flags])).code;

  it('a FAILED result below the severity passes the gate; at it and above, fails it', async () => {
    // NET.3 FAILED MEDIUM, DRS.8 FAILED HIGH, DRS.2 FAILED CRITICAL in the example.
    expect(await gate('NET.3')).toBe(1);
    expect(await gate('NET.3', '--fail-on-severity', 'HIGH')).toBe(0);
    expect(await gate('NET.3', '--fail-on-severity', 'medium')).toBe(1);
    expect(await gate('DRS.8', '--fail-on-severity', 'high')).toBe(1);
    expect(await gate('DRS.2', '--fail-on-severity', 'HIGH')).toBe(1);
    expect(await gate('DRS.8', '--fail-on-severity', 'CRITICAL')).toBe(0);
  });

  it('the status level still applies: a HIGH WARNING fails only from --fail-on WARNING', async () => {
    // DRS.3 WARNING HIGH, S3PL.7 WARNING LOW.
    expect(await gate('DRS.3', '--fail-on-severity', 'HIGH')).toBe(0);
    expect(await gate('DRS.3', '--fail-on', 'WARNING', '--fail-on-severity', 'HIGH')).toBe(1);
    expect(await gate('S3PL.7', '--fail-on', 'WARNING', '--fail-on-severity', 'MEDIUM')).toBe(0);
    expect(await gate('S3PL.7', '--fail-on', 'WARNING', '--fail-on-severity', 'LOW')).toBe(1);
  });

  it('JUnit marks as failures exactly the results that fail the gate', async () => {
    const run = await runHna([
      'audit',
      ...example,
      '--format',
      'junit',
      '--fail-on',
      'WARNING',
      '--fail-on-severity',
      'HIGH',
    ]);
    const report = JSON.parse((await runHna(['audit', ...example, '--format', 'json'])).stdout) as {
      results: { ruleId: string; status: string; severity: string }[];
    };
    const expected = report.results.filter(
      (r) => ['FAILED', 'WARNING'].includes(r.status) && ['CRITICAL', 'HIGH'].includes(r.severity),
    );
    expect(expected.length).toBeGreaterThan(0);
    // The severity narrows the gate: some FAILED or WARNING results are below HIGH.
    expect(expected.length).toBeLessThan(
      report.results.filter((r) => ['FAILED', 'WARNING'].includes(r.status)).length,
    );
    expect(run.stdout.match(/<failure /g)?.length).toBe(expected.length);
    expect(run.code).toBe(1);
  });

  it('refuses a severity outside CRITICAL, HIGH, MEDIUM, LOW in one line', async () => {
    const run = await runHna(['audit', ...example, '--fail-on-severity', 'SEVERE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "hna audit: option '--fail-on-severity <severity>' argument 'SEVERE' is invalid. Allowed choices are CRITICAL, HIGH, MEDIUM, LOW.\n",
    );
  });
});

describe('statuses as Prowler users type them', () => {
  it('--status FAIL and PASS are FAILED and PASSED; --fail-on fail is FAILED', async () => {
    const json = async (...flags: string[]) =>
      (
        JSON.parse((await runHna(['audit', ...example, '--format', 'json', ...flags])).stdout) as {
          results: unknown[];
        }
      ).results;
    expect(await json('--status', 'FAIL,pass')).toEqual(await json('--status', 'FAILED,PASSED'));
    expect((await json('--status', 'FAIL')).length).toBeGreaterThan(0);
    expect((await runHna(['audit', ...example, '--rule', 'NET.3', '--fail-on', 'fail'])).code).toBe(1);
  });
});

describe('hna rules ID', () => {
  it('prints the rule page, by id in any case or by slug', async () => {
    const page = readFileSync('docs/rules/replication-port-open.md', 'utf8');
    for (const id of ['DRS.2', 'drs.2', 'replication-port-open']) {
      const run = await runHna(['rules', id]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(page);
    }
    const json = JSON.parse((await runHna(['rules', 'DRS.2', '--format', 'json'])).stdout) as {
      id: string;
      page: string;
      file: string;
    };
    expect([json.id, json.page, json.file]).toEqual([
      'DRS.2',
      page,
      join(process.cwd(), 'docs/rules/replication-port-open.md'),
    ]);
  });

  it('refuses an unknown rule in one line', async () => {
    const run = await runHna(['rules', 'DRS.99']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'hna rules: DRS.99: no such rule (an id such as DRS.2 or a slug); hna rules lists them\n',
    );
  });

  it('the installed command finds its pages from any directory, and the table links them absolutely', async () => {
    const elsewhere = scratch();
    const bin = join(process.cwd(), 'bin/hna.mjs');
    const page = await execute(process.execPath, [bin, 'rules', 'DRS.2'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(page.stdout).toBe(readFileSync('docs/rules/replication-port-open.md', 'utf8'));
    // The example fails somewhere: the audit exits 1, its table is the error's stdout.
    const table = await execute(
      process.execPath,
      [bin, 'audit', '--snapshot', join(process.cwd(), 'examples/hybrid-landing-zone.json')],
      { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '300' } },
    ).catch((error: { code: number; stdout: string }) => {
      expect(error.code).toBe(1);
      return error;
    });
    const links = table.stdout.match(/doc: (\S+)/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(link.slice('doc: '.length)), link).toBe(true);
  });
});

describe('the JSON report and the files given as snapshots', () => {
  it('names every audited account in accountIds, the first in accountId', async () => {
    const run = await runHna([
      'audit',
      ...example,
      '--snapshot',
      'examples/network-account.json',
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    const report = JSON.parse(run.stdout) as {
      accountId: string;
      accountIds: string[];
      results: { accountId?: string }[];
    };
    const owners = new Set(report.results.map((r) => r.accountId));
    expect(report.accountIds).toEqual(['123456789012', '111122223333']);
    expect(report.accountId).toBe(report.accountIds[0]);
    for (const account of report.accountIds) expect(owners).toContain(account);
  });

  it.each([
    ['package.json', () => readFileSync('package.json', 'utf8'), 'an npm package manifest (package.json)'],
    [
      'an hna report',
      () => runHna(['audit', ...example, '--format', 'json']).then((r) => r.stdout),
      'an hna report (hna audit --format json)',
    ],
    [
      'ASFF findings',
      () => runHna(['audit', ...example, '--format', 'asff']).then((r) => r.stdout),
      'Security Hub findings (hna audit --format asff)',
    ],
    [
      'OCSF events',
      () => runHna(['audit', ...example, '--format', 'ocsf']).then((r) => r.stdout),
      'OCSF events (hna audit --format ocsf)',
    ],
    [
      'a configuration',
      () => readFileSync('examples/hna.config.json', 'utf8'),
      'an hna configuration (give it to --config)',
    ],
    [
      'a Terraform plan',
      () => JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: [] }),
      'a Terraform plan or state (give a plan to hna plan --terraform-plan)',
    ],
  ])('says that %s is not a snapshot, in one line, and what a snapshot is', async (_name, content, what) => {
    const directory = scratch();
    const file = join(directory, 'given.json');
    writeFileSync(file, await content());
    const run = await runHna(['audit', '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `hna audit: ${file}: this is ${what}, not a snapshot; a snapshot is what hna collect writes ({"version": 1, "accountId": …, "regions": {…}})\n`,
    );
  });
});
