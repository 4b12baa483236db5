/**
 * `hna plan --format sarif`: SARIF 2.1.0 (OASIS), for code-scanning views in CI. One result per
 * result the change alters (new, fixed, removed), its level by status, located at the planned
 * resources — the Terraform address as the logical location, since a plan has no source lines.
 */
import type { Rule } from '../catalog/rule.js';
import type { PlannedResult, PlanReport } from './delta.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  FAILED: 'error',
  WARNING: 'warning',
  NOT_AVAILABLE: 'warning',
};

function level(result: PlannedResult): 'error' | 'warning' | 'note' {
  return result.change === 'new' ? (LEVEL[result.status] ?? 'note') : 'note';
}

function message(result: PlannedResult): string {
  const was = result.before === null ? 'a new result' : `was ${result.before}`;
  const what = result.change === 'removed' ? `removed (${was})` : `${result.status} (${was})`;
  return `${result.ruleId} ${result.title}: ${what} — ${result.evidence ?? result.resourceId}`;
}

export function planSarif(report: PlanReport, rules: readonly Rule[], version: string): unknown {
  const changed = report.results.filter((r) => r.change !== 'unchanged');
  const used = rules.filter((rule) => changed.some((r) => r.ruleId === rule.id));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'hna',
            fullName: 'hybrid-network-auditor',
            version,
            rules: used.map((rule) => ({
              id: rule.id,
              name: rule.slug,
              shortDescription: { text: rule.title },
              helpUri: rule.source,
            })),
          },
        },
        results: changed.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: used.findIndex((rule) => rule.id === result.ruleId),
          level: level(result),
          message: { text: message(result) },
          locations: (result.planned.length > 0 ? result.planned : [result.resourceId]).map((name) => ({
            logicalLocations: [{ fullyQualifiedName: name, kind: 'resource' }],
          })),
          properties: {
            change: result.change,
            status: result.status,
            before: result.before,
            resourceId: result.resourceId,
            region: result.region,
            ...(result.accountId ? { accountId: result.accountId } : {}),
          },
        })),
      },
    ],
  };
}
