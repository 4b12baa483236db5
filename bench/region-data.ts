/**
 * One region at the quota's edge: the bundled landing zone's eu-west-1 (a production VPC
 * with its staging, endpoint, task and database subnets, two VPN connections on a virtual
 * private gateway, DRS, DataSync, endpoint-pinned backup buckets, a database; an analytics
 * VPC behind a transit gateway) replicated `copies` times in one account and region, each
 * copy with its own ids, CIDR blocks, bucket and database names.
 */
import { readFileSync } from 'node:fs';
import type { RegionInventory, Snapshot, SnapshotBucket } from '../lib/inventory/types.js';

const SEED_REGION = 'eu-west-1';

function seed(): Snapshot {
  return JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8')) as Snapshot;
}

/** An AWS id of 17 hex digits keeps its last 11 and takes the copy's number before them. */
const ID = /\b([a-z][a-z-]*?)-([0-9a-f]{17})\b/g;

/**
 * The seed's VPC blocks, 10.50.0.0/16 and 10.60.0.0/16, become two /20 blocks per copy in
 * 10.64.0.0/10 and up (never the data centre's 10.20.0.0/16 or a remote network): the
 * third octet j of 10.50.j.x or 10.60.j.x becomes the /24 number j mod 16 of the copy's /20.
 */
function block(copy: number, vpc: 0 | 1): number {
  return (10 << 24) + (64 << 16) + (2 * copy + vpc) * 4096;
}

function dotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function rewrite(text: string, copy: number, names: readonly string[]): string {
  const tag = copy.toString(16).padStart(6, '0');
  let out = text.replace(
    ID,
    (_match, prefix: string, digits: string) => `${prefix}-${tag}${digits.slice(6)}`,
  );
  out = out.replace(
    /\b10\.(50|60)\.(\d+)\.(\d+)(\/(\d+))?/g,
    (_m, vpc: string, third: string, fourth: string, _p, bits?: string) => {
      const base = block(copy, vpc === '50' ? 0 : 1);
      const prefix = bits === undefined ? undefined : Math.max(Number(bits), 20);
      return `${dotted(base + (Number(third) % 16) * 256 + Number(fourth))}${prefix === undefined ? '' : `/${prefix}`}`;
    },
  );
  for (const name of names) out = out.split(name).join(`${name}-${copy}`);
  return out;
}

export function replicateRegion(copies: number): Snapshot {
  const original = seed();
  const region = original.regions?.[SEED_REGION];
  if (region === undefined) throw new Error(`the seed lost ${SEED_REGION}`);
  const buckets = (original.s3?.Buckets ?? []).filter((b) => b.BucketRegion === SEED_REGION);
  const names = [
    ...buckets.map((b) => b.Name),
    ...(region.rds?.DBInstances ?? []).map((d) => d.DBInstanceIdentifier),
    ...(region.rds?.DBClusters ?? []).map((d) => d.DBClusterIdentifier),
  ].filter((name): name is string => typeof name === 'string' && name.length > 0);
  const regionText = JSON.stringify(region);
  const bucketsText = JSON.stringify(buckets);
  const merged: RegionInventory = {};
  const allBuckets: SnapshotBucket[] = [];
  for (let copy = 0; copy < copies; copy += 1) {
    const replica = JSON.parse(rewrite(regionText, copy, names)) as RegionInventory;
    appendLists(merged, replica);
    allBuckets.push(...(JSON.parse(rewrite(bucketsText, copy, names)) as SnapshotBucket[]));
  }
  return {
    version: 1,
    accountId: original.accountId ?? '123456789012',
    partition: 'aws',
    collectedAt: original.collectedAt ?? '2026-11-22T03:00:00.000Z',
    regions: { [SEED_REGION]: merged },
    s3: { Buckets: allBuckets },
    // Private hosted zones are global: the account's, once, whatever the copies.
    ...(original.route53 === undefined ? {} : { route53: original.route53 }),
    errors: [],
  };
}

/** Appends every list of `replica` to `merged` (keyed maps, such as VpcAttributes, are merged). */
function appendLists(merged: RegionInventory, replica: RegionInventory): void {
  const target = merged as Record<string, Record<string, unknown>>;
  for (const [service, lists] of Object.entries(replica as Record<string, Record<string, unknown>>)) {
    const into = target[service] ?? {};
    target[service] = into;
    for (const [key, value] of Object.entries(lists)) {
      if (Array.isArray(value)) {
        // The AWS-managed S3 prefix list is one list of the region, not one per copy.
        if (key === 'ManagedPrefixLists' && Array.isArray(into[key])) continue;
        const list = (into[key] as unknown[] | undefined) ?? [];
        for (const item of value) list.push(item);
        into[key] = list;
      } else if (value !== null && typeof value === 'object') {
        into[key] = { ...((into[key] as object | undefined) ?? {}), ...value };
      } else into[key] = value;
    }
  }
}
