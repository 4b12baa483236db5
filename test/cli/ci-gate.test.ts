/**
 * The command as a CI job runs it (issue 20, points 1-5): the built CLI (`bin/hna.mjs`, the
 * bundle the global setup builds from this source) in a subprocess, exit status and files
 * as the job sees them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonc } from '../../lib/config/file.js';
import { defaultConfig, parseConfig } from '../../lib/config/load.js';
import { ruleIds } from '../../lib/rules/index.js';

const exec = promisify(execFile);
const EXAMPLE = 'examples/hybrid-landing-zone.json';
const NETWORK = 'examples/network-account.json';

async function hna(
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...nodeArgs, 'bin/hna.mjs', ...args], {
      maxBuffer: 1 << 26,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const scratches: string[] = [];
function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'hna-ci-'));
  scratches.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

function file(directory: string, name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('point 1: an audit that judged nothing never goes green', () => {
  it('an empty snapshot exits 5, and --fail-on never accepts it deliberately', async () => {
    const empty = file(scratch(), 'empty.json', { version: 1, accountId: '123456789012', regions: {} });
    const gate = await hna(['audit', '--snapshot', empty]);
    expect(gate.code).toBe(5);
    expect(gate.stderr).toContain('nothing was judged');
    const accepted = await hna(['audit', '--snapshot', empty, '--fail-on', 'never']);
    expect(accepted.code).toBe(0);
  });

  it('a snapshot with only subnets (every rule NOT_AVAILABLE) exits 5 at every level but never', async () => {
    const subnets = file(scratch(), 'subnets.json', {
      version: 1,
      accountId: '123456789012',
      regions: {
        'eu-west-1': {
          ec2: { Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' }] },
        },
      },
    });
    for (const level of ['FAILED', 'WARNING', 'NOT_AVAILABLE']) {
      const run = await hna(['audit', '--snapshot', subnets, '--fail-on', level, '--format', 'json']);
      const results = JSON.parse(run.stdout).results as { status: string }[];
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.status === 'NOT_AVAILABLE' || r.status === 'NOT_APPLICABLE')).toBe(true);
      // NOT_AVAILABLE as a level already fails on them (1); the others would have passed (5).
      expect(run.code).toBe(level === 'NOT_AVAILABLE' ? 1 : 5);
    }
  });

  it('the example, which judges, keeps its usual exit status', async () => {
    expect((await hna(['audit', '--snapshot', EXAMPLE])).code).toBe(1);
  });

  it('an account id that is not 12 digits is refused with its path', async () => {
    const bad = file(scratch(), 'bad.json', { version: 1, accountId: '12345', regions: {} });
    const run = await hna(['audit', '--snapshot', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('accountId: expected a 12-digit AWS account id');
  });
});

describe('point 2: --out never overwrites an input', () => {
  it('refuses --out naming the snapshot, by any spelling, and leaves it untouched', async () => {
    const directory = scratch();
    const copy = file(directory, 'copy.json', readFileSync(EXAMPLE, 'utf8'));
    const before = createHash('sha256').update(readFileSync(copy)).digest('hex');
    for (const out of [copy, join(directory, '.', 'sub', '..', 'copy.json')]) {
      const run = await hna(['audit', '--snapshot', copy, '--format', 'json', '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--out .*copy\.json: that is the file given to --snapshot/);
    }
    expect(createHash('sha256').update(readFileSync(copy)).digest('hex')).toBe(before);
  });

  it('refuses --out naming the configuration file', async () => {
    const directory = scratch();
    const config = file(directory, 'hna.config.json', readFileSync('examples/hna.config.json', 'utf8'));
    const run = await hna(['audit', '--snapshot', EXAMPLE, '--config', config, '--out', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('that is the file given to --config');
  });
});

describe('point 3: a two-account table counts each account', () => {
  it('ends with one line per account, each with its own results', async () => {
    const json = await hna([
      'audit',
      '--snapshot',
      EXAMPLE,
      '--snapshot',
      NETWORK,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    const results = JSON.parse(json.stdout).results as { accountId: string; status: string }[];
    const accounts = [...new Set(results.map((r) => r.accountId))];
    expect(accounts.length).toBe(2);
    const table = await hna(['audit', '--snapshot', EXAMPLE, '--snapshot', NETWORK, '--fail-on', 'never']);
    for (const account of accounts) {
      const own = results.filter((r) => r.accountId === account);
      const failed = own.filter((r) => r.status === 'FAILED').length;
      expect(own.length).toBeGreaterThan(0);
      expect(table.stdout).toMatch(
        new RegExp(`Account ${account}: ${own.length} results? \\(${failed} FAILED`),
      );
    }
  });
});

describe('point 4: configuration files are JSON with comments', () => {
  const readmeBlock = () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('```jsonc', readme.indexOf('`--config FILE`'));
    return readme.slice(start + '```jsonc'.length, readme.indexOf('```', start + 8));
  };

  it('the README’s configuration block loads as it is and holds exactly the defaults', async () => {
    const block = readmeBlock();
    expect(block).toContain('//');
    expect(parseConfig(parseJsonc(block, 'README.md'), 'README.md', ruleIds())).toEqual(defaultConfig());
    const pasted = file(scratch(), 'hna.config.jsonc', block);
    const run = await hna(['audit', '--snapshot', EXAMPLE, '--config', pasted, '--fail-on', 'never']);
    expect(run.code).toBe(0);
  });

  it('an error in a configuration file names its line and column', async () => {
    const bad = file(
      scratch(),
      'bad.jsonc',
      '{\n  // the data centre\n  "sourceCidrs": ["10.20.0.0/16"\n  "vpn": {}\n}\n',
    );
    const run = await hna(['audit', '--snapshot', EXAMPLE, '--config', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/bad\.jsonc:4:3: not valid JSON with comments \(CommaExpected\)$/);
  });
});

describe('point 5: run from the clone, start fast, say the Node once', () => {
  it('the README never tells people to run a bare npx hna', () => {
    const readme = readFileSync('README.md', 'utf8');
    const bare = readme
      .split('\n')
      .filter((line) => /npx hna\b/.test(line) && !/never run a bare/.test(line));
    expect(bare).toEqual([]);
    expect(readme).toContain('npm install -g .');
  });

  it('a Node older than 20, the oldest the command supports, is refused in one line', async () => {
    const directory = scratch();
    const older = file(
      directory,
      'older-node.mjs',
      "Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\nObject.defineProperty(process, 'version', { value: 'v18.19.0' });\n",
    );
    const run = await hna(['--version'], ['--import', older]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('hna: needs Node.js 20 or later; this is Node v18.19.0\n');
    const current = await hna(['--version']);
    expect(current.stderr).toBe('');
  });

  it('runs on Node 20, the oldest it supports, as on Node 22: the same report, no warning', async () => {
    const node20 = findNode(20);
    const args = [
      'audit',
      '--snapshot',
      EXAMPLE,
      '--snapshot',
      NETWORK,
      '--format',
      'json',
      '--fail-on',
      'never',
    ];
    const onOldest = await exec(node20, ['bin/hna.mjs', ...args], { maxBuffer: 1 << 26 });
    const onCurrent = await hna(args);
    expect(onOldest.stderr).toBe('');
    const report = (text: string) => ({ ...JSON.parse(text), generatedAt: undefined });
    expect(report(onOldest.stdout)).toEqual(report(onCurrent.stdout));
    const page = await exec(node20, ['bin/hna.mjs', 'rules', 'DRS.2']);
    expect(page.stdout).toBe(readFileSync('docs/rules/replication-port-open.md', 'utf8'));
  });

  it('--version loads none of the rules, collectors or writers', () => {
    // The command's entry holds the program only; each command is a chunk of its own.
    const entry = readFileSync('dist/hna.mjs', 'utf8');
    expect(entry).toContain('import("./chunks/commands-');
    expect(entry).not.toContain('@aws-sdk/client-ec2');
    expect(entry).not.toContain('defineRule');
  });
});

describe('point 10: one unreadable service is one row', () => {
  it('groups the DataSync rules that one AccessDenied stops, in the table; JSON keeps one result per rule', async () => {
    const args = [
      'audit',
      '--snapshot',
      EXAMPLE,
      '--config',
      'examples/hna.config.json',
      '--fail-on',
      'never',
    ];
    const json = JSON.parse((await hna([...args, '--format', 'json'])).stdout) as {
      results: { ruleId: string; status: string; evidence: string; region: string }[];
    };
    const stopped = json.results.filter(
      (r) =>
        r.status === 'NOT_AVAILABLE' && r.evidence === 'datasync ListAgents failed: AccessDeniedException',
    );
    expect(stopped.length).toBeGreaterThan(1);
    const table = (await hna([...args, '--status', 'NOT_AVAILABLE'])).stdout;
    const rows = table.split('\n').filter((line) => line.startsWith('NOT_AVAILABLE'));
    const grouped = rows.filter((line) => line.includes(`${stopped.length} rules`));
    expect(grouped.length).toBe(1);
    expect(table).toContain(
      `blocks: ${stopped
        .map((r) => r.ruleId)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .join(', ')}`,
    );
    // Each other row is a result of its own.
    expect(rows.length).toBe(
      json.results.filter((r) => r.status === 'NOT_AVAILABLE').length - stopped.length + 1,
    );
  });
});

/** A Node.js binary of this major version: HNA_NODE20, else the first on PATH (the machine's own node). */
function findNode(major: number): string {
  const candidates = [
    process.env[`HNA_NODE${major}`],
    ...(process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, 'node')),
    '/usr/bin/node',
    '/usr/local/bin/node',
  ].filter((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
  for (const candidate of candidates) {
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith(`v${major}.`)) return candidate;
  }
  throw new Error(
    `no Node.js ${major} found (the oldest Node the command line supports): install it or set HNA_NODE${major} to its binary`,
  );
}
