/** The plan judged: the same audit on the account before and after the change, and the delta between them. */
import { type AuditInputs, auditSnapshots } from '../audit/service.js';
import type { Snapshot } from '../inventory/types.js';
import { type PlanReport, planDelta } from './delta.js';
import { overlayPlan } from './overlay.js';
import type { PlanChanges } from './terraform-plan.js';

/**
 * `snapshots[0]` is the account the plan changes; the others (its network account, or the
 * spokes whose paths cross it) are audited with it, before and after.
 */
export function judgePlan(
  snapshots: readonly Snapshot[],
  plan: PlanChanges,
  inputs: AuditInputs,
  region?: string,
): PlanReport {
  const [before, ...others] = snapshots;
  if (before === undefined) throw new Error('judgePlan needs the snapshot of the account the plan changes');
  const overlay = overlayPlan(before, plan, region);
  return planDelta(
    auditSnapshots([before, ...others], inputs),
    auditSnapshots([overlay.after, ...others], inputs),
    overlay.planned,
    {
      ignored: overlay.ignored,
      unjudged: [
        ...new Map(overlay.unjudged.map((u) => [u.address, { address: u.address, why: u.why }])).values(),
      ],
    },
  );
}
