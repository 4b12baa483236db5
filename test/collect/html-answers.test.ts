/**
 * An answer that is not AWS's (an emulator or proxy that returns an HTML error page) is
 * recorded by its HTTP status, not as the parser's SyntaxError (issue 20): for the JSON
 * services (DRS, DataSync) as for the XML ones (EC2).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, errorMessage } from '../../lib/collect/log.js';

let server: Server;
let endpoint: string;

beforeAll(async () => {
  // Loopback only: an HTML page with status 500, as a broken emulator or proxy answers.
  server = createServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'text/html' });
    response.end('<!doctype html><html><body><h1>Internal Server Error</h1></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const settings = () => ({
  endpoint,
  region: 'eu-west-1',
  maxAttempts: 1,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

async function failure(send: () => Promise<unknown>): Promise<unknown> {
  try {
    await send();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('an HTML error page instead of an AWS answer', () => {
  it('is HTTP 500 for DRS (restJson)', async () => {
    const client = new DrsClient(settings());
    const error = await failure(() => client.send(new DescribeSourceServersCommand({})));
    expect(errorCode(error)).toBe('HTTP 500');
    expect(errorMessage(error)).toContain('the answer was not an AWS response');
  });

  it('is HTTP 500 for EC2 (ec2 query)', async () => {
    const client = new EC2Client(settings());
    const error = await failure(() => client.send(new DescribeVpcsCommand({})));
    expect(errorCode(error)).toBe('HTTP 500');
  });
});
