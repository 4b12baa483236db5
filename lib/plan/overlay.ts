/**
 * A plan laid over a snapshot (docs/design/cli.md, "hna plan"): the *after* snapshot. Created resources
 * take their planned id, or a synthetic one (`tf:<address>`, `cfn:<LogicalId>`) when the id is
 * known only after apply, and references to them resolve to it; updated ones replace the item
 * with the same id; deleted ones disappear; items without an id of their own (a security group
 * rule, a route, an association) are matched by content. Each type's mapping is in
 * mapped-types.ts. What cannot be laid over — a value the rules read that is known only after
 * apply and does not resolve, a container the snapshot does not hold — makes the lists it would
 * change unavailable in the after snapshot, naming the address: the rules that read them are
 * NOT_AVAILABLE, never PASSED on a guess. Only the regions a change touches are copied, and
 * `touched` says which, so the audit after re-judges only what changed.
 */

import { type InventoryList, LISTS, splitList } from '../inventory/registry.js';
import type { Snapshot } from '../inventory/types.js';
import { TYPES, type TypeMapping } from './mapped-types.js';
import { resolveReferences } from './references.js';
import type { RegionInventory, Step, Target } from './target.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { anyUnknown, record } from './values.js';

export { aclProtocol, apiProtocol, PROTOCOLS, terraformProtocol } from './protocols.js';
export { TYPES };

export interface Overlay {
  after: Snapshot;
  /** Addresses of the planned resources that change something the rules read, with the ids they act on. */
  planned: { address: string; ids: string[]; unknown?: string[] }[];
  /** Resource types in the plan that no rule reads. */
  ignored: string[];
  /** What could not be laid over the snapshot (not mapped yet, or known only after apply): list, address, why. */
  unjudged: { list: InventoryList; address: string; why: string }[];
  /**
   * What of the snapshot the plan changed: `region:<name>` for a region's inventory, `top:s3`
   * for the buckets, `top:errors` for the collection errors (what could not be judged).
   */
  touched: Set<string>;
}

/**
 * The resources that others refer to come first (a plan lists its changes by address, so a
 * route table would come before the VPC it is created in): the containers, then what they hold.
 */
const CONTAINERS_FIRST = [
  'aws_vpc',
  'aws_subnet',
  'aws_route_table',
  'aws_network_acl',
  'aws_security_group',
  'aws_ec2_managed_prefix_list',
  'aws_vpc_endpoint',
  'aws_vpn_connection',
  'aws_ec2_transit_gateway_vpc_attachment',
];

function inDependencyOrder(changes: readonly ResourceChange[]): ResourceChange[] {
  const rank = (type: string) => {
    const index = CONTAINERS_FIRST.indexOf(type);
    return index < 0 ? CONTAINERS_FIRST.length : index;
  };
  return [...changes].sort((a, b) => rank(a.type) - rank(b.type));
}

/** The values of a step, less what the configuration leaves to AWS or to the snapshot. */
function stepValues(
  values: unknown,
  unknown: unknown,
  change: ResourceChange,
  mapping: TypeMapping,
  configured?: ReadonlySet<string>,
): Record<string, unknown> {
  const copy = { ...record(values) };
  for (const name of Object.keys(record(unknown))) if (anyUnknown(record(unknown)[name])) delete copy[name];
  if (configured !== undefined && change.change.actions.includes('update'))
    for (const name of mapping.keptUnlessSet ?? []) if (!configured.has(name)) delete copy[name];
  return copy;
}

/**
 * `before` is the account the plan changes; `peers`, the accounts audited with it, are read
 * (never changed) where a change refers to what they hold: a spoke's VPC whose attachment the
 * network account's plan propagates.
 */
