/** The run's network-inventory hand-off (issue 14): what the worker accepts, and what it refuses. */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTarget } from '../../lib/lambda/events.js';
import {
  HandoffBucketMissing,
  handOffNetworkInventory,
  handoffKey,
  LATEST_KEY,
  latestNetworkInventory,
  markRunDispatched,
  receiveNetworkInventory,
  runDispatched,
} from '../../lib/lambda/network-handoff.js';
import { readSettings } from '../../lib/lambda/settings.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => s3.restore());
/** What GetObject's streaming body offers the reader. */
const body = (text: string) => ({ transformToString: async () => text }) as never;
const network = JSON.parse(readFileSync('examples/network-account.json', 'utf8'));
/** The stack's bucket, owned by the auditor account: every request names that owner. */
const BUCKET = { name: 'bucket', owner: '999988887777' };

describe('the network inventory hand-off', () => {
  it('writes one object per run, and reads back exactly what was written', async () => {
    const objects = new Map<string, string>();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, input.Body);
      return {};
    });
    const key = await handOffNetworkInventory(new S3Client({}), BUCKET, 'run-7', [network]);
    expect(key).toBe('runs/run-7/network-inventory.json');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'bucket',
      Key: key,
      ServerSideEncryption: 'AES256',
      ExpectedBucketOwner: '999988887777',
    });
    const written = objects.get(key) ?? '';
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(written) }));
    const read = await receiveNetworkInventory(new S3Client({}), BUCKET, key);
    expect(read).toEqual([network]);
    // A second worker of the same run in the same container reads nothing again.
    await receiveNetworkInventory(new S3Client({}), BUCKET, key);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    // Every request named the bucket's owner.
    for (const call of [...s3.commandCalls(PutObjectCommand), ...s3.commandCalls(GetObjectCommand)])
      expect(call.args[0].input).toMatchObject({ ExpectedBucketOwner: '999988887777' });
  });

  it('a missing bucket is its own failure, never "not dispatched yet" or "no hand-off yet"', async () => {
    // Prepare: S3 names a missing bucket (GetObject and PutObject answer NoSuchBucket).
    const gone = Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' });
    s3.on(GetObjectCommand).rejects(gone);
    s3.on(PutObjectCommand).rejects(gone);
    const client = new S3Client({});
    // Act and assess: each read and write fails with HandoffBucketMissing, naming the bucket.
    const missing = /^s3:\/\/bucket: the hand-off bucket does not exist/;
    await expect(runDispatched(client, BUCKET, 'run-1')).rejects.toThrow(HandoffBucketMissing);
    await expect(runDispatched(client, BUCKET, 'run-1')).rejects.toThrow(missing);
    await expect(latestNetworkInventory(client, BUCKET)).rejects.toThrow(HandoffBucketMissing);
    await expect(
      receiveNetworkInventory(client, BUCKET, 'runs/other-run/network-inventory.json'),
    ).rejects.toThrow(HandoffBucketMissing);
    await expect(handOffNetworkInventory(client, BUCKET, 'run-2', [network])).rejects.toThrow(
      HandoffBucketMissing,
    );
    await expect(
      markRunDispatched(client, BUCKET, 'run-2', { queued: 1, at: '2026-11-22T03:00:00Z' }),
    ).rejects.toThrow(HandoffBucketMissing);
    // A missing key of a bucket that exists is "not dispatched yet", as before.
    s3.reset();
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('no key'), { name: 'NoSuchKey' }));
    expect(await runDispatched(client, BUCKET, 'run-1')).toBe(false);
  });

  it('names the last run’s hand-off for the Config rule, and reads none when there is none', async () => {
    const objects = new Map<string, string>();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, input.Body);
      return {};
    });
    const missing = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const text = objects.get(input.Key);
      if (text === undefined) throw missing;
      return { Body: body(text) };
    });
    // No run yet: nothing to read, and that is not an error.
    expect(await latestNetworkInventory(new S3Client({}), BUCKET)).toBeUndefined();
    const key = await handOffNetworkInventory(new S3Client({}), BUCKET, 'run-latest', [network]);
    expect(JSON.parse(objects.get(LATEST_KEY) ?? '{}')).toEqual({ version: 1, run: 'run-latest', key });
    expect(await latestNetworkInventory(new S3Client({}), BUCKET)).toEqual({ key, snapshots: [network] });
    // The pointer outlived its hand-off: none, rather than a failure of every evaluation.
    objects.set(
      LATEST_KEY,
      JSON.stringify({ version: 1, run: 'gone', key: 'runs/gone/network-inventory.json' }),
    );
    expect(await latestNetworkInventory(new S3Client({}), BUCKET)).toBeUndefined();
    // A damaged pointer is an error that names the object, not "no hand-off".
    objects.set(LATEST_KEY, '{"version":1}');
    await expect(latestNetworkInventory(new S3Client({}), BUCKET)).rejects.toThrow(
      's3://bucket/runs/latest.json: key: expected a string',
    );
  });

  it('names the run with characters S3 keys and the message schema both accept', () => {
    expect(handoffKey('53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa')).toBe(
      'runs/53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa/network-inventory.json',
    );
    const key = handoffKey('2026-11-22T03:00:00Z run/with spaces');
    expect(
      parseTarget(JSON.stringify({ accountId: '123456789012', region: 'eu-west-1', networkInventory: key })),
    ).toMatchObject({ networkInventory: key });
  });

  it('refuses a damaged object with the path of the bad field, never using half of it', async () => {
    const broken = structuredClone(network);
    broken.regions['eu-west-1'].ec2.TransitGatewayRouteTables[0].Routes[0].DestinationCidrBlock = 42;
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: body(JSON.stringify({ version: 1, run: 'r', snapshots: [broken] })),
    }));
    await expect(
      receiveNetworkInventory(new S3Client({}), BUCKET, 'runs/damaged/network-inventory.json'),
    ).rejects.toThrow(
      /^s3:\/\/bucket\/runs\/damaged\/network-inventory\.json snapshots\[0\]: regions\.eu-west-1\.ec2\.TransitGatewayRouteTables\[0\]\.Routes\[0\]\.DestinationCidrBlock/,
    );
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body('{"snapshots": 3}') }));
    await expect(
      receiveNetworkInventory(new S3Client({}), BUCKET, 'runs/not-a-list/network-inventory.json'),
    ).rejects.toThrow('snapshots: expected an array');
  });

  it('never addresses the bucket without its owner: the settings refuse a bucket without HNA_HANDOFF_BUCKET_OWNER', () => {
    expect(() => readSettings({ HNA_HANDOFF_BUCKET: 'bucket' })).toThrow(
      /^HNA_HANDOFF_BUCKET_OWNER: not set, but HNA_HANDOFF_BUCKET is/,
    );
    expect(() => readSettings({ HNA_HANDOFF_BUCKET: 'bucket', HNA_HANDOFF_BUCKET_OWNER: 'me' })).toThrow(
      'HNA_HANDOFF_BUCKET_OWNER: "me" is not an account id',
    );
    expect(
      readSettings({ HNA_HANDOFF_BUCKET: 'bucket', HNA_HANDOFF_BUCKET_OWNER: '999988887777' }).handoffBucket,
    ).toEqual(BUCKET);
    expect(() => readSettings({ HNA_ORGANIZATION_ID: 'acme' })).toThrow(
      'HNA_ORGANIZATION_ID: "acme" is not an organization id (o-...)',
    );
    // One stack per region: without HNA_REGIONS, the function's own region, never every region.
    expect(readSettings({ AWS_REGION: 'eu-central-1' }).regions).toEqual(['eu-central-1']);
    expect(readSettings({ AWS_REGION: 'eu-central-1', HNA_REGIONS: 'all' }).regions).toBe('all');
  });

  it('refuses a message whose hand-off key is not one of a run', () => {
    expect(() =>
      parseTarget(
        JSON.stringify({ accountId: '123456789012', region: 'eu-west-1', networkInventory: '../etc' }),
      ),
    ).toThrow('networkInventory: expected runs/<run>/network-inventory.json');
  });
});
