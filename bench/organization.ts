/**
 * An organization run, estimated from measured targets: one (account, region) collected,
 * audited and written to Security Hub against the local emulator through the fault
 * proxy with a fixed latency injected on every call (the emulator answers in about a
 * millisecond; AWS does not). From the per-target time and the worker's default maximum
 * concurrency, the wall time of a 500-account × 17-region run.
 * Run: npm run bench:organization
 */
import { readFileSync } from 'node:fs';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { writeSecurityHubFindings } from '../lib/report/security-hub.js';
import { startEmulator } from '../scripts/emulator.mjs';
import { CREDENTIALS, collectAndAudit, REGION, seedAccount } from '../test/faults/support.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { median, table, writeSection } from './report.js';

const LATENCY_MS = 50;
const RUNS = 5;
const ACCOUNTS = 500;
const REGIONS = 17;
const TARGET_MINUTES = 30;
const concurrency = Number(/workerConcurrency: (\d+)/.exec(readFileSync('serverless.yml', 'utf8'))?.[1]);
const schedule = /schedule: rate\((\d+) hours?\)/.exec(readFileSync('serverless.yml', 'utf8'));
const periodMinutes = schedule ? Number(schedule[1]) * 60 : Number.NaN;

const emulator = await startEmulator();
try {
  await seedAccount(emulator.url);
  const proxy = await startFaultProxy(emulator.url, { seed: 1, delayMs: LATENCY_MS });
  const times: number[] = [];
  const calls: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const collected = await collectAndAudit(proxy.url);
      const hub = new SecurityHubClient({ region: REGION, endpoint: proxy.url, credentials: CREDENTIALS });
      await writeSecurityHubFindings(collected.results, {
        client: hub,
        accountId: '123456789012',
        partition: 'aws',
        region: REGION,
        now: new Date(Date.UTC(2026, 10, 22, run)),
      });
      hub.destroy();
      times.push(performance.now() - started);
      calls.push(proxy.counts.requests);
      proxy.counts.requests = 0;
    }
  } finally {
    await proxy.stop();
  }
  const perTarget = median(times) / 1000;
  const targets = ACCOUNTS * REGIONS;
  const wallMinutes = (Math.ceil(targets / concurrency) * perTarget) / 60;
  writeSection(
    'organization',
    `## Organization run

One target — a hybrid VPC with a VPN, an S3 interface endpoint and a pinned bucket, in the local emulator — collected, audited and written to Security Hub, with ${LATENCY_MS} ms added to every AWS call by the fault proxy (the emulator itself answers in about a millisecond). Median of ${RUNS} runs. A target with more resources makes more paginated calls; the per-target call count is shown so the figure can be scaled. Wall time = ⌈targets ÷ maximum concurrency⌉ × time per target, with the worker's default maximum concurrency from serverless.yml (the SQS event source's \`maximumConcurrency\`); EC2 and Security Hub throttle per account and region, so targets do not slow each other. Reproduce: \`npm run bench:organization\`.

${table(
  [
    'targets',
    'calls per target (median)',
    'time per target (s)',
    'maximum concurrency',
    'estimated wall time (min)',
    'schedule period (min)',
  ],
  [
    [
      `${ACCOUNTS} × ${REGIONS} = ${targets}`,
      median(calls),
      perTarget.toFixed(1),
      concurrency,
      wallMinutes.toFixed(0),
      periodMinutes,
    ],
  ],
)}

Targets: under ${TARGET_MINUTES} minutes at defaults — **${wallMinutes < TARGET_MINUTES ? 'met' : 'NOT met'}**; under the schedule's period — **${wallMinutes < periodMinutes ? 'met' : 'NOT met'}**.`,
  );
} finally {
  await emulator.stop();
}
// The collections' SDK clients keep idle sockets open; the section is written, so end here.
process.exit(0);
