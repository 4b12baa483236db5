/**
 * BENCHMARKS.md "Monthly cost", rendered from the cost model (bench/cost-model.ts) with what the
 * organization run measured (bench/organization-measured.json, written by bench/organization.ts)
 * and what serverless.yml deploys (alarms, keys, schedule, memory, log retention). No figure is typed.
 * Run: npm run bench:cost (npm run bench:organization measures first, then runs this too).
 */
import { readFileSync } from 'node:fs';
import { parseCfnYaml } from '../lib/plan/cfn-yaml.js';
import { type CostInputs, configEvaluationsPerAccountRegion, monthlyCost, PRICES } from './cost-model.js';
import { table } from './report.js';

export interface Measured {
  perTarget: number;
  calls: number;
  findings: number;
  configResources: number;
}

export const MEASURED_FILE = 'bench/organization-measured.json';

type Service = {
  params: { default: Record<string, string | number> };
  provider: { memorySize: number };
  resources: {
    Resources: Record<string, { Type: string; Properties?: { Metrics?: { MetricStat?: unknown }[] } }>;
  };
};

/** What serverless.yml deploys, as the model's inputs. */
export function deployed(text = readFileSync('serverless.yml', 'utf8')) {
  const service = parseCfnYaml(text) as Service;
  const resources = Object.values(service.resources.Resources);
  const alarms = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const schedule = /^rate\((\d+) hours?\)$/.exec(String(service.params.default.schedule));
  if (schedule === null) throw new Error('serverless.yml: params.default.schedule: expected rate(N hours)');
  return {
    runs: (30 * 24) / Number(schedule[1]),
    periodHours: Number(schedule[1]),
    memoryGb: service.provider.memorySize / 1024,
    alarms: alarms.length,
    alarmMetrics: alarms.reduce(
      (sum, alarm) => sum + Math.max(1, (alarm.Properties?.Metrics ?? []).filter((m) => m.MetricStat).length),
      0,
    ),
    kmsKeys: resources.filter((r) => r.Type === 'AWS::KMS::Key').length,
    logRetentionMonths: Number(service.params.default.logRetentionDays) / 30,
  };
}

/** The assumptions, stated once; a deployment changes them. */
export const ASSUMED = {
  accounts: 500,
  regions: 17,
  /** The Config rule only where hybrid resources live, for the second table. */
  hybridRegions: 3,
  configChangesPerAccountRegion: 50,
  logBytesPerTarget: 4096,
  logBytesPerEvaluation: 2048,
  runMetrics: 25,
  hoursPerRun: 2,
  configMetrics: 3,
  configPeriodHours: 24,
};

export function costInputs(measured: Measured, overrides: Partial<CostInputs> = {}): CostInputs {
  const stack = deployed();
  return {
    accounts: ASSUMED.accounts,
    regions: ASSUMED.regions,
    configRegions: ASSUMED.regions,
    runs: stack.runs,
    workerSecondsPerTarget: measured.perTarget,
    findingsPerTarget: measured.findings,
    configResourcesPerAccount: measured.configResources,
    memoryGb: stack.memoryGb,
    alarmMetrics: stack.alarmMetrics,
    kmsKeys: stack.kmsKeys,
    configChangesPerAccountRegion: ASSUMED.configChangesPerAccountRegion,
    configPeriodic: false,
    configPeriodHours: ASSUMED.configPeriodHours,
    configSecondsPerEvaluation: measured.perTarget,
    logBytesPerTarget: ASSUMED.logBytesPerTarget,
    logBytesPerEvaluation: ASSUMED.logBytesPerEvaluation,
    logRetentionMonths: stack.logRetentionMonths,
    runMetrics: ASSUMED.runMetrics,
    hoursPerRun: ASSUMED.hoursPerRun,
    configMetrics: ASSUMED.configMetrics,
    ...overrides,
  };
}

const money = (value: number) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const amount = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 1 ? 1 : 3);

export function costSection(measured: Measured): string {
  const stack = deployed();
  const inputs = costInputs(measured);
  const { lines, total } = monthlyCost(inputs);
  const variants = [
    ['default: every 12 h, the Config rule in every region, change-triggered', {}],
    [
      `the Config rule only in the ${ASSUMED.hybridRegions} regions where hybrid resources live (regions in scope)`,
      { configRegions: ASSUMED.hybridRegions },
    ],
    ['daily schedule', { runs: 30 }],
    [
      `the Config rule periodic every ${ASSUMED.configPeriodHours} h too (configRulePeriodic=true)`,
      { configPeriodic: true },
    ],
  ] as const;
  // Prices below a hundredth of a cent are shown per million units, as the pages show most of them.
  const priceRows = Object.values(PRICES).map((price) => [
    price.usd < 0.0001 ? `a million × ${price.per}` : price.per,
    `$${Number((price.usd < 0.0001 ? price.usd * 1e6 : price.usd).toPrecision(6))}`,
    price.source,
  ]);
  return `## Monthly cost

The default deployment for ${inputs.accounts} accounts × ${inputs.regions} regions: one stack per region, each auditing its own region for every account, ${inputs.runs} scheduled runs a month (\`rate(${stack.periodHours} hours)\`), the Config rule change-triggered in every region. Each line is priced for one region's stack, then multiplied by the regions it is deployed in. The model and its inputs are \`bench/cost-model.ts\` (prices with the page that publishes them) and \`bench/cost.ts\` (the assumptions); its arithmetic is tested (\`test/bench/cost-model.test.ts\`). Measured by the organization run above: ${measured.perTarget.toFixed(1)} s of the worker per target (${inputs.memoryGb} GB, arm64), ${measured.findings} findings per target, ${measured.configResources} resources of the Config rule's types per account; read from serverless.yml: ${stack.alarms} alarms reading ${stack.alarmMetrics} metrics, ${stack.kmsKeys} customer-managed key, ${Math.round(inputs.logRetentionMonths * 30)} days of log retention. Assumed: ${inputs.configChangesPerAccountRegion} Config changes per account and region a month (${configEvaluationsPerAccountRegion(inputs)} evaluations), a Config rule invocation as long as a worker target (it collects the region), ${inputs.logBytesPerTarget} bytes of logs per target and ${inputs.logBytesPerEvaluation} per evaluation, ${inputs.runMetrics} custom metrics sent in ${inputs.hoursPerRun} hours per run and ${inputs.configMetrics} sent every hour. AWS Config's own recording of configuration items is the organization's, not this deployment's, and is left out. Reproduce: \`npm run bench:cost\`.

${table(
  ['line', 'a month, per region', 'unit', 'per region', 'regions', 'total'],
  [
    ...lines.map((l) => [
      l.item,
      amount(l.quantityPerRegion),
      l.unit,
      money(l.perRegion),
      l.regions,
      money(l.total),
    ]),
    ['**total**', '', '', '', '', `**${money(total)}**`],
  ],
)}

${table(
  ['deployment', 'total a month'],
  variants.map(([label, change]) => [label, money(monthlyCost(costInputs(measured, change)).total)]),
)}

The Config rule's evaluations are most of the bill: they are billed per account and region, and the rule is deployed with every region's stack. Deploy it only where hybrid resources live (\`configRuleScope=none\` in the other regions' stacks): the scheduled audit still covers every region.

Prices (US East (N. Virginia) list prices, as recorded in the model; not re-read from the pages when this was generated):

${table(['unit', 'price', 'published at'], priceRows)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeSection } = await import('./report.js');
  writeSection('cost', costSection(JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measured));
}
