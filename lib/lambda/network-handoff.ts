/**
 * The hand-off of a run's network-account inventory (issue 14): the dispatcher writes one
 * S3 object per run, `runs/<run>/network-inventory.json`, and every worker of the run
 * reads it (once per warm container). S3 because the inventory of a hub with thousands of
 * attachments runs to megabytes — beyond an SQS message (256 KB), a DynamoDB item
 * (400 KB) or a Step Functions payload (256 KB) — while one PUT per run and one GET per
 * worker cost next to nothing; a lifecycle rule on `runs/` (serverless.yml) deletes the
 * objects 15 days later (longer than the dead-letter queue keeps a message, so a redriven
 * target still finds its hand-off), so nothing accumulates and no clean-up step can fail.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorCode, errorMessage } from '../collect/log.js';
import { parseSnapshot } from '../inventory/read.js';
import type { Snapshot } from '../inventory/types.js';
import { parseJsonText } from '../util/json.js';
import type { HandoffBucket } from './settings.js';

/**
 * The bucket is gone (NoSuchBucket): not "nothing dispatched yet" and not "no hand-off yet", but a
 * deployment that lost a resource. Nothing is queued until it is back (runbook: "Hand-off bucket missing").
 */
export class HandoffBucketMissing extends Error {
  override readonly name = 'HandoffBucketMissing';
}

/** Which bucket, and whose, in every request. */
function addressed(bucket: HandoffBucket, key: string) {
  return { Bucket: bucket.name, Key: key, ExpectedBucketOwner: bucket.owner };
}

/** Sends a request to the bucket; a missing bucket becomes HandoffBucketMissing, whatever the call. */
async function send<T>(bucket: HandoffBucket, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (errorCode(error) === 'NoSuchBucket')
      throw new HandoffBucketMissing(
        `s3://${bucket.name}: the hand-off bucket does not exist (${errorMessage(error)}); redeploy the stack to re-create it`,
      );
    throw error;
  }
}

/** A JSON object of the hand-off bucket, encrypted at rest. */
function jsonObject(bucket: HandoffBucket, key: string, body: unknown) {
  return {
    ...addressed(bucket, key),
    Body: JSON.stringify(body),
    ContentType: 'application/json',
    ServerSideEncryption: 'AES256' as const,
  };
}

/** Where a run's network inventory lives in the hand-off bucket. */
export function handoffKey(run: string): string {
  return `runs/${runFolder(run)}/network-inventory.json`;
}

function runFolder(run: string): string {
  return run.replace(/[^A-Za-z0-9._:-]/g, '_');
}

/** The marker of a run whose every target was queued. */
export function dispatchedKey(run: string): string {
  return `runs/${runFolder(run)}/dispatched.json`;
}

/**
 * Whether a run was dispatched in full already. A retry of the schedule's event after the FIFO
 * queue's five-minute deduplication window would otherwise queue every target a second time.
 * GetObject, not HeadObject: a HEAD answers a bare 404 for a missing key and a missing bucket
 * alike, while GetObject names them (NoSuchKey, NoSuchBucket) — a deleted bucket must never read
 * as "not dispatched yet".
 */
export async function runDispatched(s3: S3Client, bucket: HandoffBucket, run: string): Promise<boolean> {
  try {
    await send(bucket, () => s3.send(new GetObjectCommand(addressed(bucket, dispatchedKey(run)))));
    return true;
  } catch (error) {
    if (errorCode(error) === 'NoSuchKey') return false;
    throw error;
  }
}

/**
 * Marks a run dispatched, with a conditional write (`If-None-Match: *`): of two dispatches of one
 * run that finish together, one writes the marker and the other learns it was written.
 */
export async function markRunDispatched(
  s3: S3Client,
  bucket: HandoffBucket,
  run: string,
  summary: { queued: number; at: string },
): Promise<'marked' | 'already'> {
  try {
    await send(bucket, () =>
      s3.send(
        new PutObjectCommand({
          ...jsonObject(bucket, dispatchedKey(run), { version: 1, run, ...summary }),
          IfNoneMatch: '*',
        }),
      ),
    );
    return 'marked';
  } catch (error) {
    if (errorCode(error) === 'PreconditionFailed') return 'already';
    throw error;
  }
}

export async function handOffNetworkInventory(
  s3: S3Client,
  bucket: HandoffBucket,
  run: string,
  snapshots: readonly Snapshot[],
): Promise<string> {
  const key = handoffKey(run);
  await send(bucket, () =>
    s3.send(new PutObjectCommand(jsonObject(bucket, key, { version: 1, run, snapshots }))),
  );
  // The Config rule, invoked between runs, judges with the last run's hand-off: the same
  // network the scheduled run's workers judged with, so both give one verdict.
  await send(bucket, () =>
    s3.send(new PutObjectCommand(jsonObject(bucket, LATEST_KEY, { version: 1, run, key }))),
  );
  return key;
}

/** Names the last run's hand-off; under `runs/`, so it expires with the hand-offs when runs stop. */
export const LATEST_KEY = 'runs/latest.json';

/**
 * The last run's network inventory, for a function outside the run (the Config rule): none when
 * no run handed one off yet, or its objects expired.
 */
export async function latestNetworkInventory(
  s3: S3Client,
  bucket: HandoffBucket,
): Promise<{ key: string; snapshots: Snapshot[] } | undefined> {
  let pointer: unknown;
  try {
    const answer = await send(bucket, () => s3.send(new GetObjectCommand(addressed(bucket, LATEST_KEY))));
    const text = (await answer.Body?.transformToString()) ?? '';
    pointer = parseJsonText(
      text,
      (reason) => new Error(`s3://${bucket.name}/${LATEST_KEY}: not valid JSON (${reason})`),
    );
  } catch (error) {
    if (errorCode(error) === 'NoSuchKey') return undefined;
    throw error;
  }
  const key = (pointer as { key?: unknown } | null)?.key;
  if (typeof key !== 'string') throw new Error(`s3://${bucket.name}/${LATEST_KEY}: key: expected a string`);
  try {
    return { key, snapshots: await receiveNetworkInventory(s3, bucket, key) };
  } catch (error) {
    // The pointer outlived its hand-off (both expire 15 days after a run; the pointer is rewritten by each).
    if (errorCode(error) === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** The last inventory read, by key: the workers of one run all read the same object. */
let cached: { key: string; snapshots: Snapshot[] } | undefined;

export async function receiveNetworkInventory(
  s3: S3Client,
  bucket: HandoffBucket,
  key: string,
): Promise<Snapshot[]> {
  if (cached?.key === key) return cached.snapshots;
  const answer = await send(bucket, () => s3.send(new GetObjectCommand(addressed(bucket, key))));
  const text = await answer.Body?.transformToString();
  const source = `s3://${bucket.name}/${key}`;
  if (text === undefined) throw new Error(`${source}: empty object`);
  const document = parseJsonText(text, (reason) => new Error(`${source}: not valid JSON (${reason})`));
  const list = (document as { snapshots?: unknown } | null)?.snapshots;
  if (!Array.isArray(list)) throw new Error(`${source}: snapshots: expected an array`);
  // Each is checked as a snapshot file is: a bad one is refused with its path, never half-used.
  const snapshots = list.map((item, i) => parseSnapshot(JSON.stringify(item), `${source} snapshots[${i}]`));
  cached = { key, snapshots };
  return snapshots;
}
