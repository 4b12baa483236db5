/**
 * The monthly bill's model (bench/cost-model.ts): its arithmetic on inputs small enough to price
 * by hand, the multiplication of every line by the regions, the Config rule's evaluations in the
 * total, and BENCHMARKS.md's section equal to what the model renders from the recorded inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costInputs, costSection, deployed, MEASURED_FILE, type Measured } from '../../bench/cost.js';
import { type CostInputs, configEvaluationsCost, monthlyCost, PRICES } from '../../bench/cost-model.js';

const measured = JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measured;

/** One account, one region, one run: each line's quantity is small enough to check by hand. */
const tiny: CostInputs = {
  accounts: 1,
  regions: 1,
  configRegions: 1,
  runs: 1,
  workerSecondsPerTarget: 2,
  findingsPerTarget: 10,
  configResourcesPerAccount: 4,
  memoryGb: 1,
  alarmMetrics: 3,
  kmsKeys: 1,
  configChangesPerAccountRegion: 5,
  configPeriodic: false,
  configPeriodHours: 24,
  configSecondsPerEvaluation: 3,
  logBytesPerTarget: 2 ** 30,
  logBytesPerEvaluation: 0,
  logRetentionMonths: 12,
  runMetrics: 10,
  hoursPerRun: 73,
  configMetrics: 1,
};
const lineOf = (inputs: CostInputs, item: string) => {
  const line = monthlyCost(inputs).lines.find((l) => l.item.startsWith(item));
  if (line === undefined) throw new Error(`no line ${item}`);
  return line;
};

describe('the cost model', () => {
  it('prices Config evaluations in their tiers, per account and region', () => {
    expect(configEvaluationsCost(0)).toBe(0);
    expect(configEvaluationsCost(100_000)).toBeCloseTo(100, 6);
    expect(configEvaluationsCost(150_000)).toBeCloseTo(100 + 50_000 * 0.0008, 6);
    expect(configEvaluationsCost(600_000)).toBeCloseTo(100 + 400_000 * 0.0008 + 100_000 * 0.0005, 6);
  });

  it('prices each line of one small stack as by hand', () => {
    expect(lineOf(tiny, 'worker: compute').total).toBeCloseTo(2 * PRICES.lambdaGbSecondArm.usd, 12);
    expect(lineOf(tiny, 'worker and dispatcher: requests').total).toBeCloseTo(2 * 0.2e-6, 12);
    expect(lineOf(tiny, 'Config rule: compute').total).toBeCloseTo(5 * 3 * PRICES.lambdaGbSecondArm.usd, 12);
    expect(lineOf(tiny, 'Config rule: evaluations').total).toBeCloseTo(5 * 0.001, 12);
    expect(lineOf(tiny, 'CloudWatch Logs: ingestion').total).toBeCloseTo(0.5, 12);
    expect(lineOf(tiny, 'CloudWatch Logs: storage').total).toBeCloseTo(12 * 0.03, 12);
    // 10 metrics sent in 73 of 730 hours cost a tenth of a month each; the Config rule's one a whole month.
    expect(lineOf(tiny, 'CloudWatch: custom metrics').total).toBeCloseTo((10 * 0.1 + 1) * 0.3, 12);
    expect(lineOf(tiny, 'CloudWatch: alarms').total).toBeCloseTo(0.3, 12);
    expect(lineOf(tiny, 'KMS').total).toBe(1);
    expect(lineOf(tiny, 'Security Hub').total).toBe(0);
    const { lines, total } = monthlyCost(tiny);
    expect(total).toBeCloseTo(
      lines.reduce((sum, line) => sum + line.total, 0),
      12,
    );
  });

  it('multiplies every line by the regions it is deployed in; the Config rule’s by its own', () => {
    const many = { ...tiny, regions: 17, configRegions: 3 };
    for (const line of monthlyCost(many).lines) {
      expect(line.total, line.item).toBeCloseTo(line.perRegion * line.regions, 12);
      expect(line.regions, line.item).toBe(
        line.item.startsWith('Config rule') || line.item.startsWith('S3: Config') ? 3 : 17,
      );
      expect(line.perRegion, line.item).toBeCloseTo(
        monthlyCost(tiny).lines.find((l) => l.item === line.item)?.perRegion ?? Number.NaN,
        12,
      );
    }
  });

  it('counts a periodic trigger’s evaluations of every resource, every period', () => {
    const periodic = { ...tiny, configPeriodic: true };
    // 5 changes and 4 resources × 30 daily periods; an invocation per change and per period.
    expect(lineOf(periodic, 'Config rule: evaluations').quantityPerRegion).toBe(5 + 4 * 30);
    expect(lineOf(periodic, 'Config rule: requests').quantityPerRegion).toBe(5 + 30);
  });

  it('includes the Config rule in the total of 500 accounts × 17 regions, within 20% of the review’s re-pricing', () => {
    const inputs = costInputs(measured);
    expect(inputs).toMatchObject({ accounts: 500, regions: 17, configRegions: 17, runs: 60 });
    const { lines, total } = monthlyCost(inputs);
    const config = lines.find((l) => l.item.startsWith('Config rule: evaluations'));
    // 500 accounts × 50 changes × 17 regions at $0.001: the line the first bill left out of its total.
    expect(config?.total).toBeCloseTo(425, 6);
    // The reviewer re-priced 500 × 17 at the default schedule at about $510 a month.
    expect(total).toBeGreaterThan(510 * 0.8);
    expect(total).toBeLessThan(510 * 1.2);
    // With the rule only where hybrid resources live, its lines shrink with the regions in scope.
    const fewer = monthlyCost(costInputs(measured, { configRegions: 3 })).total;
    const ruleLines = lines.filter(
      (l) => l.item.startsWith('Config rule') || l.item.startsWith('S3: Config'),
    );
    expect(ruleLines.length).toBe(4);
    expect(total - fewer).toBeCloseTo(ruleLines.reduce((sum, l) => sum + l.perRegion, 0) * 14, 6);
  });

  it('reads the deployment from serverless.yml, and BENCHMARKS.md holds what the model renders', () => {
    const stack = deployed();
    expect(stack.runs).toBe(60);
    expect(stack.kmsKeys).toBe(1);
    expect(stack.alarmMetrics).toBeGreaterThan(stack.alarms);
    const benchmarks = readFileSync('BENCHMARKS.md', 'utf8');
    const section = /<!-- section:cost -->\n_Measured [^\n]*_\n\n([\s\S]*?)\n<!-- \/section:cost -->/.exec(
      benchmarks,
    )?.[1];
    expect(section).toBe(costSection(measured).trim());
  });
});
