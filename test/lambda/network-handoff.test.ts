/** The run's network-inventory hand-off (issue 14): what the worker accepts, and what it refuses. */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTarget } from '../../lib/lambda/events.js';
import {
  handOffNetworkInventory,
  handoffKey,
  receiveNetworkInventory,
} from '../../lib/lambda/network-handoff.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
/** What GetObject's streaming body offers the reader. */
const body = (text: string) => ({ transformToString: async () => text }) as never;
const network = JSON.parse(readFileSync('examples/network-account.json', 'utf8'));

describe('the network inventory hand-off', () => {
  it('writes one object per run, and reads back exactly what was written', async () => {
    let written = '';
    s3.on(PutObjectCommand).callsFake((input: { Body: string }) => {
      written = input.Body;
      return {};
    });
    const key = await handOffNetworkInventory(new S3Client({}), 'bucket', 'run-7', [network]);
    expect(key).toBe('runs/run-7/network-inventory.json');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'bucket',
      Key: key,
      ServerSideEncryption: 'AES256',
    });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(written) }));
    const read = await receiveNetworkInventory(new S3Client({}), 'bucket', key);
    expect(read).toEqual([network]);
    // A second worker of the same run in the same container reads nothing again.
    await receiveNetworkInventory(new S3Client({}), 'bucket', key);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
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
