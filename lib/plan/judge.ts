/** The plan judged: the same audit on the account before and after the change, and the delta between them. */
import { newEvaluationLog } from '../audit/run-audit.js';
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
  options: { full?: boolean } = {},
): PlanReport {
  const [before, ...others] = snapshots;
  if (before === undefined) throw new Error('judgePlan needs the snapshot of the account the plan changes');
  // The audit before notes what each rule read; the audit after re-judges only what the plan
  // touched (its region, or a part a rule read across regions) and carries every other result.
  const logs = snapshots.map(() => newEvaluationLog());
  const beforeReport = auditSnapshots(
    snapshots,
    inputs,
    logs.map((log) => ({ log })),
  );
  const overlay = overlayPlan(before, plan, region, others);
  // The other snapshots share the changed account's network in the same regions: the same parts count as touched.
  const afterReport = auditSnapshots(
    overlay.afters,
    inputs,
    options.full ? undefined : logs.map((log) => ({ reuse: { log, touched: overlay.touched } })),
  );
  return planDelta(
    beforeReport,
    afterReport,
    overlay.planned,
    { ignored: overlay.ignored, unjudged: overlay.unjudged },
    inputs.rules,
  );
}
