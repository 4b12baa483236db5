/**
 * hna plan's audit after the change re-judges only what the plan touched (lib/plan/judge.ts,
 * lib/audit/run-audit.ts): proven equal to the full audit on every test plan, and the
 * mechanism itself on rules that read across regions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeSharedSnapshot, newEvaluationLog } from '../../lib/audit/run-audit.js';
import { defineRule } from '../../lib/catalog/rule.js';
import { parseConfig } from '../../lib/config/load.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { judgePlan } from '../../lib/plan/judge.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { RULES, ruleIds } from '../../lib/rules/index.js';
import { ACTIONS, planDocument, REGION, snapshotsOf, TYPE_CASES } from '../support/plan-cases.js';

const config = parseConfig(
  JSON.parse(readFileSync('examples/hna.config.json', 'utf8')),
  'examples/hna.config.json',
  ruleIds(),
);
const inputs = { rules: RULES, config, now: new Date('2026-11-22T03:00:00.000Z') };

describe('the incremental audit after a plan', () => {
  describe.each(TYPE_CASES)('$type', (testCase) => {
    it.each(ACTIONS)('%s: equals the full audit', (action) => {
      const plan = parseTerraformPlan(planDocument(testCase, action), 'plan.json');
      const snapshots = snapshotsOf(testCase);
      const incremental = judgePlan(snapshots, plan, inputs, REGION);
      const full = judgePlan(snapshotsOf(testCase), plan, inputs, REGION, { full: true });
      expect(incremental).toEqual(full);
      expect(incremental.results.length).toBeGreaterThan(0);
    });
  });

  it('equals the full audit for a plan in the other region, one that cannot be judged, and one with no region', () => {
    const [spoke, network] = snapshotsOf(TYPE_CASES[1] as (typeof TYPE_CASES)[number]);
    // us-east-1 of the example holds no group: one is added, so the plan has something to change there.
    const usGroup = 'sg-0d1e2f3a4b5c69999';
    spoke.regions?.['us-east-1']?.ec2?.SecurityGroups?.push({
      GroupId: usGroup,
      VpcId: 'vpc-0a1b2c3d4e5f69999',
      IpPermissions: [],
      IpPermissionsEgress: [],
    });
    const plans = [
      // A rule in us-east-1: eu-west-1's results are carried.
      {
        region: 'us-east-1',
        after: { security_group_id: usGroup, ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' },
      },
      // A group the snapshot does not hold: not judged, the collection errors change.
      {
        region: REGION,
        after: {
          security_group_id: 'sg-missing',
          ip_protocol: 'tcp',
          from_port: 1,
          to_port: 1,
          cidr_ipv4: '10.0.0.0/8',
        },
      },
    ];
    for (const { region, after } of plans) {
      const plan = parseTerraformPlan(
        JSON.stringify({
          format_version: '1.2',
          resource_changes: [
            {
              address: 'aws_vpc_security_group_egress_rule.r',
              mode: 'managed',
              type: 'aws_vpc_security_group_egress_rule',
              name: 'r',
              change: { actions: ['create'], before: null, after, after_unknown: { id: true } },
            },
          ],
        }),
        'plan.json',
      );
      const incremental = judgePlan([spoke, network], plan, inputs, region);
      expect(incremental).toEqual(judgePlan([spoke, network], plan, inputs, region, { full: true }));
    }
  });
});

describe('what an evaluation reads', () => {
  const snapshot = (vpcsInB: number): Snapshot =>
    ({
      version: 1,
      accountId: '123456789012',
      partition: 'aws',
      collectedAt: '2026-11-22T03:00:00.000Z',
      regions: {
        a: { ec2: { Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }] } },
        b: {
          ec2: {
            Vpcs: Array.from({ length: vpcsInB }, (_, i) => ({
              VpcId: `vpc-b${i}`,
              CidrBlock: '10.1.0.0/16',
            })),
          },
        },
      },
    }) as Snapshot;
  const acrossRegions = defineRule({
    id: 'NET.90',
    slug: 'across-regions',
    title: 'reads region b from every region',
    severity: 'LOW',
    source: 'https://example.com',
    inputs: ['ec2.Vpcs'],
    evaluate: (context) => [
      {
        status: 'PASSED',
        resource: { type: 'Other', id: context.region, arn: context.region },
        evidence: `b holds ${context.snapshot.regions?.b?.ec2?.Vpcs?.length} VPCs`,
      },
    ],
  });
  const ownRegion = defineRule({
    ...acrossRegions,
    id: 'NET.91',
    slug: 'own-region',
    evaluate: (context) => [
      {
        status: 'PASSED',
        resource: { type: 'Other', id: context.region, arn: context.region },
        evidence: `${context.region} holds ${context.inventory.ec2?.Vpcs?.length} VPCs`,
      },
    ],
  });
  const options = { rules: [acrossRegions, ownRegion], config, now: inputs.now };

  it('re-judges a rule in an untouched region when it read the touched one, and carries the rest as they were', () => {
    const log = newEvaluationLog();
    const before = judgeSharedSnapshot(snapshot(1), options, { log });
    expect(log.reads.get('NET.90\u0000a')).toContain('region:b');
    expect(log.reads.get('NET.91\u0000a')).not.toContain('region:b');
    const after = judgeSharedSnapshot(snapshot(2), options, {
      reuse: { log, touched: new Set(['region:b']) },
    });
    const result = (report: typeof before, rule: string, region: string) =>
      report.results.find((r) => r.ruleId === rule && r.region === region);
    // Region a read region b: judged again, and it sees the change.
    expect(result(after, 'NET.90', 'a')?.evidence).toBe('b holds 2 VPCs');
    // Region a's own-region rule read nothing of b: the very result of the audit before.
    expect(result(after, 'NET.91', 'a')).toBe(result(before, 'NET.91', 'a'));
    expect(result(after, 'NET.91', 'b')?.evidence).toBe('b holds 2 VPCs');
  });

  it('counts listing every region as reading each of them', () => {
    const listing = defineRule({
      ...acrossRegions,
      id: 'NET.92',
      slug: 'listing',
      evaluate: (context) => [
        {
          status: 'PASSED',
          resource: { type: 'Other', id: context.region, arn: context.region },
          evidence: `${Object.keys(context.snapshot.regions ?? {}).length} regions`,
        },
      ],
    });
    const log = newEvaluationLog();
    judgeSharedSnapshot(snapshot(1), { ...options, rules: [listing] }, { log });
    expect(log.reads.get('NET.92\u0000a')).toContain('region:*');
  });
});
