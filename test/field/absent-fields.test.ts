/**
 * No PASSED without evidence (issue 10): every optional field a rule reads is removed
 * from the example's items, one at a time, and the verdicts that change are recorded.
 * A change to PASSED is right only where AWS gives the field's absence that meaning;
 * each such change is listed below with the reason. Any other change to PASSED is a
 * defect, and a listed reason that no longer happens must be removed.
 */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import type { Rule } from '../../lib/catalog/rule.js';
import type { InventoryList } from '../../lib/inventory/lists.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { RULES } from '../../lib/rules/index.js';
import { exampleConfig, loadExample, NOW } from '../support/fixtures.js';

/** Changes to PASSED that AWS's meaning of the absent field justifies, keyed "rule list.field". */
const JUSTIFIED: Record<string, string> = {
  'VPN.6 ec2.VpnConnections.Options.TunnelOptions.Phase1LifetimeSeconds':
    'VPN tunnel options: a tunnel that omits Phase1LifetimeSeconds runs with the AWS default, 28800 s, which is the peer value here',
};

/** The key that names an item; removing it would remove the item, not a field of it. */
const IDENTITY: Record<string, string> = {
  'ec2.Vpcs': 'VpcId',
  'ec2.Subnets': 'SubnetId',
  'ec2.RouteTables': 'RouteTableId',
  'ec2.NetworkAcls': 'NetworkAclId',
  'ec2.SecurityGroups': 'GroupId',
  'ec2.VpcEndpoints': 'VpcEndpointId',
  'ec2.NetworkInterfaces': 'NetworkInterfaceId',
  'ec2.ManagedPrefixLists': 'PrefixListId',
  'ec2.VpnConnections': 'VpnConnectionId',
  'ec2.VpnGateways': 'VpnGatewayId',
  'ec2.CustomerGateways': 'CustomerGatewayId',
  'datasync.Agents': 'AgentArn',
  'drs.ReplicationConfigurationTemplates': 'replicationConfigurationTemplateID',
  'drs.SourceServers': 'sourceServerID',
  'drs.ReplicationConfigurations': 'sourceServerID',
  'rds.DBInstances': 'DBInstanceIdentifier',
  'rds.DBClusters': 'DBClusterIdentifier',
  'route53resolver.ResolverEndpoints': 'Id',
  's3.Buckets': 'Name',
};

type Json = Record<string, unknown>;
interface Removal {
  list: InventoryList;
  /** The field's path inside an item, without array indexes: "Options.TunnelOptions". */
  field: string;
  remove: (snapshot: Snapshot) => void;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every field of the item, three levels deep (through arrays of objects): the fields rules read. */
function fieldPaths(item: Json, depth = 0): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(item)) {
    paths.push([key]);
    if (depth >= 2) continue;
    const children = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
    const seen = new Set<string>();
    for (const child of children) {
      for (const sub of fieldPaths(child, depth + 1)) {
        const label = sub.join('.');
        if (!seen.has(label)) seen.add(label);
        paths.push([key, ...sub]);
      }
    }
  }
  return paths;
}

function removeAt(target: unknown, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const holders = Array.isArray(target) ? target : [target];
  for (const holder of holders) {
    if (!isObject(holder)) continue;
    if (rest.length === 0) delete holder[head];
    else removeAt(holder[head], rest);
  }
}

function removals(example: Snapshot): Removal[] {
  const found: Removal[] = [];
  const add = (
    list: InventoryList,
    items: (s: Snapshot) => unknown[] | undefined,
    index: number,
    item: Json,
  ) => {
    for (const path of fieldPaths(item)) {
      if (path.length === 1 && path[0] === IDENTITY[list]) continue;
      found.push({
        list,
        field: path.join('.'),
        remove: (snapshot) => removeAt(items(snapshot)?.[index], path),
      });
    }
  };
  for (const [region, inventory] of Object.entries(example.regions ?? {})) {
    for (const [service, lists] of Object.entries(inventory as Json)) {
      if (!isObject(lists)) continue;
      for (const [name, items] of Object.entries(lists)) {
        if (!Array.isArray(items)) continue;
        const list = `${service}.${name}` as InventoryList;
        items.forEach((item, index) => {
          if (isObject(item))
            add(
              list,
              (s) => ((s.regions?.[region] as Json)?.[service] as Json)?.[name] as unknown[],
              index,
              item,
            );
        });
      }
    }
  }
  (example.s3?.Buckets ?? []).forEach((bucket, index) => {
    add('s3.Buckets', (s) => s.s3?.Buckets, index, bucket as unknown as Json);
  });
  return found;
}

function verdicts(snapshot: Snapshot, rules: readonly Rule[]): Map<string, string> {
  const { results } = runAudit(snapshot, { rules, config: exampleConfig(), now: NOW });
  return new Map(
    results.map((r) => [`${r.ruleId} ${r.region} ${r.resourceId}`, r.suppressedStatus ?? r.status]),
  );
}

describe('removing each optional field of the example', () => {
  it('turns a verdict into PASSED only where the field’s absence means that to AWS', () => {
    // Prepare
    const example = loadExample();
    const all = removals(example);
    const byList = new Map<string, Rule[]>();
    const rulesFor = (list: string) => {
      let rules = byList.get(list);
      if (rules === undefined) {
        rules = RULES.filter((rule) => (rule.inputs as readonly string[]).includes(list));
        byList.set(list, rules);
      }
      return rules;
    };
    const baseline = new Map<string, Map<string, string>>();
    const toPassed = new Map<string, string>();
    let changes = 0;

    // Act
    for (const removal of all) {
      const rules = rulesFor(removal.list);
      if (rules.length === 0) continue;
      let before = baseline.get(removal.list);
      if (before === undefined) {
        before = verdicts(example, rules);
        baseline.set(removal.list, before);
      }
      const snapshot = structuredClone(example);
      removal.remove(snapshot);
      const after = verdicts(snapshot, rules);
      for (const [key, status] of after) {
        const was = before.get(key);
        if (was === undefined || was === status) continue;
        changes += 1;
        if (status === 'PASSED') {
          const rule = key.split(' ')[0];
          toPassed.set(`${rule} ${removal.list}.${removal.field}`, `${key}: ${was} -> PASSED`);
        }
      }
    }

    // Assess
    expect(all.length, 'the example has fields to remove').toBeGreaterThan(500);
    expect(changes, 'removing fields changes some verdicts (the test reaches the rules)').toBeGreaterThan(0);
    const unjustified = [...toPassed].filter(([key]) => JUSTIFIED[key] === undefined);
    expect(unjustified, 'verdicts that became PASSED because a field was missing').toEqual([]);
    const stale = Object.keys(JUSTIFIED).filter((key) => !toPassed.has(key));
    expect(stale, 'justifications for changes that no longer happen').toEqual([]);
  });
});
