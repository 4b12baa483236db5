/**
 * Every list a rule reads can be changed by a plan that hna plan judges or names (issue 29,
 * docs/design/cli.md "Plans as real repositories write them"): each has a Terraform resource type in the
 * type table (laid, or named as not laid yet — never "ignored"), and a CloudFormation type
 * that maps to one, unless the table says why none writes it. A new snapshot list that a rule
 * reads fails here until the table has its entry.
 */
import { describe, expect, it } from 'vitest';
import type { InventoryList } from '../../lib/inventory/registry.js';
import { CFN_TYPES, NO_CLOUDFORMATION_TYPE } from '../../lib/plan/cfn-types.js';
import { NOT_PLANNED, READS_BEYOND_INPUTS, TYPES } from '../../lib/plan/mapped-types.js';
import { overlayPlan } from '../../lib/plan/overlay.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { RULES } from '../../lib/rules/index.js';
import { SPOKE } from '../support/plan-cases.js';

/** Which rule reads which list: its inputs, and what it reads beyond them. */
const READERS = new Map<InventoryList, string[]>();
for (const rule of RULES)
  for (const list of [...rule.inputs, ...(READS_BEYOND_INPUTS[rule.id] ?? [])])
    READERS.set(list, [...(READERS.get(list) ?? []), rule.id]);

const terraformTypesOf = (list: InventoryList) =>
  Object.entries(TYPES)
    .filter(([, mapping]) => mapping.lists.includes(list))
    .map(([type]) => type);

describe('the type table', () => {
  it('has a Terraform type for every list a rule reads, unless no Terraform resource writes it', () => {
    const uncovered = [...READERS.keys()].filter(
      (list) => terraformTypesOf(list).length === 0 && NOT_PLANNED[list] === undefined,
    );
    expect(uncovered, 'lists some rule reads that no planned Terraform type maps').toEqual([]);
  });

  it('has a CloudFormation type for every list a Terraform type maps, unless CloudFormation has none', () => {
    const cfnTerraform = new Set(Object.values(CFN_TYPES).map((m) => m.terraform));
    const uncovered = [...READERS.keys()].filter(
      (list) =>
        NOT_PLANNED[list] === undefined &&
        NO_CLOUDFORMATION_TYPE[list] === undefined &&
        !terraformTypesOf(list).some((type) => cfnTerraform.has(type)),
    );
    expect(uncovered, 'lists some rule reads that no CloudFormation type maps').toEqual([]);
  });

  it('maps every CloudFormation type to a Terraform type of the table (or one no rule reads)', () => {
    const unknown = Object.entries(CFN_TYPES)
      .filter(([, m]) => TYPES[m.terraform] === undefined)
      .map(([cfn, m]) => `${cfn} → ${m.terraform}`);
    // DHCP options: no rule reads a VPC's DNS servers today.
    expect(unknown).toEqual([
      'AWS::EC2::DHCPOptions → aws_vpc_dhcp_options',
      'AWS::EC2::VPCDHCPOptionsAssociation → aws_vpc_dhcp_options_association',
    ]);
  });

  it('lists only lists the snapshot registry knows, each read by some rule', () => {
    for (const [type, mapping] of Object.entries(TYPES))
      for (const list of mapping.lists)
        expect(READERS.has(list) || list === 'ec2.VpcPeeringConnections', `${type}: ${list}`).toBe(true);
  });

  it('never lists a type the rules read as ignored: a plan of every type in the table has none ignored', () => {
    const changes = Object.keys(TYPES).map((type) => ({
      address: `${type}.x`,
      mode: 'managed',
      type,
      name: 'x',
      change: { actions: ['create'], before: null, after: {}, after_unknown: { id: true } },
    }));
    const plan = parseTerraformPlan(
      JSON.stringify({ format_version: '1.2', resource_changes: changes }),
      'plan.json',
    );
    const overlay = overlayPlan(structuredClone(SPOKE), plan, 'eu-west-1');
    expect(overlay.ignored).toEqual([]);
    // Each is judged or named: laid over the snapshot, or not judged with why.
    const named = new Set([...overlay.planned, ...overlay.unjudged].map((c) => c.address));
    expect([...named].sort()).toEqual(changes.map((c) => c.address).sort());
  });

  it('names why a type is not laid yet', () => {
    for (const [type, mapping] of Object.entries(TYPES))
      if (mapping.map === undefined) expect(mapping.notLaid, type).toMatch(/\w/);
  });
});
