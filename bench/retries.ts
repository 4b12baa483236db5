/**
 * Retries under injected faults: the same collection and audit through the fault proxy
 * (throttling in each service's wire format) with hna's retry strategy and with the
 * SDK's standard and adaptive modes, seed by seed; time and whether the audit equals
 * the fault-free one. Run: npm run bench:retries
 */
import { startEmulator } from '../scripts/emulator.mjs';
import { collectAndAudit, failedCalls, seedAccount, servedOnly, verdicts } from '../test/faults/support.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { median, table, writeSection } from './report.js';

const MODES = ['hna', 'standard', 'adaptive'] as const;
const RATES = [0.3, 0.5];
const SEEDS = [1, 2, 3, 4, 5];
const LIMIT_MS = 180_000;

const emulator = await startEmulator();
try {
  await seedAccount(emulator.url);
  const baseline = await collectAndAudit(emulator.url);
  const expected = JSON.stringify(verdicts(baseline.results));
  const expectedErrors = JSON.stringify(failedCalls(baseline.snapshot));
  const rows: (string | number)[][] = [];
  const summary: Record<string, { times: number[]; equal: number; runs: number; throttled: number }> = {};
  for (const rate of RATES) {
    for (const mode of MODES) {
      const key = `${mode} ${rate}`;
      summary[key] = { times: [], equal: 0, runs: 0, throttled: 0 };
      for (const seed of SEEDS) {
        const proxy = await startFaultProxy(emulator.url, { seed, throttle: rate, only: servedOnly });
        const started = performance.now();
        try {
          const run = await Promise.race([
            collectAndAudit(proxy.url, { retry: mode }),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('time limit')), LIMIT_MS)),
          ]);
          const ms = performance.now() - started;
          const equal =
            JSON.stringify(verdicts(run.results)) === expected &&
            JSON.stringify(failedCalls(run.snapshot)) === expectedErrors;
          const entry = summary[key] as (typeof summary)[string];
          entry.times.push(ms);
          entry.runs += 1;
          entry.throttled += proxy.counts.throttled;
          if (equal) entry.equal += 1;
          process.stderr.write(
            `${key} seed ${seed}: ${(ms / 1000).toFixed(1)} s, ${equal ? 'equal' : 'DIFFERENT'}\n`,
          );
        } catch (error) {
          (summary[key] as (typeof summary)[string]).runs += 1;
          process.stderr.write(`${key} seed ${seed}: ${(error as Error).message}\n`);
        } finally {
          await proxy.stop();
        }
      }
    }
  }
  for (const [key, entry] of Object.entries(summary)) {
    const [mode, rate] = key.split(' ');
    rows.push([
      mode as string,
      `${Number(rate) * 100}%`,
      entry.runs,
      Math.round(entry.throttled / Math.max(1, entry.runs)),
      entry.times.length > 0 ? (median(entry.times) / 1000).toFixed(1) : 'n/a',
      entry.times.length > 0 ? (Math.max(...entry.times) / 1000).toFixed(1) : 'n/a',
      `${entry.equal} of ${entry.runs}`,
    ]);
  }
  const hna = (rate: number) => summary[`hna ${rate}`];
  const kept = RATES.every((rate) => hna(rate)?.equal === hna(rate)?.runs);
  writeSection(
    'retries',
    `## Retries under injected faults

One account in the local emulator (a hybrid VPC with a VPN, an S3 interface endpoint, a pinned bucket) collected and audited through the fault proxy of \`test/support/fault-proxy.ts\`, which answers a drawn share of all calls with the service's own throttling error (EC2 \`RequestLimitExceeded\`, S3 \`SlowDown\`, query \`Throttling\`, JSON \`ThrottlingException\`). Each mode runs the same ${SEEDS.length} seeds per rate; "equal" means every verdict and evidence and the list of failed calls equal the fault-free run. Faults go to the services the emulator serves; it fails DataSync, DRS and Direct Connect calls on every attempt, where a fault would only change which error such a call ends with. The SDK's modes run with 6 attempts, as the first release did; hna's strategy allows 16 throttled and 6 other failed attempts per call, full-jitter backoff (throttles from 250 ms, capped at 10 s), and no shared retry quota. Reproduce: \`npm run bench:retries\`.

${table(['retries', 'throttled', 'runs', 'throttled answers per run', 'median s', 'slowest s', 'equal to fault-free'], rows)}

Kept: hna's strategy (\`lib/collect/retry-strategy.ts\`), the default of every collector client. Target — identical results at 30% and 50% throttling in every seed: **${kept ? 'met' : 'NOT met'}**.`,
  );
} finally {
  await emulator.stop();
}
// The collections' SDK clients keep idle sockets open; the section is written, so end here.
process.exit(0);
