import type { Snapshot } from './types.js';

/** The snapshot as its JSON document; dates become ISO strings, `$metadata` never appears. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, (key, value) => (key === '$metadata' ? undefined : value), 2)}\n`;
}
