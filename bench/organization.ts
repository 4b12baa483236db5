/**
 * An organization run, estimated from measured targets: one (account, region) collected,
 * audited and written to Security Hub against the local emulator through the fault
 * proxy with a fixed latency injected on every call (the emulator answers in about a
 * millisecond; AWS does not). From the per-target time and the worker's default maximum
 * concurrency, the wall time of a 500-account × 17-region run.
 * Run: npm run bench:organization
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Snapshot } from '../lib/inventory/types.js';
import { writeSecurityHubFindings } from '../lib/report/security-hub.js';
import { startEmulator } from '../scripts/emulator.mjs';
import { CREDENTIALS, collectAndAudit, REGION, seedAccount } from '../test/faults/support.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { costSection, MEASURED_FILE, type Measured } from './cost.js';
import { median, table, writeSection } from './report.js';

/** The resource types the Config rule's scope holds, counted in the measured target's snapshot. */
function configScopeResources(snapshot: Snapshot): number {
  let count = snapshot.s3?.Buckets?.length ?? 0;
  for (const region of Object.values(snapshot.regions ?? {})) {
    const ec2 = region.ec2 ?? {};
    for (const list of [
      ec2.Vpcs,
      ec2.Subnets,
      ec2.SecurityGroups,
      ec2.RouteTables,
      ec2.NetworkAcls,
      ec2.VpcEndpoints,
      ec2.VpnConnections,
      ec2.VpnGateways,
      ec2.TransitGatewayAttachments,
    ])
      count += list?.length ?? 0;
  }
  return count;
}

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
  let findings = 0;
  let configResources = 0;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const collected = await collectAndAudit(proxy.url);
      findings = collected.results.filter((r) => r.status !== 'NOT_APPLICABLE').length;
      configResources = configScopeResources(collected.snapshot);
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
  // One stack per region (serverless.yml's default: each audits its own region): each region's worker
  // audits the organization's accounts there, the regions' workers at the same time.
  const wallMinutes = (Math.ceil(ACCOUNTS / concurrency) * perTarget) / 60;
  writeSection(
    'organization',
    `## Organization run

One target — a hybrid VPC with a VPN, an S3 interface endpoint and a pinned bucket, in the local emulator — collected, audited and written to Security Hub, with ${LATENCY_MS} ms added to every AWS call by the fault proxy (the emulator itself answers in about a millisecond). Median of ${RUNS} runs. A target with more resources makes more paginated calls; the per-target call count is shown so the figure can be scaled. One stack per region, each auditing its own region (serverless.yml's default), so the regions run side by side: wall time = ⌈accounts ÷ maximum concurrency⌉ × time per target, with the worker's default maximum concurrency from serverless.yml (the SQS event source's \`maximumConcurrency\`); EC2 and Security Hub throttle per account and region, so targets do not slow each other. Reproduce: \`npm run bench:organization\`.

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
      wallMinutes.toFixed(1),
      periodMinutes,
    ],
  ],
)}

Targets: under ${TARGET_MINUTES} minutes at defaults — **${wallMinutes < TARGET_MINUTES ? 'met' : 'NOT met'}**; under the schedule's period — **${wallMinutes < periodMinutes ? 'met' : 'NOT met'}**.`,
  );
  // What the cost model takes from this run, kept so that the bill can be re-rendered (npm run bench:cost).
  const measured: Measured = { perTarget, calls: median(calls), findings, configResources };
  writeFileSync(MEASURED_FILE, `${JSON.stringify(measured, null, 2)}\n`);
  writeSection('cost', costSection(measured));
} finally {
  await emulator.stop();
}
// The collections' SDK clients keep idle sockets open; the sections are written, so end here.
process.exit(0);
