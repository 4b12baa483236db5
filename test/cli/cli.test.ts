import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { runHna } from '../support/cli-harness.js';

const run = promisify(execFile);

const hna = runHna;

const example = ['--snapshot', 'examples/hybrid-landing-zone.json'];
const scratch = () => mkdtempSync(join(tmpdir(), 'hna-cli-'));

describe('hna audit', () => {
  it('prints the JSON document of cli.md and exits 1 when something FAILED', async () => {
    // Act
    const { code, stdout, stderr } = await hna(['audit', ...example, '--format', 'json']);
    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['version', 'accountId', 'generatedAt', 'summary', 'results']);
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

  it('prints a table by default on a terminal, JSON otherwise', async () => {
    const onTerminal = await hna(['audit', ...example, '--config', 'examples/hna.config.json'], {
      tty: true,
    });
    expect(onTerminal.stdout).toMatch(/^STATUS\s+RULE\s+SEVERITY\s+REGION\s+RESOURCE/);
    expect(onTerminal.stdout).toContain('fix: ');
    const piped = await hna(['audit', ...example]);
    expect(() => JSON.parse(piped.stdout)).not.toThrow();
  });

  it('writes --out whole', async () => {
    const out = join(scratch(), 'report.json');
    const { code, stdout } = await hna([
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
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe(1);
  });

  it.each([
    [['audit', '--snapshot', 'no/such.json'], 'hna audit: snapshot no/such.json: no such file'],
    [['audit', ...example, '--format', 'yaml'], 'hna audit: --format yaml: expected one of table, json'],
    [
      ['audit', ...example, '--fail-on', 'ERROR'],
      'hna audit: --fail-on ERROR: expected one of FAILED, WARNING, never',
    ],
    [['audit', '--snapshto', 'x'], "hna audit: Unknown option '--snapshto'"],
    [
      ['audit', ...example, '--regions', 'eu-west-1'],
      'hna audit: --snapshot: audit either a snapshot file or a live account',
    ],
    [['frobnicate'], 'hna: unknown command "frobnicate"'],
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

describe('hna collect against the emulator', () => {
  const endpoint = inject('awsEndpoint');

  it('writes a valid snapshot and prints call counts with --stats', async () => {
    const out = join(scratch(), 'snapshot.json');
    const { code, stderr } = await hna([
      'collect',
      '--endpoint-url',
      endpoint,
      '--regions',
      'us-east-1,eu-west-1',
      '--out',
      out,
      '--stats',
    ]);
    expect(code).toBe(0);
    const snapshot = parseSnapshot(readFileSync(out, 'utf8'), out);
    expect(Object.keys(snapshot.regions ?? {})).toEqual(['us-east-1', 'eu-west-1']);
    expect(stderr).toMatch(/OPERATION\s+CALLS\s+RETRIES\s+THROTTLED/);
    expect(stderr).toMatch(/ec2:DescribeSubnets\s+2\s+0\s+0/);
    expect(stderr).toMatch(/total\s+\d+\s+\d+\s+\d+/);
    // moto has no DataSync or DRS: the failed calls are named by operation and count.
    expect(stderr).toMatch(/calls failed \(.*datasync:ListAgents × 2/);
  });

  it('refuses a region name that is not one', async () => {
    const { code, stderr } = await hna([
      'collect',
      '--endpoint-url',
      endpoint,
      '--regions',
      'eu-west-1,Ireland',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--regions: "Ireland" is not a region name');
  });
});

describe('the hna command as installed', () => {
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs']);
  });

  it('runs from bin/hna.mjs', async () => {
    const { stdout } = await run(process.execPath, ['bin/hna.mjs', 'rules', '--format', 'json']);
    expect(JSON.parse(stdout).length).toBeGreaterThan(0);
  });

  it('exits 3 with how to provide credentials when there are none', async () => {
    // Prepare: an environment with no credentials anywhere
    const home = scratch();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // Act
    const outcome = await run(
      process.execPath,
      ['bin/hna.mjs', 'collect', '--regions', 'eu-west-1', '--endpoint-url', inject('awsEndpoint')],
      {
        env,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    // Assess
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(
      /^hna collect: no usable AWS credentials .*pass --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID/,
    );
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(home, 'snapshot.json'))).toBe(false);
  });
});
