/**
 * `hna collect --out FILE` killed at points across its run (issue 12): FILE keeps its
 * old content or holds the complete new snapshot, never part of one. SIGTERM leaves no
 * temporary file; SIGKILL cannot be caught, so a temporary file it might leave is
 * removed by the next write to the same target.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { startEmulator } from '../../scripts/emulator.mjs';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { REGION, seedAccount } from './support.js';

const OLD = 'examples/hybrid-landing-zone.json';
let emulator: { url: string; stop: () => Promise<void> };
let proxy: FaultProxy;
const dir = mkdtempSync(join(tmpdir(), 'hna-kill-'));
const target = join(dir, 'snapshot.json');

function collect(): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'lib/cli/bin.ts',
      'collect',
      '--endpoint-url',
      proxy.url,
      '--regions',
      REGION,
      '--out',
      target,
    ],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: REGION,
      },
      stdio: 'ignore',
    },
  );
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The target holds the old snapshot or a complete new one, and says which. */
function targetState(): 'old' | 'new' {
  const text = readFileSync(target, 'utf8');
  if (text === readFileSync(OLD, 'utf8')) return 'old';
  const snapshot = parseSnapshot(text, target);
  expect(snapshot.regions?.[REGION]?.ec2?.Vpcs?.length).toBeGreaterThan(0);
  return 'new';
}

const temporaries = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

beforeAll(async () => {
  emulator = await startEmulator();
  await seedAccount(emulator.url);
  // Every answer waits 40 ms, so that a collection lasts long enough to be killed inside it.
  proxy = await startFaultProxy(emulator.url, { seed: 1, delayMs: 40 });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
});

describe('killing hna collect --out', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'with %s at points across the run never leaves a partial file',
    async (signal) => {
      // Prepare: how long an undisturbed run takes.
      copyFileSync(OLD, target);
      const started = Date.now();
      const full = await exited(collect());
      const duration = Date.now() - started;
      expect(full.code).toBe(0);
      expect(targetState()).toBe('new');
      const states: string[] = [];
      // Act: kill at six points from start-up to the end of the run.
      for (let step = 1; step <= 6; step += 1) {
        copyFileSync(OLD, target);
        const child = collect();
        const done = exited(child);
        await new Promise((resolve) => setTimeout(resolve, (duration * step) / 6));
        child.kill(signal);
        const outcome = await done;
        // Assess
        states.push(`${outcome.signal ?? `exit ${outcome.code}`}: ${targetState()}`);
        if (signal === 'SIGTERM') expect(temporaries()).toEqual([]);
      }
      // At least one kill landed inside the run: the raw signal, or for SIGTERM the exit status
      // 143 of hna's own handler (installed first thing, so most kills meet it).
      expect(
        states.some(
          (state) => state.startsWith(signal) || (signal === 'SIGTERM' && state.startsWith('exit 143')),
        ),
        states.join('; '),
      ).toBe(true);
      // One more write to the same target removes what a killed process could not.
      const after = await exited(collect());
      expect(after.code).toBe(0);
      expect(targetState()).toBe('new');
      expect(temporaries()).toEqual([]);
    },
    120_000,
  );
});

describe('the atomic writer', () => {
  it('removes a temporary file of a process that is gone, and leaves one of a live process', async () => {
    const { writeFileSync, existsSync } = await import('node:fs');
    const { writeFileAtomically } = await import('../../lib/util/files.js');
    const file = join(dir, 'swept.json');
    const dead = join(dir, '.swept.json.2147483646.abcdef012345.tmp');
    const live = join(dir, `.swept.json.${process.pid}.abcdef012345.tmp`);
    writeFileSync(dead, '{"half": ');
    writeFileSync(live, '{"half": ');
    await writeFileAtomically(file, '{}\n');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
  });
});
