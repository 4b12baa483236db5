import { describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';

const hna = (args: string[]) => runHna(args, { env: {} });

const base = [
  'reach',
  '--snapshot',
  'examples/hybrid-landing-zone.json',
  '--region',
  'eu-west-1',
  '--from',
  '10.20.0.0/16',
];

describe('hna reach', () => {
  it('answers for a VPC endpoint with hops and closed flows (the DataSync group stops at 1062)', async () => {
    // Act
    const { code, stdout } = await hna([
      ...base,
      '--to',
      'vpce-0a1b2c3d4e5f60105',
      '--port',
      '1024-1064',
      '--format',
      'json',
    ]);
    // Assess: partial exits 1 (cli.md).
    expect(code).toBe(1);
    const answer = JSON.parse(stdout);
    expect(answer.verdict).toBe('partial');
    expect(answer.hops.map((h: { hop: string }) => h.hop)).toEqual([
      'route',
      'nacl-inbound',
      'nacl-outbound',
      'security-groups',
    ]);
    expect(answer.hops[3]).toMatchObject({
      verdict: 'partial',
      groups: ['sg-0d1e2f3a4b5c60003'],
      missing: 'tcp 1063-1064 from 10.20.0.0/16',
    });
    expect(answer.subnets[0].closed).toEqual([{ ports: '1063-1064', cidrs: ['10.20.0.0/16'] }]);
    expect(answer.subnets[0].portsClosedForEveryAddress).toEqual([{ from: 1063, to: 1064 }]);
  });

  it('answers for a subnet with given groups, in text', async () => {
    const { code, stdout } = await hna([
      ...base,
      '--to',
      'subnet-0e5f6a7b8c9d00001',
      '--security-groups',
      'sg-0d1e2f3a4b5c60001',
      '--port',
      '1500',
      '--format',
      'text',
    ]);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe('partial: 10.20.0.0/16 -> subnet-0e5f6a7b8c9d00001 tcp 1500');
    expect(stdout).toContain('closed flows: tcp 1500 from 10.20.128.0/17');
  });

  it.each([
    [
      ['--to', 'vpce-0a1b2c3d4e5f60105', '--port', '70000'],
      'hna reach: --port: "70000": ports go up to 65535',
    ],
    [['--to', 'i-123', '--port', '443'], 'hna reach: --to i-123: expected a subnet-…, vpce-… or eni-… id'],
    [
      ['--to', 'eni-0f1a2b3c4d5e69999', '--port', '443'],
      'hna reach: --to eni-0f1a2b3c4d5e69999: no such network interface in eu-west-1',
    ],
    [
      ['--to', 'vpce-0a1b2c3d4e5f60999', '--port', '443'],
      'hna reach: --to vpce-0a1b2c3d4e5f60999: no such VPC endpoint in eu-west-1 of the snapshot',
    ],
    [
      ['--to', 'vpce-0a1b2c3d4e5f60105', '--port', '443', '--security-groups', 'sg-1'],
      'hna reach: --security-groups: a VPC endpoint is asked with its own groups',
    ],
    [['--to', 'vpce-0a1b2c3d4e5f60105'], "hna reach: required option '--port <port>' not specified"],
    [
      ['--to', 'subnet-0e5f6a7b8c9d00001', '--port', '1500'],
      'hna reach: --security-groups: required with --to subnet-0e5f6a7b8c9d00001: a subnet has no groups of its own',
    ],
    [
      ['--to', 'subnet-0e5f6a7b8c9d00001', '--port', '1500', '--security-groups', 'sg-nope'],
      'hna reach: --security-groups sg-nope: no such security group in eu-west-1 of the snapshot',
    ],
  ])('refuses %j with exit 2', async (args, message) => {
    const { code, stderr } = await hna([...base, ...args]);
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
  });

  it('names the regions the snapshot has when the region is wrong', async () => {
    const { code, stderr } = await hna([
      'reach',
      '--snapshot',
      'examples/hybrid-landing-zone.json',
      '--region',
      'eu-central-1',
      '--from',
      '10.0.0.0/8',
      '--to',
      'subnet-1',
      '--security-groups',
      'sg-1',
      '--port',
      '1',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'hna reach: --region eu-central-1: not in the snapshot (it has eu-west-1, us-east-1)\n',
    );
  });

  it('answers for a network interface with its own subnet and groups', async () => {
    // The DataSync endpoint's interface: its groups stop at 1062.
    const { code, stdout } = await hna([
      ...base,
      '--to',
      'eni-0f1a2b3c4d5e61050',
      '--port',
      '1024-1064',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const answer = JSON.parse(stdout);
    expect(answer.subnet).toBe('subnet-0e5f6a7b8c9d00002');
    expect(answer.verdict).toBe('partial');
    expect(answer.hops[3].groups).toEqual(['sg-0d1e2f3a4b5c60003']);
  });

  it('exits 0 for open and 4 for unknown', async () => {
    const open = await hna([...base, '--to', 'vpce-0a1b2c3d4e5f60105', '--port', '443']);
    expect(open.code).toBe(0);
    expect(open.stdout.startsWith('open: ')).toBe(true);
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const document = JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8'));
    delete document.regions['eu-west-1'].ec2.ManagedPrefixLists;
    const file = join(mkdtempSync(join(tmpdir(), 'hna-reach-')), 'snapshot.json');
    writeFileSync(file, JSON.stringify(document));
    const unknown = await hna([
      'reach',
      '--snapshot',
      file,
      '--region',
      'eu-west-1',
      '--from',
      '10.20.0.0/16',
      '--to',
      'vpce-0a1b2c3d4e5f60105',
      '--port',
      '443',
    ]);
    expect(unknown.code).toBe(4);
    expect(unknown.stdout).toContain('unknown');
  });

  it('refuses a bad source block', async () => {
    const { code, stderr } = await hna([
      'reach',
      '--snapshot',
      'examples/hybrid-landing-zone.json',
      '--region',
      'eu-west-1',
      '--from',
      '10.20.0.0/16,10.300.0.0/16',
      '--to',
      'subnet-1',
      '--port',
      '1',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe('hna reach: --from: "10.300.0.0/16" is not a CIDR block\n');
  });
});
