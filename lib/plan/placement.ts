/**
 * Where a planned change is laid (docs/design/cli.md, "Plans as real repositories write them"): on the
 * snapshot and in the region that hold the resource it changes (found by id), else where what
 * it refers to lives (its VPC, route table, transit gateway), else in the region its provider
 * states as a constant, else the one its planned values name (an ARN, an availability zone),
 * else `--region`, else the snapshot's only region. Nothing of that: the change cannot be
 * placed, and the caller refuses the plan naming the resource.
 */
import { LISTS } from '../inventory/registry.js';
import type { Snapshot } from '../inventory/types.js';
import { configAddress } from './addresses.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { record } from './values.js';

export interface Place {
  /** Index of the snapshot (0: the account the plan changes). */
  snapshot: number;
  region?: string;
}

/** The fields that say which account owns an item, where the API gives one. */
const OWNER_FIELDS = [
  'OwnerId',
  'VpcOwnerId',
  'ResourceOwnerId',
  'ownerAccount',
  'directConnectGatewayOwnerAccount',
];

/** Every id the snapshots hold, with where: one pass over the lists the registry identifies. */
export function idIndex(snapshots: readonly Snapshot[]): Map<string, Place> {
  const index = new Map<string, Place>();
  const owners = new Set<string>();
  const lists = Object.entries(LISTS).filter(([, spec]) => spec.id !== undefined && spec.record !== true);
  snapshots.forEach((snapshot, position) => {
    for (const [region, inventory] of Object.entries(snapshot.regions ?? {}))
      for (const [list, spec] of lists) {
        const [service, key] = list.split('.') as [string, string];
        if (service === 's3') continue;
        const items = (inventory as Record<string, Record<string, unknown> | undefined>)[service]?.[key];
        if (!Array.isArray(items)) continue;
        for (const item of items) {
          const id = (item as Record<string, unknown>)[spec.id as string];
          if (typeof id !== 'string') continue;
          // A shared copy (a spoke's attachment in the network account's view) yields to its owner's.
          const owned = OWNER_FIELDS.some((f) => (item as Record<string, unknown>)[f] === snapshot.accountId);
          if (!index.has(id) || (owned && !owners.has(id))) index.set(id, { snapshot: position, region });
          if (owned) owners.add(id);
        }
      }
  });
  return index;
}

/** The ids a change names: its own (before, after), then what it refers to, in the order given. */
export function namedIds(change: ResourceChange, order: readonly string[] = []): string[] {
  const before = record(change.change.before);
  const after = record(change.change.after);
  const ids: string[] = [];
  const add = (value: unknown) => {
    for (const v of Array.isArray(value) ? value : [value])
      if (typeof v === 'string' && v !== '' && !ids.includes(v)) ids.push(v);
  };
  add(before.id);
  add(after.id);
  // An account, a zone or a key is not a resource the rules report on.
  const idAttribute = (name: string) =>
    /(^|_)(ids?|bucket)$/.test(name) &&
    !/(owner|account|availability_zone|kms_key|ipam_pool)_ids?$/.test(name);
  for (const name of [...order, ...Object.keys(after), ...Object.keys(before)])
    if (idAttribute(name)) {
      add(after[name]);
      add(before[name]);
    }
  return ids;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** The region the planned values name: an ARN's, an availability zone's, a region attribute. */
function regionOfValues(change: ResourceChange): string | undefined {
  const found = new Set<string>();
  const visit = (value: unknown, name: string) => {
    if (typeof value === 'string') {
      const arn = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):/.exec(value);
      if (arn?.[1] && REGION.test(arn[1])) found.add(arn[1]);
      else if (name === 'availability_zone' && /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/.test(value))
        found.add(value.slice(0, -1));
      else if (name === 'region' && REGION.test(value)) found.add(value);
    } else if (Array.isArray(value)) for (const v of value) visit(v, name);
    else if (typeof value === 'object' && value !== null)
      for (const [key, v] of Object.entries(value)) visit(v, key);
  };
  visit(change.change.after, '');
  visit(change.change.before, '');
  return found.size === 1 ? [...found][0] : undefined;
}

export function placeOf(
  change: ResourceChange,
  plan: PlanChanges,
  context: {
    snapshots: readonly Snapshot[];
    index: ReadonlyMap<string, Place>;
    reads: readonly string[];
    /** `--region`. */
    region?: string;
    /** The region the plan's other resources of the same provider are in (planRegion). */
    planRegion?: string;
  },
): Place | undefined {
  for (const id of namedIds(change, context.reads)) {
    const found = context.index.get(id);
    if (found !== undefined) return found;
  }
  const provider = plan.providerRegions?.get(configAddress(change.address));
  const region =
    (provider === undefined ? plan.region : (provider ?? undefined)) ??
    regionOfValues(change) ??
    (provider === undefined ? context.planRegion : undefined) ??
    context.region ??
    onlyRegion(context.snapshots[0]);
  if (region === undefined) return undefined;
  const holder = context.snapshots.findIndex((s) => s.regions?.[region] !== undefined);
  return { snapshot: Math.max(holder, 0), region };
}

/**
 * The region of the plan's default AWS provider when its configuration does not state it as a
 * constant (`region = var.region`): a provider acts in one region, so the one its resources name
 * — an id the snapshot holds in a region, an ARN, an availability zone — when they name one only.
 */
export function planRegion(plan: PlanChanges, index: ReadonlyMap<string, Place>): string | undefined {
  if (plan.region !== undefined) return plan.region;
  const found = new Set<string>();
  for (const change of plan.changes) {
    if (plan.providerRegions?.has(configAddress(change.address))) continue;
    const place = placeOf(change, { ...plan, region: undefined }, { snapshots: [], index, reads: [] });
    if (place?.region !== undefined) found.add(place.region);
    if (found.size > 1) return undefined;
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function onlyRegion(snapshot: Snapshot | undefined): string | undefined {
  const names = Object.keys(snapshot?.regions ?? {});
  return names.length === 1 ? names[0] : undefined;
}
