/** Rule tables over the landing zone: `valid` is the healthy zone, `invalid` cases break one thing. */

import type { Rule, Status } from '../../lib/catalog/rule.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { broken, HEALTHY_CONFIG, healthy } from './landing-zone.js';
import { type InvalidCase, ruleTable } from './rule-table.js';

export interface ZoneCase {
  name: string;
  change: (snapshot: Snapshot, region: RegionInventory) => void;
  config?: AuditConfigInput;
  resourceId: string;
  status: Exclude<Status, 'PASSED'>;
  evidence?: InvalidCase['evidence'];
  reason?: InvalidCase['reason'];
  remediation?: string | RegExp;
  others?: InvalidCase['others'];
}

export function zoneTable(
  rule: Rule,
  /** The resources the healthy zone reports PASSED, or those and the ones it reports NOT_APPLICABLE. */
  healthyResources: string[] | { passed: string[]; notApplicable: string[] },
  invalid: ZoneCase[],
  valid: {
    name: string;
    change: (snapshot: Snapshot, region: RegionInventory) => void;
    config?: AuditConfigInput;
    resources: string[];
    status?: 'PASSED' | 'NOT_APPLICABLE';
    notApplicable?: string[];
  }[] = [],
): void {
  const healthyCase = Array.isArray(healthyResources)
    ? { resources: healthyResources }
    : { resources: healthyResources.passed, notApplicable: healthyResources.notApplicable };
  ruleTable(rule, {
    valid: [
      {
        name: 'the healthy landing zone',
        snapshot: healthy(),
        config: HEALTHY_CONFIG,
        ...healthyCase,
      },
      ...valid.map((c) => ({
        name: c.name,
        snapshot: broken(c.change),
        config: c.config ?? HEALTHY_CONFIG,
        resources: c.resources,
        ...(c.status ? { status: c.status } : {}),
        ...(c.notApplicable ? { notApplicable: c.notApplicable } : {}),
      })),
    ],
    invalid: invalid.map((c) => ({
      name: c.name,
      snapshot: broken(c.change),
      config: c.config ?? HEALTHY_CONFIG,
      resourceId: c.resourceId,
      status: c.status,
      ...(c.evidence === undefined ? {} : { evidence: c.evidence }),
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      ...(c.remediation === undefined ? {} : { remediation: c.remediation }),
      ...(c.others === undefined ? {} : { others: c.others }),
    })),
  });
}
