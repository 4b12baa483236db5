/**
 * The hand-off of a run's network-account inventory (issue 14): the dispatcher writes one
 * S3 object per run, `runs/<run>/network-inventory.json`, and every worker of the run
 * reads it (once per warm container). S3 because the inventory of a hub with thousands of
 * attachments runs to megabytes — beyond an SQS message (256 KB), a DynamoDB item
 * (400 KB) or a Step Functions payload (256 KB) — while one PUT per run and one GET per
 * worker cost next to nothing; a lifecycle rule on `runs/` (serverless.yml) deletes the
 * objects a day later, so nothing accumulates and no clean-up step can fail.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseSnapshot } from '../inventory/read.js';
import type { Snapshot } from '../inventory/types.js';

/** Where a run's network inventory lives in the hand-off bucket. */
export function handoffKey(run: string): string {
  return `runs/${run.replace(/[^A-Za-z0-9._:-]/g, '_')}/network-inventory.json`;
}

export async function handOffNetworkInventory(
  s3: S3Client,
  bucket: string,
  run: string,
  snapshots: readonly Snapshot[],
): Promise<string> {
  const key = handoffKey(run);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify({ version: 1, run, snapshots }),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
  return key;
}

/** The last inventory read, by key: the workers of one run all read the same object. */
let cached: { key: string; snapshots: Snapshot[] } | undefined;

export async function receiveNetworkInventory(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<Snapshot[]> {
  if (cached?.key === key) return cached.snapshots;
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await answer.Body?.transformToString();
  const source = `s3://${bucket}/${key}`;
  if (text === undefined) throw new Error(`${source}: empty object`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const list = (document as { snapshots?: unknown } | null)?.snapshots;
  if (!Array.isArray(list)) throw new Error(`${source}: snapshots: expected an array`);
  // Each is checked as a snapshot file is: a bad one is refused with its path, never half-used.
  const snapshots = list.map((item, i) => parseSnapshot(JSON.stringify(item), `${source} snapshots[${i}]`));
  cached = { key, snapshots };
  return snapshots;
}
