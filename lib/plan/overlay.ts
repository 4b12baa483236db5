/**
 * A plan laid over the snapshots (docs/design/cli.md, "hna plan"): the *after* snapshots. Created resources
 * take their planned id, or a synthetic one (`tf:<address>`, `cfn:<LogicalId>`) when the id is
 * known only after apply, and references to them resolve to it; updated ones replace the item
 * with the same id; deleted ones disappear; items without an id of their own (a security group
 * rule, a route, an association) are matched by content. Each type's mapping is in
 * mapped-types.ts; each change is laid on the snapshot and region that hold its resource
 * (placement.ts). What cannot be laid over — a value the rules read that is known only after
 * apply and does not resolve, a container the snapshot does not hold, a type the rules read
 * that hna does not lay yet — is left out of the after snapshot and listed in `unjudged` with
 * the ids it names: the results that read those are NOT_AVAILABLE (delta.ts), every other one
 * is judged as usual. Only the regions a change touches are copied, and `touched` says which,
 * so the audit after re-judges only what changed.
 */

import type { InventoryList } from '../inventory/registry.js';
import type { Snapshot } from '../inventory/types.js';
import { InputError } from '../util/errors.js';
import { TYPES, type TypeMapping } from './mapped-types.js';
import { idIndex, namedIds, type Place, placeOf, planRegion } from './placement.js';
import { resolveReferences } from './references.js';
import { type RegionInventory, type Step, syntheticId, type Target } from './target.js';
import { configuredOf, type PlanChanges, type ResourceChange } from './terraform-plan.js';
import { anyUnknown, record } from './values.js';

export { aclProtocol, apiProtocol, PROTOCOLS, terraformProtocol } from './protocols.js';
export { TYPES };

/** A planned change that could not be laid over the snapshot, and what it names. */
export interface Unjudged {
  address: string;
  why: string;
  /** The lists its type changes: the rules that read them are the ones it can affect. */
  lists: readonly InventoryList[];
  /** The ids it names (its own, what it refers to): the results that mention one read it. */
  ids: string[];
  /** The account and region it was to be laid in, when known. */
  accountId?: string;
  region?: string;
  /**
   * It can change nothing the snapshot holds: a created resource whose unknown value comes from
   * another resource this plan creates (Terraform knows at plan time every value that comes
   * from an existing resource), so only results of what the plan creates can read it.
   */
  onlyNew?: true;
}

