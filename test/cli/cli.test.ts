import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { RULES } from '../../lib/rules/index.js';
import { runHna } from '../support/cli-harness.js';
import { exampleConfig, loadExample, NOW } from '../support/fixtures.js';

const hna = runHna;

const example = ['--snapshot', 'examples/hybrid-landing-zone.json'];
const scratches: string[] = [];
const scratch = () => {
  const directory = mkdtempSync(join(tmpdir(), 'hna-cli-'));
  scratches.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

describe('hna audit', () => {
  it('prints the JSON document of docs/design/cli.md and exits 1 when something FAILED', async () => {
    // Act
    const { code, stdout, stderr } = await hna(['audit', ...example, '--format', 'json']);
    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual([
      'version',
      'accountId',
      'accountIds',
      'generatedAt',
      'summary',
      'results',
    ]);
    expect(report.accountIds).toEqual([report.accountId]);
    expect(Object.keys(report.summary)).toEqual([
      'PASSED',
      'WARNING',
      'FAILED',
      'NOT_APPLICABLE',
      'NOT_AVAILABLE',
      'SUPPRESSED',
    ]);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('honours --fail-on', async () => {
    expect((await hna(['audit', ...example, '--fail-on', 'never'])).code).toBe(0);
    expect((await hna(['audit', ...example, '--fail-on', 'WARNING'])).code).toBe(1);
  });

  it('prints the table whatever stdout is: summary first, colour only on a terminal without NO_COLOR', async () => {
    const config = ['--config', 'examples/hna.config.json'];
    // ESC, as colour codes begin.
    const colour = String.fromCharCode(27);
    const piped = await hna(['audit', ...example, ...config]);
    // The count the heading states is the audit's own, derived here, not copied from an earlier run.
    const count = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW }).results.length;
    expect(count).toBeGreaterThan(0);
    expect(piped.stdout).toMatch(
      new RegExp(`^hna audit — account 123456789012, ${count} results\\n\\nSCENARIO\\s+FAILED\\s+WARNING`),
    );
    expect(piped.stdout).not.toContain(colour);
    expect(piped.stdout).toContain('fix: ');
    // The page where the installed package keeps it: an absolute path, right from any directory.
    expect(piped.stdout).toContain(`doc: ${join(process.cwd(), 'docs/rules/replication-port-open.md')}`);
    const onTerminal = await hna(['audit', ...example, ...config], { tty: true });
    expect(onTerminal.stdout).toContain(colour);
    const noColour = await hna(['audit', ...example, ...config], {
      tty: true,
      env: { AWS_REGION: 'eu-west-1', NO_COLOR: '1' },
    });
    expect(noColour.stdout).not.toContain(colour);
    // What needs attention comes before what passed.
    expect(piped.stdout.indexOf('Needs attention')).toBeLessThan(
      piped.stdout.indexOf('Passed, not applicable'),
    );
  });

  it('wraps to the width without breaking an identifier', async () => {
    const { stdout } = await hna(['audit', ...example, '--config', 'examples/hna.config.json'], {
      env: { AWS_REGION: 'eu-west-1', COLUMNS: '80' },
    });
    const identifiers =
      stdout.match(/\b(?:vpce|subnet|sg|rtb|acl|vpc|vpn|vgw)-[0-9a-f]+\b|arn:aws:[^\s]+/g) ?? [];
    expect(identifiers.length).toBeGreaterThan(50);
    for (const line of stdout.split('\n')) {
      // A line is within 80 columns, or it is one identifier alone on its line, or a command to copy whole.
      if ([...line].length > 80) expect(line.trim()).toMatch(/^(\S+|run: aws ec2 .+)$/);
    }
    // Every identifier of the JSON report appears whole in the table.
    const report = await hna([
      'audit',
      ...example,
      '--format',
      'json',
      '--config',
      'examples/hna.config.json',
    ]);
    for (const result of JSON.parse(report.stdout).results as { resourceId: string; status: string }[])
      if (result.status !== 'PASSED') expect(stdout).toContain(result.resourceId);
  });

  it('filters what is shown by status, severity, scenario and rule, and exits on what is shown', async () => {
    const failed = await hna(['audit', ...example, '--status', 'FAILED']);
    const rows = failed.stdout
      .split('\n')
      .filter((line) => /^(FAILED|WARNING|PASSED|NOT_AVAILABLE|NOT_APPLICABLE|SUPPRESSED)\s/.test(line));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((line) => line.startsWith('FAILED '))).toBe(true);
    const json = JSON.parse(
      (await hna(['audit', ...example, '--format', 'json', '--scenario', 'vpn', '--severity', 'HIGH,MEDIUM']))
        .stdout,
    );
    // Not vacuous: the filter keeps some results, and only those it names.
    expect(json.results.length).toBeGreaterThan(0);
    expect(
      json.results.every(
        (r: { ruleId: string; severity: string }) =>
          r.ruleId.startsWith('VPN.') && ['HIGH', 'MEDIUM'].includes(r.severity),
      ),
    ).toBe(true);
    const passedOnly = await hna(['audit', ...example, '--rule', 'NET.1', '--status', 'PASSED']);
    expect(passedOnly.code).toBe(0);
    const bad = await hna(['audit', ...example, '--status', 'BROKEN']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'hna audit: --status BROKEN: expected one of FAILED, WARNING, NOT_AVAILABLE, PASSED, NOT_APPLICABLE, SUPPRESSED\n',
    );
  });

  it('takes NOT_AVAILABLE as a --fail-on level, and says when no rule could judge anything', async () => {
    expect((await hna(['audit', ...example, '--rule', 'DSYNC.1', '--fail-on', 'WARNING'])).code).toBe(0);
    expect((await hna(['audit', ...example, '--rule', 'DSYNC.1', '--fail-on', 'NOT_AVAILABLE'])).code).toBe(
      1,
    );
    const dir = scratch();
    const empty = join(dir, 'unreadable.json');
    writeFileSync(
      empty,
      JSON.stringify({
        version: 1,
        accountId: '123456789012',
        regions: { 'eu-west-1': {} },
        errors: [
          {
            region: 'eu-west-1',
            service: 'ec2',
            operation: 'DescribeVpcs',
            code: 'UnauthorizedOperation',
            message: 'x',
          },
        ],
      }),
    );
    const nothing = await hna(['audit', '--snapshot', empty, '--fail-on', 'never']);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain('hna audit: nothing was judged: every result is NOT_AVAILABLE');
    // Without --fail-on never, a gate that judged nothing does not pass.
    expect((await hna(['audit', '--snapshot', empty])).code).toBe(5);
  });

  it('writes --out whole', async () => {
    const out = join(scratch(), 'report.json');
    const { code, stdout, stderr } = await hna([
      'audit',
      ...example,
      '--format',
      'json',
      '--out',
      out,
      '--fail-on',
      'never',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const written = JSON.parse(readFileSync(out, 'utf8')) as { version: number; results: unknown[] };
    expect(stderr).toMatch(
      new RegExp(
        `^hna: wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(json: ${written.results.length} results: `,
      ),
    );
    expect(written.version).toBe(1);
    expect(written.results.length).toBeGreaterThan(0);
  });

  it.each([
    [['audit', '--snapshot', 'no/such.json'], 'hna audit: snapshot no/such.json: no such file'],
    [
      ['audit', ...example, '--format', 'yaml'],
      "hna audit: option '--format <format>' argument 'yaml' is invalid. Allowed choices are table, json, asff, html, csv, junit, ocsf, ocsf-parquet.",
    ],
    [
      ['audit', ...example, '--fail-on', 'ERROR'],
      "hna audit: option '--fail-on <level>' argument 'ERROR' is invalid. Allowed choices are FAILED, WARNING, NOT_AVAILABLE, never.",
    ],
    [['audit', '--snapshto', 'x'], "hna audit: unknown option '--snapshto'"],
    [
      ['audit', ...example, '--regions', 'eu-west-1'],
      'hna audit: --snapshot: audit either a snapshot file or a live account',
    ],
    [['frobnicate'], "hna: unknown command 'frobnicate'"],
    [
      ['collect', '--regions', 'us-eest-1'],
      'hna collect: --regions: "us-eest-1" is not a region of any AWS partition',
    ],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const { code, stdout, stderr } = await hna(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(message)).toBe(true);
  });

  it('refuses a malformed snapshot with its JSON path and writes nothing', async () => {
    // Prepare
    const dir = scratch();
    const document = JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8'));
    document.regions['eu-west-1'].ec2.Subnets[3].AvailableIpAddressCount = 'three';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(document));
    const out = join(dir, 'report.json');
    // Act
    const { code, stderr } = await hna(['audit', '--snapshot', join(dir, 'bad.json'), '--out', out]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(
      `hna audit: ${join(dir, 'bad.json')}: regions.eu-west-1.ec2.Subnets[3].AvailableIpAddressCount: expected number, got string\n`,
    );
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });

  it('refuses a bad configuration with its path', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ vpn: { dtsCidrs: ['100.104.0.0/33'] } }));
    const { code, stderr } = await hna(['audit', ...example, '--config', join(dir, 'c.json')]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `hna audit: ${join(dir, 'c.json')}: vpn.dtsCidrs[0]: "100.104.0.0/33" is not a CIDR block\n`,
    );
  });
});

describe('hna rules', () => {
  it('lists the registered rules as JSON', async () => {
    const { code, stdout } = await hna(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout) as { id: string; slug: string }[];
    expect(rules.map((r) => r.id)).toContain('NET.1');
  });
});
