/** The order every report shows results in: what needs attention first. */
import type { ReportStatus } from '../catalog/rule.js';

/** Report statuses in the order a person attends to them: what needs attention first. */
export const STATUSES_BY_ATTENTION: readonly ReportStatus[] = [
  'FAILED',
  'WARNING',
  'NOT_AVAILABLE',
  'PASSED',
  'NOT_APPLICABLE',
  'SUPPRESSED',
];
/** The statuses that need attention: the first part of every report. */
export const NEEDS_ATTENTION: readonly ReportStatus[] = ['FAILED', 'WARNING', 'NOT_AVAILABLE'];
/** Sort key: what needs attention first, then suppressed, passed, not applicable. */
export const ATTENTION_RANK: Record<ReportStatus, number> = {
  FAILED: 0,
  WARNING: 1,
  NOT_AVAILABLE: 2,
  SUPPRESSED: 3,
  PASSED: 4,
  NOT_APPLICABLE: 5,
};