export interface Overlay {
  /** The account the plan changes, after. */
  after: Snapshot;
  /** Every snapshot after, in the order given (the first is `after`). */
  afters: Snapshot[];
  /** Addresses of the planned resources that change something the rules read, with the ids they act on. */
  planned: { address: string; ids: string[]; unknown?: string[] }[];
  /** Resource types in the plan that no rule reads. */
  ignored: string[];
  unjudged: Unjudged[];
  /**
   * What of the snapshots the plan changed: `region:<name>` for a region's inventory, `top:s3`
   * for the buckets.
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
  'aws_default_route_table',
  'aws_network_acl',
  'aws_default_network_acl',
  'aws_security_group',
  'aws_default_security_group',
  'aws_ec2_managed_prefix_list',
  'aws_vpc_endpoint',
  'aws_vpn_gateway',
  'aws_vpn_connection',
  'aws_db_subnet_group',
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

/** The after snapshots, each region and the buckets copied on first use. */
function copies(snapshots: readonly Snapshot[], touched: Set<string>) {
  const afters: Snapshot[] = snapshots.map((s) => ({ ...s, regions: { ...s.regions } }));
  const copied = new Set<string>();
  const targets = new Map<string, Target>();
  return {
    afters,
    target(place: Place): Target {
      const key = `${place.snapshot}|${place.region ?? ''}`;
      const known = targets.get(key);
      if (known !== undefined) return known;
      const { region } = place;
      const before = snapshots[place.snapshot] as Snapshot;
      const after = afters[place.snapshot] as Snapshot;
      const target: Target = {
        ...(region === undefined ? {} : { region }),
        missing:
          region === undefined
            ? 'the region of the change is unknown: give --region'
            : `region ${region} is not in the snapshot`,
        peers: () =>
          region === undefined
            ? []
            : afters.flatMap((peer, i) => (i === place.snapshot ? [] : (peer.regions?.[region] ?? []))),
        inventory() {
          if (region === undefined || before.regions?.[region] === undefined) return undefined;
          if (!copied.has(`${place.snapshot}|region:${region}`)) {
            copied.add(`${place.snapshot}|region:${region}`);
            touched.add(`region:${region}`);
            (after.regions as Record<string, RegionInventory>)[region] = structuredClone(
              before.regions[region],
            );
          }
          return after.regions?.[region];
        },
        buckets() {
          if (before.s3?.Buckets === undefined) return undefined;
          if (!copied.has(`${place.snapshot}|top:s3`)) {
            copied.add(`${place.snapshot}|top:s3`);
            touched.add('top:s3');
            after.s3 = structuredClone(before.s3);
          }
          return after.s3?.Buckets;
        },
      };
      targets.set(key, target);
      return target;
    },
  };
}

/**
 * `before` is the account the plan changes; `peers`, the accounts audited with it: a change to
 * what a peer holds (the network account's route table) is laid on the peer, and a change
 * refers to what peers hold (a spoke's VPC whose attachment the network account's plan propagates).
 */
export function overlayPlan(
  before: Snapshot,
  plan: PlanChanges,
  regionOption?: string,
  peers: readonly Snapshot[] = [],
): Overlay {
  const snapshots = [before, ...peers];
  const touched = new Set<string>();
  const { afters, target } = copies(snapshots, touched);
  const overlay: Overlay = {
    after: afters[0] as Snapshot,
    afters,
    planned: [],
    ignored: [],
    unjudged: [],
    touched,
  };
  const index = idIndex(snapshots);
  const inferred = planRegion(plan, index);
  const unjudged = (
    change: ResourceChange,
    why: string,
    place: Place | undefined,
    lists: readonly InventoryList[],
    unknownFromPlan = false,
  ) => {
    const accountId = place === undefined ? undefined : snapshots[place.snapshot]?.accountId;
    // An existing resource is read by the results that name it; one without an id the snapshot
    // holds (a rule, a route, a new resource) by those that name what it goes into.
    const own = [record(change.change.before).id, record(change.change.after).id].filter(
      (id): id is string => typeof id === 'string' && index.has(id),
    );
    const ids = own.length > 0 ? own : namedIds(change);
    const created = change.change.actions.every((a) => a === 'create');
    const synthetic = (id: string) => id.startsWith('tf:') || id.startsWith('cfn:');
    const onlyNew = created && (unknownFromPlan || (ids.length > 0 && ids.every(synthetic)));
    overlay.unjudged.push({
      address: change.address,
      why,
      lists,
      ids,
      ...(accountId === undefined ? {} : { accountId }),
      ...(place?.region === undefined ? {} : { region: place.region }),
      ...(onlyNew ? { onlyNew: true as const } : {}),
    });
  };
  for (const raw of inDependencyOrder(plan.changes)) {
    const actions = raw.change.actions;
    if (actions.every((a) => a === 'no-op' || a === 'read' || a === 'forget')) continue;
    const mapping = TYPES[raw.type];
    if (mapping === undefined) {
      if (!overlay.ignored.includes(raw.type)) overlay.ignored.push(raw.type);
      continue;
    }
    const change = resolveReferences(raw, plan);
    const global = mapping.lists.every((list) => list.startsWith('s3.'));
    const place = placeOf(change, plan, {
      snapshots,
      index,
      reads: mapping.reads ?? [],
      ...(regionOption === undefined ? {} : { region: regionOption }),
      ...(inferred === undefined ? {} : { planRegion: inferred }),
    });
    if (place === undefined && !global && mapping.map !== undefined && raw.unresolved === undefined)
      throw new InputError(
        `--region: required: ${change.address} names no region (its provider's region is not a constant, and no ARN or availability zone of it says), and the snapshot holds ${Object.keys(before.regions ?? {}).join(', ') || 'no region'}`,
      );
    const where = place ?? { snapshot: 0 };
    if (actions.includes('create')) index.set(syntheticId(change.address), where);
    if (mapping.map === undefined) {
      unjudged(
        change,
        mapping.notLaid ?? `hna plan does not lay ${change.type} over the snapshot`,
        place,
        mapping.lists,
      );
      continue;
    }
    if (raw.unresolved !== undefined) {
      unjudged(change, raw.unresolved, place, mapping.lists);
      continue;
    }
    const configured = configuredOf(plan, change.address);
    // An attribute the mapping reads, set by the configuration from something not known yet: not judged, named.
    const afterUnknown = record(change.change.after_unknown);
    const unknownRead = (mapping.reads ?? []).filter(
      (name) => anyUnknown(afterUnknown[name]) && (configured === undefined || configured.has(name)),
    );
    if ((actions.includes('create') || actions.includes('update')) && unknownRead.length > 0) {
      unjudged(
        change,
        `${unknownRead.map((name) => change.unknownNames?.[name] ?? `${change.address}.${name}`).join(', ')}: known after apply`,
        place,
        mapping.lists,
        true,
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
    const applied = mapping.map(change, steps, target(where), configured);
    if (typeof applied === 'string') unjudged(change, applied, place, mapping.lists);
    else
      overlay.planned.push({
        address: change.address,
        ids: applied.ids,
        ...(applied.unknown === undefined || applied.unknown.length === 0
          ? {}
          : { unknown: applied.unknown }),
      });
  }
  return overlay;
}
