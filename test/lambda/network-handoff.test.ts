/** The run's network-inventory hand-off (issue 14): what the worker accepts, and what it refuses. */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTarget } from '../../lib/lambda/events.js';
import {
  handOffNetworkInventory,
  handoffKey,
  LATEST_KEY,
  latestNetworkInventory,
  receiveNetworkInventory,
} from '../../lib/lambda/network-handoff.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => s3.restore());
/** What GetObject's streaming body offers the reader. */
const body = (text: string) => ({ transformToString: async () => text }) as never;
const network = JSON.parse(readFileSync('examples/network-account.json', 'utf8'));

describe('the network inventory hand-off', () => {
  it('writes one object per run, and reads back exactly what was written', async () => {
    const objects = new Map<string, string>();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, input.Body);
      return {};
    });
    const key = await handOffNetworkInventory(new S3Client({}), 'bucket', 'run-7', [network]);
    expect(key).toBe('runs/run-7/network-inventory.json');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'bucket',
      Key: key,
      ServerSideEncryption: 'AES256',
    });
    const written = objects.get(key) ?? '';
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(written) }));
    const read = await receiveNetworkInventory(new S3Client({}), 'bucket', key);
    expect(read).toEqual([network]);
    // A second worker of the same run in the same container reads nothing again.
    await receiveNetworkInventory(new S3Client({}), 'bucket', key);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
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
    expect(await latestNetworkInventory(new S3Client({}), 'bucket')).toBeUndefined();
    const key = await handOffNetworkInventory(new S3Client({}), 'bucket', 'run-latest', [network]);
    expect(JSON.parse(objects.get(LATEST_KEY) ?? '{}')).toEqual({ version: 1, run: 'run-latest', key });
    expect(await latestNetworkInventory(new S3Client({}), 'bucket')).toEqual({ key, snapshots: [network] });
    // The pointer outlived its hand-off: none, rather than a failure of every evaluation.
    objects.set(
      LATEST_KEY,
      JSON.stringify({ version: 1, run: 'gone', key: 'runs/gone/network-inventory.json' }),
    );
    expect(await latestNetworkInventory(new S3Client({}), 'bucket')).toBeUndefined();
    // A damaged pointer is an error that names the object, not "no hand-off".
    objects.set(LATEST_KEY, '{"version":1}');
    await expect(latestNetworkInventory(new S3Client({}), 'bucket')).rejects.toThrow(
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
      receiveNetworkInventory(new S3Client({}), 'bucket', 'runs/damaged/network-inventory.json'),
    ).rejects.toThrow(
      /^s3:\/\/bucket\/runs\/damaged\/network-inventory\.json snapshots\[0\]: regions\.eu-west-1\.ec2\.TransitGatewayRouteTables\[0\]\.Routes\[0\]\.DestinationCidrBlock/,
    );
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body('{"snapshots": 3}') }));
    await expect(
      receiveNetworkInventory(new S3Client({}), 'bucket', 'runs/not-a-list/network-inventory.json'),
    ).rejects.toThrow('snapshots: expected an array');
  });

  it('refuses a message whose hand-off key is not one of a run', () => {
    expect(() =>
      parseTarget(
        JSON.stringify({ accountId: '123456789012', region: 'eu-west-1', networkInventory: '../etc' }),
      ),
    ).toThrow('networkInventory: expected runs/<run>/network-inventory.json');
  });
});