export function overlayPlan(
  before: Snapshot,
  plan: PlanChanges,
  regionOption?: string,
  peers: readonly Snapshot[] = [],
): Overlay {
  const regions = Object.keys(before.regions ?? {});
  const region = regionOption ?? plan.region ?? (regions.length === 1 ? regions[0] : undefined);
  // Copied on first use: what the plan does not touch stays the very object the before audit judged.
  const after: Snapshot = { ...before, regions: { ...before.regions } };
  const touched = new Set<string>();
  const target: Target = {
    ...(region === undefined ? {} : { region }),
    missing:
      region === undefined
        ? 'the region of the change is unknown: give --region'
        : `region ${region} is not in the snapshot`,
    peers: () => (region === undefined ? [] : peers.flatMap((peer) => peer.regions?.[region] ?? [])),
    inventory() {
      if (region === undefined || before.regions?.[region] === undefined) return undefined;
      if (!touched.has(`region:${region}`)) {
        touched.add(`region:${region}`);
        (after.regions as Record<string, RegionInventory>)[region] = structuredClone(before.regions[region]);
      }
      return after.regions?.[region];
    },
    buckets() {
      if (before.s3?.Buckets === undefined) return undefined;
      if (!touched.has('top:s3')) {
        touched.add('top:s3');
        after.s3 = structuredClone(before.s3);
      }
      return after.s3?.Buckets;
    },
  };
  const overlay: Overlay = { after, planned: [], ignored: [], unjudged: [], touched };
  const unjudged = (change: ResourceChange, why: string) => {
    for (const list of TYPES[change.type]?.lists ?? [])
      overlay.unjudged.push({ list, address: change.address, why });
  };
  for (const raw of inDependencyOrder(plan.changes)) {
    const actions = raw.change.actions;
    if (actions.every((a) => a === 'no-op' || a === 'read' || a === 'forget')) continue;
    const mapping = TYPES[raw.type];
    if (mapping === undefined) {
      if (!overlay.ignored.includes(raw.type)) overlay.ignored.push(raw.type);
      continue;
    }
    if (raw.unresolved !== undefined) {
      unjudged(raw, raw.unresolved);
      continue;
    }
    const change = resolveReferences(raw, plan);
    const configured = plan.configured.get(change.address);
    // An attribute the mapping reads, set by the configuration from something not known yet: not judged, named.
    const afterUnknown = record(change.change.after_unknown);
    const unknownRead = (mapping.reads ?? []).filter(
      (name) => anyUnknown(afterUnknown[name]) && (configured === undefined || configured.has(name)),
    );
    if ((actions.includes('create') || actions.includes('update')) && unknownRead.length > 0) {
      unjudged(
        change,
        `${unknownRead.map((name) => change.unknownNames?.[name] ?? `${change.address}.${name}`).join(', ')}: known after apply`,
      );
      continue;
    }
    const steps: Step[] = [
      ...(actions.includes('delete') || actions.includes('update')
        ? [{ values: record(change.change.before), add: false }]
        : []),
      ...(actions.includes('create') || actions.includes('update')
        ? [
            {
              values: stepValues(
                change.change.after,
                change.change.after_unknown,
                change,
                mapping,
                configured,
              ),
              add: true,
            },
          ]
        : []),
    ];
    const applied = mapping.map(change, steps, target, configured);
    if (typeof applied === 'string') unjudged(change, applied);
    else
      overlay.planned.push({
        address: change.address,
        ids: applied.ids,
        ...(applied.unknown === undefined || applied.unknown.length === 0
          ? {}
          : { unknown: applied.unknown }),
      });
  }
  // What could not be laid over closes the lists it would change, naming the address (never a guess).
  if (overlay.unjudged.length > 0) {
    touched.add('top:errors');
    after.errors = [...(before.errors ?? [])];
  }
  for (const gap of overlay.unjudged) {
    const [service] = splitList(gap.list);
    const operation = (LISTS[gap.list].operations[0] ?? '').split(':')[1] ?? '';
    for (const name of service === 's3' ? [undefined] : region === undefined ? regions : [region])
      after.errors?.push({
        ...(name === undefined ? {} : { region: name }),
        service,
        operation,
        code: `planned change not judged: ${gap.address}: ${gap.why}`,
        message: `${gap.address}: ${gap.why}`,
      });
  }
  return overlay;
}
