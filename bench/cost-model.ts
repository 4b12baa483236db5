/**
 * The monthly bill of a deployment, as a model: every input — list prices with the page that
 * publishes them, counts the benchmark measured, counts read from serverless.yml, assumptions —
 * in one place, and one pure function from inputs to lines. BENCHMARKS.md's "Monthly cost" is
 * rendered from it (bench/cost.ts); test/bench/cost-model.test.ts checks the arithmetic.
 *
 * The stack is regional and deployed once per audited region: each line is priced per region,
 * then multiplied by the regions (the Config rule's lines by the regions it is deployed in).
 */

/** A list price and where it is published (US East (N. Virginia); change it for another region or a negotiated rate). */
export interface Price {
  usd: number;
  per: string;
  source: string;
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const SQS = 'https://aws.amazon.com/sqs/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const CONFIG = 'https://aws.amazon.com/config/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SECURITY_HUB = 'https://aws.amazon.com/security-hub/pricing/';

export const PRICES = {
  lambdaGbSecondArm: { usd: 0.0000133334, per: 'GB-second (arm64)', source: LAMBDA },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'request', source: LAMBDA },
  sqsFifoRequest: { usd: 0.5 / 1e6, per: 'FIFO request', source: SQS },
  s3Put: { usd: 0.005 / 1000, per: 'PUT request', source: S3 },
  s3Get: { usd: 0.0004 / 1000, per: 'GET request', source: S3 },
  logsIngestedGb: { usd: 0.5, per: 'GB of logs ingested', source: CLOUDWATCH },
  logsStoredGbMonth: { usd: 0.03, per: 'GB-month of logs stored', source: CLOUDWATCH },
  /** Prorated by the hour, metered only in hours the metric is sent (the pricing page's metric note). */
  customMetricMonth: { usd: 0.3, per: 'custom metric-month', source: CLOUDWATCH },
  /** Per metric an alarm reads (a metric-math alarm pays for each metric of its expression). */
  alarmMetricMonth: { usd: 0.1, per: 'standard-resolution alarm metric-month', source: CLOUDWATCH },
  kmsKeyMonth: { usd: 1, per: 'customer-managed key-month', source: KMS },
  /** Custom rule evaluations, tiered per account and region: the first 100,000 of a month. */
  configEvaluation: { usd: 0.001, per: 'rule evaluation (first 100,000)', source: CONFIG },
  configEvaluationNext: { usd: 0.0008, per: 'rule evaluation (100,001–500,000)', source: CONFIG },
  configEvaluationBeyond: { usd: 0.0005, per: 'rule evaluation (over 500,000)', source: CONFIG },
  securityHubIngestion: {
    usd: 0.00003,
    per: 'finding ingestion beyond the free 10,000',
    source: SECURITY_HUB,
  },
} as const satisfies Record<string, Price>;

export const SECURITY_HUB_FREE_INGESTIONS = 10_000;
export const HOURS_A_MONTH = 730;

export interface CostInputs {
  accounts: number;
  /** Regions the stack is deployed to (one stack each). */
  regions: number;
  /** Regions where the Config rule is deployed: only where hybrid resources live (configRuleScope=none elsewhere). */
  configRegions: number;
  /** Scheduled runs a month (serverless.yml `schedule`). */
  runs: number;
  /** Measured: the worker's seconds per target, its calls and findings per target (bench/organization.ts). */
  workerSecondsPerTarget: number;
  findingsPerTarget: number;
  /** Measured: resources of the Config rule's types in the measured account (a periodic trigger evaluates each). */
  configResourcesPerAccount: number;
  memoryGb: number;
  /** Read from serverless.yml: alarms, and the metrics they read (a metric-math alarm reads several). */
  alarmMetrics: number;
  /** Read from serverless.yml: customer-managed keys per stack (the alarm topic's). */
  kmsKeys: number;
  /** Assumed: Config change notifications per account and region a month (one evaluation each). */
  configChangesPerAccountRegion: number;
  /** Periodic evaluations too (configRulePeriodic=true), every `configPeriodHours`. */
  configPeriodic: boolean;
  configPeriodHours: number;
  /** Assumed: a Config invocation collects the account's region as a worker target does. */
  configSecondsPerEvaluation: number;
  /** Assumed: log bytes per worker target and per Config evaluation; retention in months (serverless.yml). */
  logBytesPerTarget: number;
  logBytesPerEvaluation: number;
  logRetentionMonths: number;
  /** Assumed: distinct custom metrics of the run (worker, dispatcher), sent only in the hours a run lasts. */
  runMetrics: number;
  /** Hours a run's metrics are sent in (a run of one region lasts minutes; it may straddle an hour). */
  hoursPerRun: number;
  /** Assumed: distinct custom metrics of the Config rule, sent in every hour (changes arrive all month). */
  configMetrics: number;
}

