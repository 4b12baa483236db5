import { describe, expect, it } from 'vitest';
import { runAudit } from '../lib/audit/run-audit.js';
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
    const alarms = report.results.filter((r) => r.status === 'FAILED' || r.status === 'WARNING');
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
  });
});
