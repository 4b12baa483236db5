import { describe, expect, it } from 'vitest';
import { runAudit } from '../lib/audit/run-audit.js';
import { runHna } from './support/cli-harness.js';
import { config, NOW, RULES } from './support/fixtures.js';
import { HEALTHY_CONFIG, healthy } from './support/landing-zone.js';

describe('the healthy landing zone', () => {
  it('gives no FAILED and no WARNING at all (false alarms are defects)', () => {
    // Act
    const report = runAudit(healthy(), { rules: RULES, config: config(HEALTHY_CONFIG), now: NOW });
    // Assess
    const alarms = report.results.filter((r) => r.status === 'FAILED' || r.status === 'WARNING');
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
    expect(report.summary.NOT_AVAILABLE).toBe(0);
    expect(report.summary.PASSED).toBeGreaterThan(0);
  });

  it('is also silent when the source networks are inferred instead of configured', () => {
    const report = runAudit(healthy(), {
      rules: RULES,
      config: config({ vpn: { remoteCidrs: ['172.16.0.0/16'] } }),
      now: NOW,
    });
    const alarms = report.results.filter(
      (r) => r.status === 'FAILED' || r.status === 'WARNING' || r.status === 'NOT_AVAILABLE',
    );
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
    expect(report.summary.PASSED).toBeGreaterThan(0);
  });
});

describe('the bundled example, audited as a user would', () => {
  it('carries non-empty evidence on every result, PASSED included (hna audit --format json)', async () => {
    // Act
    const run = await runHna([
      'audit',
      '--snapshot',
      'examples/hybrid-landing-zone.json',
      '--config',
      'examples/hna.config.json',
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    // Assess
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout) as {
      results: { ruleId: string; status: string; evidence?: string }[];
    };
    expect(results.length).toBeGreaterThan(60);
    expect(results.filter((r) => !r.evidence?.trim()).map((r) => `${r.ruleId} ${r.status}`)).toEqual([]);
    expect(new Set(results.map((r) => r.ruleId)).size, 'the example exercises every rule').toBe(RULES.length);
  });
});