export interface CostLine {
  item: string;
  /** What one region's stack uses a month, in the unit of the price. */
  quantityPerRegion: number;
  unit: string;
  perRegion: number;
  regions: number;
  total: number;
  source: string;
}

/** Config's tiered price of one account's evaluations in one region. */
export function configEvaluationsCost(evaluations: number): number {
  const first = Math.min(evaluations, 100_000);
  const next = Math.min(Math.max(evaluations - 100_000, 0), 400_000);
  const beyond = Math.max(evaluations - 500_000, 0);
  return (
    first * PRICES.configEvaluation.usd +
    next * PRICES.configEvaluationNext.usd +
    beyond * PRICES.configEvaluationBeyond.usd
  );
}

export function configEvaluationsPerAccountRegion(inputs: CostInputs): number {
  const periodic = inputs.configPeriodic
    ? inputs.configResourcesPerAccount * Math.round((30 * 24) / inputs.configPeriodHours)
    : 0;
  return inputs.configChangesPerAccountRegion + periodic;
}

/** Invocations of the Config rule: one per change, and one per period that evaluates the whole region. */
export function configInvocationsPerAccountRegion(inputs: CostInputs): number {
  const periods = inputs.configPeriodic ? Math.round((30 * 24) / inputs.configPeriodHours) : 0;
  return inputs.configChangesPerAccountRegion + periods;
}

export function monthlyCost(inputs: CostInputs): { lines: CostLine[]; total: number } {
  const targets = inputs.accounts; // per region: one target per account
  const invocations = targets * inputs.runs;
  const evaluations = inputs.accounts * configEvaluationsPerAccountRegion(inputs);
  const ruleInvocations = inputs.accounts * configInvocationsPerAccountRegion(inputs);
  const gb = 2 ** 30;
  const logsGb =
    (invocations * inputs.logBytesPerTarget) / gb + (ruleInvocations * inputs.logBytesPerEvaluation) / gb;
  const metricMonths =
    inputs.runMetrics * Math.min(1, (inputs.runs * inputs.hoursPerRun) / HOURS_A_MONTH) +
    inputs.configMetrics;
  const line = (
    item: string,
    quantityPerRegion: number,
    price: Price,
    regions: number,
    perRegion = quantityPerRegion * price.usd,
  ): CostLine => ({
    item,
    quantityPerRegion,
    unit: price.per,
    perRegion,
    regions,
    total: perRegion * regions,
    source: price.source,
  });
  const all = inputs.regions;
  const lines = [
    line(
      'worker: compute (per target, measured)',
      invocations * inputs.workerSecondsPerTarget * inputs.memoryGb,
      PRICES.lambdaGbSecondArm,
      all,
    ),
    line('worker and dispatcher: requests', invocations + inputs.runs, PRICES.lambdaRequest, all),
    line(
      'Config rule: compute (an invocation collects the region)',
      ruleInvocations * inputs.configSecondsPerEvaluation * inputs.memoryGb,
      PRICES.lambdaGbSecondArm,
      inputs.configRegions,
    ),
    line('Config rule: requests', ruleInvocations, PRICES.lambdaRequest, inputs.configRegions),
    // Per target: a tenth of a SendMessageBatch, a receive and a delete.
    line('SQS: audit queue', invocations * 2.1, PRICES.sqsFifoRequest, all),
    // Per run: the marker's GET and PUT and the hand-off's two PUTs; per target at most one GET.
    line('S3: hand-off writes', inputs.runs * 3, PRICES.s3Put, all),
    line('S3: hand-off reads', inputs.runs + invocations, PRICES.s3Get, all),
    // With network accounts: the last run's pointer and hand-off, read per invocation.
    line('S3: Config rule reads', ruleInvocations * 2, PRICES.s3Get, inputs.configRegions),
    line('CloudWatch Logs: ingestion', logsGb, PRICES.logsIngestedGb, all),
    line(
      'CloudWatch Logs: storage (at steady state, uncompressed)',
      logsGb * inputs.logRetentionMonths,
      PRICES.logsStoredGbMonth,
      all,
    ),
    line('CloudWatch: custom metrics (prorated by hour)', metricMonths, PRICES.customMetricMonth, all),
    line('CloudWatch: alarms (metrics read)', inputs.alarmMetrics, PRICES.alarmMetricMonth, all),
    line('KMS: the alarm topic’s key', inputs.kmsKeys, PRICES.kmsKeyMonth, all),
    line(
      'Config rule: evaluations (tiered per account)',
      evaluations,
      PRICES.configEvaluation,
      inputs.configRegions,
      inputs.accounts * configEvaluationsCost(configEvaluationsPerAccountRegion(inputs)),
    ),
    line(
      'Security Hub: finding ingestions',
      targets * Math.max(0, inputs.findingsPerTarget - SECURITY_HUB_FREE_INGESTIONS),
      PRICES.securityHubIngestion,
      all,
    ),
  ];
  return { lines, total: lines.reduce((sum, l) => sum + l.total, 0) };
}
