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
import type { Snapshot } from '../lib/inventory/types.js';
import { writeSecurityHubFindings } from '../lib/report/security-hub.js';
import { startEmulator } from '../scripts/emulator.mjs';
import { CREDENTIALS, collectAndAudit, REGION, seedAccount } from '../test/faults/support.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { median, table, writeSection } from './report.js';

/**
 * List prices (US East (N. Virginia), published by AWS; change them for another region or a
 * negotiated rate): the inputs of the cost table, beside what the run measured.
 */
const PRICES = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  sqsFifoRequest: 0.5 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  logsIngestedGb: 0.5,
  customMetricMonth: 0.3,
  alarmMonth: 0.1,
  /** Per finding ingestion event beyond the first 10,000 of an account and region each month. */
  securityHubIngestion: 0.00003,
  securityHubFreeIngestions: 10_000,
  /** AWS Config custom rule evaluations, tiered per account and region. */
  configEvaluationTiers: [
    { upTo: 100_000, price: 0.001 },
    { upTo: 500_000, price: 0.0008 },
    { upTo: Number.POSITIVE_INFINITY, price: 0.0005 },
  ],
} as const;

/** Assumptions a deployment changes, stated beside the prices. */
const ASSUMED = {
  workerMemoryGb: 1,
  logBytesPerTarget: 4096,
  customMetrics: 30,
  alarms: 11,
  /** Config change notifications per account and region in a month (one evaluation each, change-triggered). */
  changesPerAccountRegion: 50,
  days: 30,
};

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

function tiered(evaluations: number): number {
  let cost = 0;
  let below = 0;
  for (const tier of PRICES.configEvaluationTiers) {
    const inTier = Math.max(0, Math.min(evaluations, tier.upTo) - below);
    cost += inTier * tier.price;
    below = tier.upTo;
    if (evaluations <= tier.upTo) break;
  }
  return cost;
}

function monthlyCost(measured: {
  perTarget: number;
  calls: number;
  findings: number;
  configResources: number;
  periodMinutes: number;
}): string {
  const targets = ACCOUNTS * REGIONS;
  const rows = [
    {
      label: `default schedule (every ${measured.periodMinutes / 60} h)`,
      runs: (ASSUMED.days * 24 * 60) / measured.periodMinutes,
    },
    { label: 'daily', runs: ASSUMED.days },
  ].map(({ label, runs }) => {
    const invocations = targets * runs;
    const lambda =
      invocations * measured.perTarget * ASSUMED.workerMemoryGb * PRICES.lambdaGbSecondArm +
      (invocations + runs) * PRICES.lambdaRequest;
    // Per target: a tenth of a SendMessageBatch, a receive and a delete.
    const sqs = invocations * 2.1 * PRICES.sqsFifoRequest;
    // Per run one hand-off PUT; per target at most one GET of it.
    const s3 = runs * PRICES.s3Put + invocations * PRICES.s3Get;
    const cloudwatch =
      ((invocations * ASSUMED.logBytesPerTarget) / 2 ** 30) * PRICES.logsIngestedGb +
      ASSUMED.customMetrics * PRICES.customMetricMonth +
      ASSUMED.alarms * PRICES.alarmMonth;
    // Only new and changed findings are imported, and each untouched one once in 30 days (BENCHMARKS.md,
    // "Security Hub writes"): about one ingestion per finding a month, far below the free 10,000 of a target.
    const ingestionsPerTarget = measured.findings;
    const securityHub =
      targets *
      Math.max(0, ingestionsPerTarget - PRICES.securityHubFreeIngestions) *
      PRICES.securityHubIngestion;
    return { label, runs, lambda, sqs, s3, cloudwatch, securityHub };
  });
  const changeEvaluations = ACCOUNTS * ASSUMED.changesPerAccountRegion;
  const periodicEvaluations = ACCOUNTS * measured.configResources * ASSUMED.days;
  const configChange = ACCOUNTS * tiered(ASSUMED.changesPerAccountRegion);
  const configPeriodic =
    ACCOUNTS * tiered(ASSUMED.changesPerAccountRegion + measured.configResources * ASSUMED.days);
  const money = (value: number) => `$${value.toFixed(2)}`;
  return `## Monthly cost

The default deployment for ${ACCOUNTS} accounts × ${REGIONS} regions, from what the organization run above measured — ${measured.perTarget.toFixed(1)} s of the worker per target (${ASSUMED.workerMemoryGb} GB, arm64), ${measured.calls} AWS calls and ${measured.findings} findings per target, ${measured.configResources} resources of the Config rule's types in the measured account — and from list prices and assumptions written as parameters at the top of \`bench/organization.ts\` (US East list prices; ${ASSUMED.logBytesPerTarget} bytes of logs per target, ${ASSUMED.customMetrics} custom metrics, ${ASSUMED.alarms} alarms, ${ASSUMED.changesPerAccountRegion} Config changes per account and region a month). Reproduce: \`npm run bench:organization\`.

${table(
  [
    'schedule',
    'runs a month',
    'Lambda',
    'SQS',
    'S3',
    'CloudWatch',
    'Security Hub ingestion',
    'total (without Config)',
  ],
  rows.map((r) => [
    r.label,
    r.runs,
    money(r.lambda),
    money(r.sqs),
    money(r.s3),
    money(r.cloudwatch),
    money(r.securityHub),
    money(r.lambda + r.sqs + r.s3 + r.cloudwatch + r.securityHub),
  ]),
)}

The Config rule, per audited region (${ACCOUNTS} accounts; evaluations are billed per account and region, tiered):

${table(
  ['trigger', 'evaluations a month', 'cost a month'],
  [
    ['change-triggered (the default)', changeEvaluations, money(configChange)],
    [
      'periodic every 24 h too (configRulePeriodic=true)',
      changeEvaluations + periodicEvaluations,
      money(configPeriodic),
    ],
  ],
)}

Security Hub's first ${PRICES.securityHubFreeIngestions.toLocaleString('en')} finding ingestions of each account and region a month are free; a target imports about one per finding a month, so ingestion costs nothing at this size. A periodic Config trigger re-evaluates every in-scope resource of every account each period: with ${measured.configResources} resources per account it costs ${money(configPeriodic - configChange)} more per region a month than the change-triggered default, for what the scheduled audit already reads.`;
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
  writeSection(
    'cost',
    monthlyCost({ perTarget, calls: median(calls), findings, configResources, periodMinutes }),
  );
} finally {
  await emulator.stop();
}
// The collections' SDK clients keep idle sockets open; the sections are written, so end here.
process.exit(0);
