/**
 * The static test table of a rule (docs/design/rules-catalog.md, "Tests"): `valid` fixtures must pass,
 * `invalid` ones must give the expected status on the expected resource, with
 * evidence and, for WARNING and FAILED, a remediation — and, as typescript-eslint's
 * RuleTester does, nothing else: any other result that is not PASSED or NOT_APPLICABLE
 * fails the case unless `others` expects it.
 */
import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../lib/catalog/reasons.js';
import type { Rule, Status } from '../../lib/catalog/rule.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { evaluate } from './fixtures.js';

export interface ValidCase {
  name: string;
  /** One account, or a spoke and its network account audited together. */
  snapshot: Snapshot | readonly Snapshot[];
  config?: AuditConfigInput;
  /** The resources that must be reported PASSED (or NOT_APPLICABLE when `status` says so). */
  resources: string[];
  status?: 'PASSED' | 'NOT_APPLICABLE';
  /** Resources of the same fixture that must be reported NOT_APPLICABLE beside those. */
  notApplicable?: string[];
}

export interface InvalidCase {
  name: string;
  snapshot: Snapshot | readonly Snapshot[];
  config?: AuditConfigInput;
  resourceId: string;
  status: Exclude<Status, 'PASSED'>;
  /** Text the evidence must contain (where the finding gives no reason code, or beside it). */
  evidence?: string | RegExp;
  /**
   * The finding's reason: its code, and the data it must carry (matched as a subset). The
   * sentence rendered from it is tested once per code (test/catalog/reasons.test.ts).
   */
  reason?: { code: ReasonCode; data?: Record<string, unknown> };
  remediation?: string | RegExp;
  /** Other resources of the fixture whose result is not PASSED or NOT_APPLICABLE, with their status. */
  others?: Record<string, Exclude<Status, 'PASSED' | 'NOT_APPLICABLE'>>;
}

export function ruleTable(rule: Rule, table: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.id} ${rule.slug}`, () => {
    it.each(table.valid.map((c) => [c.name, c] as const))('valid: %s', (_name, testCase) => {
      // Act
      const results = evaluate(rule, testCase.snapshot, testCase.config);
      // Assess
      const expected = testCase.status ?? 'PASSED';
      const notApplicable = new Set(testCase.notApplicable ?? []);
      expect(results.map((r) => r.resourceId).sort()).toEqual(
        [...testCase.resources, ...notApplicable].sort(),
      );
      for (const result of results)
        expect(result.status, `${result.resourceId}: ${result.evidence}`).toBe(
          notApplicable.has(result.resourceId) ? 'NOT_APPLICABLE' : expected,
        );
    });

    it.each(table.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_name, testCase) => {
      // Act
      const results = evaluate(rule, testCase.snapshot, testCase.config);
      // Assess
      const result = results.find((r) => r.resourceId === testCase.resourceId);
      expect(result, `no result for ${testCase.resourceId} in ${JSON.stringify(results)}`).toBeDefined();
      expect(result?.status).toBe(testCase.status);
      expect(result?.ruleId).toBe(rule.id);
      expect(
        testCase.evidence !== undefined || testCase.reason !== undefined,
        'a case names the evidence or the reason',
      ).toBe(true);
      if (testCase.reason !== undefined) {
        expect(result?.reason?.code).toBe(testCase.reason.code);
        if (testCase.reason.data !== undefined)
          expect(result?.reason?.data).toMatchObject(testCase.reason.data);
      }
      if (typeof testCase.evidence === 'string') expect(result?.evidence).toContain(testCase.evidence);
      else if (testCase.evidence !== undefined) expect(result?.evidence).toMatch(testCase.evidence);
      const unexpected = results.filter(
        (r) => r.resourceId !== testCase.resourceId && r.status !== 'PASSED' && r.status !== 'NOT_APPLICABLE',
      );
      expect(
        Object.fromEntries(unexpected.map((r) => [r.resourceId, r.status])),
        `other results: ${unexpected.map((r) => `${r.resourceId} ${r.status}: ${r.evidence}`).join('; ')}`,
      ).toEqual(testCase.others ?? {});
      if (testCase.status === 'WARNING' || testCase.status === 'FAILED') {
        expect(result?.remediation, 'a failing result says how to fix it').toBeTruthy();
        if (testCase.remediation !== undefined) {
          if (typeof testCase.remediation === 'string')
            expect(result?.remediation).toContain(testCase.remediation);
          else expect(result?.remediation).toMatch(testCase.remediation);
        }
      }
    });
  });
}

/** A path reason: closed, with a closure (of some path) whose text contains this. */
export function closedBy(text: string): NonNullable<InvalidCase['reason']> {
  return {
    code: 'path.closed',
    data: {
      closed: expect.arrayContaining([
        expect.objectContaining({ by: expect.arrayContaining([expect.stringContaining(text)]) }),
      ]),
    },
  };
}

/** A path reason: unknown, naming what the snapshot lacks. */
export function unknownBecause(missing: string): NonNullable<InvalidCase['reason']> {
  return { code: 'path.unknown', data: { missing: expect.arrayContaining([missing]) } };
}
