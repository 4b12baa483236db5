/**
 * What a planned change is laid over: the after snapshot of the region the plan changes, copied
 * on first use (so an untouched region stays the very object the before audit judged, and the
 * after audit re-judges only what a change touched), and the shape every mapping returns.
 */
import type { Snapshot } from '../inventory/types.js';
import type { ResourceChange } from './terraform-plan.js';
import type { Json } from './values.js';

export type RegionInventory = NonNullable<Snapshot['regions']>[string];
export type Ec2 = NonNullable<RegionInventory['ec2']>;
export type Bucket = NonNullable<NonNullable<Snapshot['s3']>['Buckets']>[number];

/** The before item leaves, the after item joins (an update or a replacement does both). */
export type Step = { values: Json; add: boolean };

export interface Target {
  /** The region's inventory in the after snapshot (undefined: the region is not known or not in the snapshot). */
  inventory(): RegionInventory | undefined;
  /** The account's buckets in the after snapshot (undefined: not in the snapshot). */
  buckets(): Bucket[] | undefined;
  /** Why `inventory()` is undefined. */
  readonly missing: string;
  /** The region the plan changes, when known. */
  readonly region?: string;
  /** The same region in the snapshots audited with it (read only): a spoke's VPC seen from the network account's plan. */
  peers(): readonly RegionInventory[];
}

/** What a mapping did: the ids it acts on, and what it left unknown (`address.attribute`). */
export interface Applied {
  ids: string[];
  unknown?: string[];
}

/** A planned change laid over the target: what it did, or why it could not be laid over. */
export type Mapping = (
  change: ResourceChange,
  steps: Step[],
  target: Target,
  /** The attributes the change's configuration sets (undefined: not known, as for a module's resource). */
  configured: ReadonlySet<string> | undefined,
) => Applied | string;

/** The id a created resource has until it is applied: `cfn:LogicalId` as is, `tf:address` for Terraform. */
export const syntheticId = (address: string): string =>
  address.startsWith('cfn:') ? address : `tf:${address}`;

/**
 * The resource's id on one side of the change: the item that leaves has its id before; the one
 * that joins has its planned id, else (created, or replaced by a new one) the synthetic id,
 * else (updated in place) its id before.
 */
export function idOf(change: ResourceChange, attribute = 'id', side: 'before' | 'after' = 'after'): string {
  const after = change.change.after as Json | null | undefined;
  const before = change.change.before as Json | null | undefined;
  const known = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  if (side === 'before') return known(before?.[attribute]) ?? syntheticId(change.address);
  const recreated = change.change.actions.includes('create');
  return (
    known(after?.[attribute]) ??
    (recreated ? undefined : known(before?.[attribute])) ??
    syntheticId(change.address)
  );
}

/** An item of a snapshot list, as the mappings handle it (fields by name). */
export type Item = Record<string, unknown>;
export const items = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The inventory's list, or why it cannot be changed (a list the snapshot does not hold stays absent). */
export function listOf<K extends keyof Ec2>(target: Target, key: K): NonNullable<Ec2[K]> | string {
  const inventory = target.inventory();
  if (inventory === undefined) return target.missing;
  const list = inventory.ec2?.[key];
  return list === undefined
    ? `ec2.${String(key)} of ${target.region ?? 'the region'} is not in the snapshot`
    : (list as NonNullable<Ec2[K]>);
}

/** A VPC by id, in the changed account or in an account audited with it. */
export function findVpc(target: Target, vpcId: unknown) {
  for (const inventory of [target.inventory(), ...target.peers()]) {
    const vpc = inventory?.ec2?.Vpcs?.find((v) => v.VpcId === vpcId);
    if (vpc !== undefined) return vpc;
  }
  return undefined;
}

/** A VPC's CIDR blocks: its primary and every associated one. */
export function vpcBlocks(vpc: NonNullable<ReturnType<typeof findVpc>>): string[] {
  return [...new Set([vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)])].filter(
    (c): c is string => typeof c === 'string',
  );
}
