import { InputError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import { describeFirstIssue } from '../util/validation.js';
import { otherDocumentKind } from './document-kind.js';
import { snapshotSchema } from './schema.js';
import { SNAPSHOT_VERSION, type Snapshot } from './types.js';

/**
 * Parses and validates a snapshot document. `source` names it in messages (a file
 * path, "standard input"). Refuses an unknown version by name before anything else,
 * because a newer format would otherwise fail on some unrelated field.
 */
export function parseSnapshot(text: string, source: string): Snapshot {
  const document = parseJsonText(text, (reason) => new InputError(`${source}: not valid JSON (${reason})`));
  const other = otherDocumentKind(document);
  if (other !== undefined)
    throw new InputError(
      `${source}: this is ${other}, not a snapshot; a snapshot is what hna collect writes ({"version": ${SNAPSHOT_VERSION}, "accountId": …, "regions": {…}})`,
    );
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError(`${source}: a snapshot is a JSON object`);
  }
  const version = (document as { version?: unknown }).version;
  if (version === undefined)
    throw new InputError(`${source}: version: required (this hna reads version ${SNAPSHOT_VERSION})`);
  if (version !== SNAPSHOT_VERSION) {
    throw new InputError(
      `${source}: version: unsupported snapshot version ${JSON.stringify(version)} (this hna reads version ${SNAPSHOT_VERSION})`,
    );
  }
  const parsed = snapshotSchema.safeParse(document);
  if (!parsed.success) throw new InputError(`${source}: ${describeFirstIssue(parsed.error, document)}`);
  // The schema checks the fields the rules read; the SDK types describe the rest.
  return parsed.data as unknown as Snapshot;
}
