/**
 * `hna plan --format sarif`: SARIF 2.1.0 (OASIS), for code scanning (GitHub's "SARIF support
 * for code scanning"). One result per result the change alters (new, fixed, removed), its level
 * by status, located where the planned resource is written (source-locations.ts: its block and
 * line with --source-dir, else the plan or template file, line 1) with the Terraform address /
 * CloudFormation logical id as the logical location, and `partialFingerprints` from the rule,
 * the resource and the address — nothing that moves when a line does — so code scanning keeps
 * one alert per problem across runs.
 */
import { createHash } from 'node:crypto';
import type { Rule } from '../catalog/rule.js';
import type { PlannedResult, PlanReport } from './delta.js';
import type { Location } from './source-locations.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  FAILED: 'error',
  WARNING: 'warning',
  NOT_AVAILABLE: 'warning',
};

/** GitHub displays at most 10 locations per result. */
const MAX_LOCATIONS = 10;

function level(result: PlannedResult): 'error' | 'warning' | 'note' {
  return result.change === 'new' ? (LEVEL[result.status] ?? 'note') : 'note';
}

function message(result: PlannedResult): string {
  const was = result.before === null ? 'a new result' : `was ${result.before}`;
  const what = result.change === 'removed' ? `removed (${was})` : `${result.status} (${was})`;
  return `${result.ruleId} ${result.title}: ${what} — ${result.evidence ?? result.resourceId}`;
}

/** The identity of a result across runs: rule, account, region, resource, planned addresses. */
function fingerprint(result: PlannedResult): string {
  return createHash('sha256')
    .update(
      [
        result.ruleId,
        result.accountId ?? '',
        result.region,
        result.resourceId,
        ...[...result.planned].sort(),
      ].join('\u0000'),
    )
    .digest('hex');
}

export function planSarif(
  report: PlanReport,
  rules: readonly Rule[],
  version: string,
  locate: (address: string) => Location,
): unknown {
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
              fullDescription: { text: rule.title },
              help: { text: `${rule.title} (${rule.source})` },
              helpUri: rule.source,
            })),
          },
        },
        results: changed.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: used.findIndex((rule) => rule.id === result.ruleId),
          level: level(result),
          message: { text: message(result) },
          locations: (result.planned.length > 0 ? result.planned : [result.resourceId])
            .slice(0, MAX_LOCATIONS)
            .map((name) => {
              const where = locate(name);
              return {
                physicalLocation: {
                  artifactLocation: { uri: where.uri },
                  region: { startLine: where.line },
                },
                logicalLocations: [{ fullyQualifiedName: name, kind: 'resource' }],
              };
            }),
          partialFingerprints: { 'hnaPlanResult/v1': fingerprint(result) },
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
