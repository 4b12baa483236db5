import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listStatus } from '../../lib/inventory/lists.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { serializeSnapshot } from '../../lib/inventory/write.js';
import { InputError } from '../../lib/util/errors.js';

// biome-ignore lint/suspicious/noExplicitAny: the cases edit raw JSON documents at any depth
type RawJson = any;

const example = readFileSync('examples/hybrid-landing-zone.json', 'utf8');

function refusal(document: unknown): string {
  try {
    parseSnapshot(typeof document === 'string' ? document : JSON.stringify(document), 'snap.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the snapshot was accepted');
}

describe('parseSnapshot', () => {
  it('reads the bundled example and writes it back unchanged', () => {
    // Act
    const snapshot = parseSnapshot(example, 'example');
    // Assess
    expect(snapshot.regions?.['eu-west-1']?.ec2?.Subnets).toHaveLength(8);
    expect(JSON.parse(serializeSnapshot(snapshot))).toEqual(JSON.parse(example));
  });

  it('keeps fields the schema does not name', () => {
    const snapshot = parseSnapshot(example, 'example');
    expect(snapshot.regions?.['eu-west-1']?.ec2?.Vpcs?.[0]).toHaveProperty(
      'DhcpOptionsId',
      'dopt-0123456789abcdef0',
    );
  });

  it.each([
    [
      'a wrong type, with the JSON path',
      (doc: RawJson) => {
        doc.regions['eu-west-1'].ec2.Subnets[3].AvailableIpAddressCount = '3';
      },
      'snap.json: regions.eu-west-1.ec2.Subnets[3].AvailableIpAddressCount: expected number, got string',
    ],
    [
      'a missing identifier',
      (doc: RawJson) => {
        delete doc.regions['eu-west-1'].ec2.VpcEndpoints[1].VpcEndpointId;
      },
      'snap.json: regions.eu-west-1.ec2.VpcEndpoints[1].VpcEndpointId: required string',
    ],
    [
      'a misspelt list name',
      (doc: RawJson) => {
        doc.regions['eu-west-1'].ec2.Subnet = [];
      },
      'snap.json: regions.eu-west-1.ec2.Subnet: unknown key',
    ],
    [
      'an unknown version, by name',
      (doc: RawJson) => {
        doc.version = 2;
      },
      'snap.json: version: unsupported snapshot version 2 (this hna reads version 1)',
    ],
    [
      'a missing version',
      (doc: RawJson) => {
        delete doc.version;
      },
      'snap.json: version: required (this hna reads version 1)',
    ],
    [
      'a bad policy type',
      (doc: RawJson) => {
        doc.s3.Buckets[0].Policy = { Version: '2012-10-17' };
      },
      'snap.json: s3.Buckets[0].Policy: expected string, got object',
    ],
  ])('refuses %s', (_name, mutate, expected) => {
    // Prepare
    const document = JSON.parse(example);
    mutate(document);
    // Act, Assess
    expect(refusal(document)).toBe(expected);
  });

  it('refuses text that is not JSON and JSON that is not an object', () => {
    expect(refusal('{"version": 1,')).toMatch(/^snap\.json: not valid JSON/);
    expect(refusal('[]')).toBe('snap.json: a snapshot is a JSON object');
  });
});

describe('absent versus empty', () => {
  const base = JSON.parse(example);

  it('an empty list is collected, an absent list is not', () => {
    // Prepare
    base.regions['eu-west-1'].ec2.VpnGateways = [];
    delete base.regions['eu-west-1'].ec2.CustomerGateways;
    const snapshot = parseSnapshot(JSON.stringify(base), 'snap');
    // Assess
    expect(listStatus(snapshot, 'eu-west-1', 'ec2.VpnGateways')).toEqual({ available: true });
    expect(listStatus(snapshot, 'eu-west-1', 'ec2.CustomerGateways')).toEqual({
      available: false,
      reason: 'ec2.CustomerGateways was not collected in eu-west-1',
    });
  });

  it('a list whose collection failed is unavailable even if present', () => {
    const snapshot = parseSnapshot(example, 'snap');
    const usEast = snapshot.regions?.['us-east-1'];
    if (usEast === undefined) throw new Error('the example lost us-east-1');
    usEast.datasync = { Agents: [] };
    expect(listStatus(snapshot, 'us-east-1', 'datasync.Agents')).toEqual({
      available: false,
      reason: 'datasync ListAgents failed: AccessDeniedException',
    });
    expect(listStatus(snapshot, 'eu-west-1', 'datasync.Agents')).toEqual({ available: true });
  });
});
