/**
 * The command against the emulator and as installed: `hna collect` reads the local AWS
 * (the emulator the integration project's global setup starts), and bin/hna.mjs runs the
 * bundle that global setup builds. The in-process command tests are in cli.test.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { runHna } from '../support/cli-harness.js';

const run = promisify(execFile);

const hna = runHna;

const scratch = () => mkdtempSync(join(tmpdir(), 'hna-cli-'));

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
    // The identity call is a call like the others (issue 20), counted once, not as a retry.
    expect(stderr).toMatch(/sts:GetCallerIdentity\s+1\s+0\s+0/);
    expect(stderr).toContain('2 regions,');
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

  it('ends quietly, with the audit’s own exit status, when the reader closes the pipe early (hna audit | head)', async () => {
    // Act: a reader that has closed its end before the first byte (head -c 0, at the worst moment).
    const child = spawn(
      process.execPath,
      [
        'bin/hna.mjs',
        'audit',
        '--snapshot',
        'examples/hybrid-landing-zone.json',
        '--snapshot',
        'examples/network-account.json',
        '--format',
        'json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // Assess: no stack trace, and exit 1 as the audit has FAILED results.
    expect(stderr).not.toMatch(/EPIPE|at .*\.js|Error:/);
    expect(code).toBe(1);
  });
});
