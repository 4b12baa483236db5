/**
 * "Unknown" is a value, a defect is an error (issue 21): what the snapshot lacks makes an
 * answer unknown, naming it; a TypeError inside a hop is never taken for that — it surfaces as
 * an error from the engine, and through the audit as a rule that could not be evaluated,
 * never as a verdict.
 */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { RULES } from '../../lib/rules/index.js';
import { config, NOW, snapshotOf } from '../support/fixtures.js';
import { inventory, TARGET } from '../support/transit-fixture.js';

const question = {
  direction: 'inbound' as const,
  sources: ['10.20.0.0/16'],
  ports: { from: 443, to: 443 },
  subnetId: TARGET,
  securityGroupIds: ['sg-1'],
};

/** The hub's tables with a Routes field that is not a list: reading it is a TypeError. */
function corrupted() {
  const region = inventory();
  for (const table of region.ec2?.TransitGatewayRouteTables ?? [])
    (table as { Routes: unknown }).Routes = { 0: 'not a list' };
  return region;
}

describe('a defect inside a hop', () => {
  it('what the snapshot lacks is an unknown answer naming it', () => {
    const region = inventory();
    for (const table of region.ec2?.TransitGatewayRouteTables ?? []) delete table.Routes;
    const answer = reach(question, new NetworkIndex(region));
    expect(answer.verdict).toBe('unknown');
    expect(answer.unknown?.[0]).toMatch(/^the routes of tgw-rtb-\S+ are not in the snapshot$/);
  });

  it('a TypeError in the transit gateway hop is thrown by the engine, not answered', () => {
    expect(() => reach(question, new NetworkIndex(corrupted()))).toThrow(TypeError);
  });

  it('through the audit, the rules that met it could not be evaluated: none PASSED or FAILED on it', () => {
    const { results } = runAudit(snapshotOf(corrupted()), { rules: RULES, config: config(), now: NOW });
    const broken = results.filter((r) => /could not be evaluated: .*not iterable/.test(r.evidence ?? ''));
    expect(broken.length).toBeGreaterThan(0);
    for (const result of broken) expect(result.status).toBe('NOT_AVAILABLE');
    // Every rule that reads the hub's tables met the defect; none judged with the tables taken as absent.
    const net4 = results.filter((r) => r.ruleId === 'NET.4');
    expect(net4.length).toBeGreaterThan(0);
    for (const result of net4) expect(result.status).toBe('NOT_AVAILABLE');
  });
});
