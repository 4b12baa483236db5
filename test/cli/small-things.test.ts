/** The smaller points of issue 20, each as a person met it in the same trial. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';

const EXAMPLE = ['--snapshot', 'examples/hybrid-landing-zone.json', '--config', 'examples/hna.config.json'];
const scratch = () => mkdtempSync(join(tmpdir(), 'hna-small-'));

describe('enum flags and colour', () => {
  it('--fail-on and --format take any case, as --status does', async () => {
    const run = await runHna(['audit', ...EXAMPLE, '--fail-on', 'warning', '--format', 'JSON']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).results.length).toBeGreaterThan(0);
  });

  it('FORCE_COLOR colours a pipe; NO_COLOR wins over it', async () => {
    const forced = await runHna(['audit', ...EXAMPLE, '--fail-on', 'never'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const plain = await runHna(['audit', ...EXAMPLE, '--fail-on', 'never'], { env: {} });
    expect(plain.stdout).not.toContain('\u001b[');
    const both = await runHna(['audit', ...EXAMPLE, '--fail-on', 'never'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(both.stdout).not.toContain('\u001b[');
  });
});

describe('hna rules filters', () => {
  it('--scenario and --severity choose the rules listed', async () => {
    const all = JSON.parse((await runHna(['rules', '--format', 'json'])).stdout) as {
      id: string;
      scenario: string;
      severity: string;
    }[];
    const run = await runHna([
      'rules',
      '--format',
      'json',
      '--scenario',
      'drs',
      '--severity',
      'HIGH,critical',
    ]);
    const chosen = JSON.parse(run.stdout) as { id: string }[];
    const expected = all.filter((r) => r.scenario === 'DRS' && ['HIGH', 'CRITICAL'].includes(r.severity));
    expect(expected.length).toBeGreaterThan(0);
    expect(chosen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect((await runHna(['rules', '--scenario', 'NTP'])).code).toBe(2);
  });
});

describe('a suppression that matches nothing is said', () => {
  it('names the suppression and what it asked for', async () => {
    const config = join(scratch(), 'hna.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        suppressions: [
          { ruleId: 'NET.1', resourceId: 'vpce-0000000000000typo', reason: 'CHG-1', expires: '2099-01-01' },
        ],
      }),
    );
    const run = await runHna([
      'audit',
      '--snapshot',
      'examples/hybrid-landing-zone.json',
      '--config',
      config,
      '--fail-on',
      'never',
    ]);
    expect(run.stderr).toContain(
      'hna audit: suppressions[0] (NET.1 vpce-0000000000000typo) matches no result of this audit',
    );
    // The example's own suppression matches: nothing is said about it.
    const example = await runHna(['audit', ...EXAMPLE, '--fail-on', 'never']);
    expect(example.stderr).not.toContain('matches no result');
  });
});

describe('a malformed CIDR block in a snapshot', () => {
  it('is refused with its JSON path', async () => {
    const snapshot = JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8'));
    snapshot.regions['eu-west-1'].ec2.Subnets[0].CidrBlock = '10.50.1.0/33';
    const file = join(scratch(), 'bad.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const run = await runHna(['audit', '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('regions.eu-west-1.ec2.Subnets[0].CidrBlock: expected a CIDR block');
  });
});

describe('the machine formats say what they hold', () => {
  it('OCSF: metadata.uid names the account, in the same order of parts as finding_info.uid', async () => {
    const events = JSON.parse(
      (await runHna(['audit', ...EXAMPLE, '--format', 'ocsf', '--fail-on', 'never'])).stdout,
    ) as {
      metadata: { uid: string };
      finding_info: { uid: string };
      cloud: { account: { uid: string } };
    }[];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.metadata.uid).toBe(event.finding_info.uid);
      expect(event.metadata.uid.split('/')[2]).toBe(event.cloud.account.uid);
    }
  });

  it('the line on standard error counts what the file holds, and what it left out', async () => {
    const directory = scratch();
    const json = JSON.parse(
      (await runHna(['audit', ...EXAMPLE, '--format', 'json', '--fail-on', 'never'])).stdout,
    ) as {
      results: { status: string }[];
    };
    const notApplicable = json.results.filter((r) => r.status === 'NOT_APPLICABLE').length;
    expect(notApplicable).toBeGreaterThan(0);
    const out = join(directory, 'ocsf.json');
    const run = await runHna(['audit', ...EXAMPLE, '--format', 'ocsf', '--out', out, '--fail-on', 'never']);
    const held = (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length;
    expect(held).toBe(json.results.length - notApplicable);
    expect(run.stderr).toContain(`ocsf: ${held} results (${notApplicable} NOT_APPLICABLE not written)`);
  });

  it('CSV carries the fix commands', async () => {
    const rows = parse(
      (await runHna(['audit', ...EXAMPLE, '--format', 'csv', '--fail-on', 'never'])).stdout,
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toContain('commands');
    const withCommand = rows.filter((row) => row.commands);
    expect(withCommand.length).toBeGreaterThan(0);
    for (const row of withCommand) expect(row.commands).toMatch(/^aws ec2 /);
  });
});

describe('grammar', () => {
  it('one endpoint relies, several rely', async () => {
    const run = await runHna([
      'audit',
      ...EXAMPLE,
      '--rule',
      'NET.3',
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    const evidence = (JSON.parse(run.stdout).results as { evidence: string }[])
      .map((r) => r.evidence)
      .join(' ');
    expect(evidence).toMatch(/while vpce-\w+ relies on private DNS/);
    expect(evidence).not.toMatch(/vpce-\w+ rely\b/);
  });

  it('one region, several regions', async () => {
    const file = join(scratch(), 'one.json');
    const run = await runHna(['audit', ...EXAMPLE, '--format', 'json', '--out', file, '--fail-on', 'never']);
    expect(run.stderr).not.toMatch(/\b1 results\b/);
  });
});
