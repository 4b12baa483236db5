/**
 * One region at the quota's edge (issue 23), kept small here: the evidence of every result
 * stays short however many copies of the landing zone share the region, and every text
 * field Security Hub receives stays within its limit. The time and memory targets are
 * measured by `npm run bench:region`, not here.
 */
import { describe, expect, it } from 'vitest';
import { replicateRegion } from '../../bench/region-data.js';
import { runAudit } from '../../lib/audit/service.js';
import { parseConfig } from '../../lib/config/load.js';
import { sendable, toAsff } from '../../lib/report/asff.js';
import { RULES, ruleIds } from '../../lib/rules/index.js';

const CONFIG = parseConfig(
  { sourceCidrs: ['10.20.0.0/16'], vpn: { remoteCidrs: ['172.16.0.0/16'] } },
  'test',
  ruleIds(),
);
const NOW = new Date('2026-11-22T03:00:00.000Z');

function audit(copies: number) {
  return runAudit(replicateRegion(copies), { rules: RULES, config: CONFIG, now: NOW }).results;
}

function longest(results: ReturnType<typeof audit>): { length: number; rule: string } {
  let found = { length: 0, rule: '' };
  for (const result of results)
    for (const text of [result.evidence, result.remediation])
      if ((text?.length ?? 0) > found.length) found = { length: text?.length ?? 0, rule: result.ruleId };
  return found;
}

describe('a region with many copies of the landing zone', () => {
  const few = audit(4);
  const many = audit(40);

  it('replicates the zone with distinct ids: ten times the copies, ten times the results', () => {
    // Prepare: the copies must not collapse into each other, or the bound below proves nothing.
    expect(few.length).toBeGreaterThan(100);
    expect(many.length).toBe(few.length * 10);
    const resources = (results: typeof few) => new Set(results.map((r) => r.resourceId)).size;
    expect(resources(many)).toBe(resources(few) * 10);
  });

  it('keeps every evidence and fix as long at 40 copies as at 4, and under 2,000 characters', () => {
    // Act
    const small = longest(few);
    const large = longest(many);
    // Assess: a list that grows with the region is summarised, so the longest text does not grow
    // (but for a copy's number in a bucket or database name: one digit more at 40 copies).
    expect(large.length, `${large.rule} at 40 copies`).toBeLessThanOrEqual(small.length + 2);
    expect(large.length).toBeLessThanOrEqual(2000);
  });

  it('says how many endpoints a summarised list leaves out', () => {
    const present = many.find((r) => r.ruleId === 'S3PL.1' && r.status === 'PASSED');
    expect(present?.evidence).toMatch(/ and 3\d more \(40 endpoints in 40 VPCs\)$/);
  });

  it('gives Security Hub no text field beyond its limit', () => {
    const limits = { Title: 256, Description: 1024, Recommendation: 512, ProductField: 2048 };
    const sent = sendable(many);
    expect(sent.length).toBeGreaterThan(0);
    for (const result of sent) {
      const finding = toAsff(result, { accountId: '123456789012', partition: 'aws', now: NOW });
      expect(finding.Title?.length ?? 0).toBeLessThanOrEqual(limits.Title);
      expect(finding.Description?.length ?? 0).toBeLessThanOrEqual(limits.Description);
      expect(finding.Remediation?.Recommendation?.Text?.length ?? 0).toBeLessThanOrEqual(
        limits.Recommendation,
      );
      for (const value of Object.values(finding.ProductFields ?? {}))
        expect(value.length).toBeLessThanOrEqual(limits.ProductField);
    }
  });
});
