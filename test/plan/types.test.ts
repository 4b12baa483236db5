/**
 * Every Terraform resource type hna plan maps, created, updated, deleted and replaced over the
 * bundled example (issue 22): the after snapshot holds the planned resource as planned, the
 * before one no longer, and nothing is left unjudged.
 */
import { describe, expect, it } from 'vitest';
import { overlayPlan, TYPES } from '../../lib/plan/overlay.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { type ACTIONS, planDocument, REGION, snapshotsOf, TYPE_CASES } from '../support/plan-cases.js';

describe('every mapped Terraform type', () => {
  it('has a case here, and every type with a case is mapped', () => {
    // Laid types that Terraform creates and destroys; the adopted defaults have their own test (defaults.test.ts).
    const laid = Object.entries(TYPES).filter(([, t]) => t.map !== undefined && t.adopts !== true);
    expect(TYPE_CASES.map((c) => c.type).sort()).toEqual(laid.map(([type]) => type).sort());
  });

  describe.each(TYPE_CASES)('$type', (testCase) => {
    const idAttribute = testCase.idAttribute ?? 'id';
    const id = String(testCase.before[idAttribute]);
    const synthetic = `tf:${testCase.type}.planned`;
    const lay = (action: (typeof ACTIONS)[number]) => {
      const [own, peer] = snapshotsOf(testCase);
      const overlay = overlayPlan(
        own,
        parseTerraformPlan(planDocument(testCase, action), 'plan.json'),
        REGION,
        [peer],
      );
      expect(overlay.unjudged).toEqual([]);
      expect(overlay.planned.map((p) => p.address)).toEqual([`${testCase.type}.planned`]);
      return overlay.after;
    };

    it('starts from a resource the example holds, which the change changes', () => {
      const [own] = snapshotsOf(testCase);
      expect(testCase.holds(own, testCase.before, id)).toBe(true);
      expect(testCase.holds(own, testCase.after, id)).toBe(false);
    });
    it('created: the after snapshot holds it as planned', () => {
      expect(testCase.holds(lay('create'), testCase.after, synthetic)).toBe(true);
    });
    it('updated: as planned, and no longer as it was', () => {
      const after = lay('update');
      expect(testCase.holds(after, { ...testCase.after, [idAttribute]: id }, id)).toBe(true);
      expect(testCase.holds(after, testCase.before, id)).toBe(false);
    });
    it(testCase.keptWhenDeleted ? 'deleted: kept, as AWS keeps it while in use' : 'deleted: gone', () => {
      expect(testCase.holds(lay('delete'), testCase.before, id)).toBe(testCase.keptWhenDeleted === true);
    });
    it('replaced: the old one gone, the new one as planned', () => {
      const after = lay('replace');
      expect(testCase.holds(after, testCase.before, id)).toBe(false);
      expect(testCase.holds(after, testCase.after, synthetic)).toBe(true);
    });
  });
});
