/** The snapshot document of a collection: the one shape every collector returns. */

import { type RegionInventory, SNAPSHOT_VERSION, type Snapshot } from '../inventory/types.js';
import type { CollectionLog } from './log.js';

/**
 * The snapshot document of a collection, through JSON once, so that the in-memory snapshot
 * equals what a reader of the file sees (and the SDK's response metadata is left out).
 */
export function snapshotOf(
  options: { accountId: string; partition: string; now: Date },
  regions: Record<string, RegionInventory>,
  log: CollectionLog,
  s3?: Snapshot['s3'],
  route53?: Snapshot['route53'],
): Snapshot {
  const snapshot: Snapshot = {
    version: SNAPSHOT_VERSION,
    accountId: options.accountId,
    partition: options.partition,
    collectedAt: options.now.toISOString(),
    regions,
    ...(s3 === undefined ? {} : { s3 }),
    ...(route53 === undefined ? {} : { route53 }),
    errors: log.errors,
  };
  return JSON.parse(
    JSON.stringify(snapshot, (key, value) => (key === '$metadata' ? undefined : value)),
  ) as Snapshot;
}
