/** Small snapshots for rule and engine tests, built from the pieces a test cares about. */
import { readFileSync } from 'node:fs';
import { auditSnapshots, runAudit } from '../../lib/audit/service.js';
import type { Rule, RuleResult } from '../../lib/catalog/rule.js';
import { defaultConfig, parseConfig } from '../../lib/config/load.js';
import type { AuditConfig, AuditConfigInput } from '../../lib/config/schema.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { RULES, ruleIds } from '../../lib/rules/index.js';

export const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
export const NOW = new Date('2026-11-22T03:00:00.000Z');

export function snapshotOf(region: RegionInventory, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    version: 1,
    accountId: ACCOUNT,
    partition: 'aws',
    regions: { [REGION]: region },
    errors: [],
    ...extra,
  };
}

export function config(input: AuditConfigInput = {}): AuditConfig {
  return input === undefined ? defaultConfig() : parseConfig(input, 'test config', ruleIds());
}

/**
 * Runs one rule through the real engine (gating, configuration), as the CLI would; over
 * several snapshots (a spoke and its network account) as `hna audit` does with several.
 */
export function evaluate(
  rule: Rule,
  snapshot: Snapshot | readonly Snapshot[],
  configInput: AuditConfigInput = {},
): RuleResult[] {
  const options = { rules: [rule], config: config(configInput), now: NOW };
  return Array.isArray(snapshot)
    ? auditSnapshots(snapshot, options).results
    : runAudit(snapshot as Snapshot, options).results;
}

export function loadExample(): Snapshot {
  return parseSnapshot(
    readFileSync('examples/hybrid-landing-zone.json', 'utf8'),
    'examples/hybrid-landing-zone.json',
  );
}

export function loadNetworkExample(): Snapshot {
  return parseSnapshot(
    readFileSync('examples/network-account.json', 'utf8'),
    'examples/network-account.json',
  );
}

export function exampleConfig(): AuditConfig {
  return parseConfig(
    JSON.parse(readFileSync('examples/hna.config.json', 'utf8')),
    'examples/hna.config.json',
    ruleIds(),
  );
}

export { RULES };
