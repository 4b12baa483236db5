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
    // Assess: partial exits 1 (docs/design/cli.md).
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
    [
      ['--to', 'i-123', '--port', '443'],
      'hna reach: --to i-123: expected a subnet-…, vpce-… or eni-… id, an IP address, or an RDS database identifier',
    ],
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
    [['--to', 'vpce-0a1b2c3d4e5f60105'], 'hna reach: --port: required'],
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

// Issue 20, point 11: the questions people ask.
describe('hna reach takes the questions people ask', () => {
  const example = ['reach', '--snapshot', 'examples/hybrid-landing-zone.json'];

  it('--from an address means that address alone, and --region is found from the target', async () => {
    const { code, stdout } = await hna([
      ...example,
      '--from',
      '10.20.5.5',
      '--to',
      'vpce-0a1b2c3d4e5f60105',
      '--port',
      '443',
    ]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('open: 10.20.5.5/32 -> vpce-0a1b2c3d4e5f60105 tcp 443');
  });

  it('--to a database identifier asks its subnets, groups and port', async () => {
    const { code, stdout } = await hna([
      ...example,
      '--from',
      '172.16.8.9',
      '--to',
      'orders-db',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { verdict: string; subnets: { subnet: string }[] };
    expect(answer.verdict).toBe('open');
    expect(answer.subnets.map((s) => s.subnet).sort()).toEqual([
      'subnet-0e5f6a7b8c9d00005',
      'subnet-0e5f6a7b8c9d00006',
    ]);
    // Port 5432 came from the database: a network the group does not admit is refused on it.
    const refused = await hna([...example, '--from', '10.20.0.0/16', '--to', 'orders-db']);
    expect(refused.stdout).toContain('tcp 5432');
  });

  it('--to an address asks the interface that holds it, with its own groups', async () => {
    const { stdout } = await hna([
      ...example,
      '--from',
      '10.20.0.0/16',
      '--to',
      '10.50.2.20',
      '--port',
      '443',
      '--format',
      'json',
    ]);
    const answer = JSON.parse(stdout) as { subnet: string; hops: { hop: string; groups?: string[] }[] };
    expect(answer.subnet).toBe('subnet-0e5f6a7b8c9d00002');
    expect(answer.hops.find((h) => h.hop === 'security-groups')?.groups).toEqual(['sg-0d1e2f3a4b5c60003']);
    // An address no interface holds: its subnet, with the groups given (and they are required).
    const bare = await hna([...example, '--from', '10.20.0.0/16', '--to', '10.50.2.99', '--port', '443']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--security-groups: required with --to 10.50.2.99');
  });

  it('--protocol udp and icmp are judged by their own ACL entries and permissions', async () => {
    const dns = await hna([
      ...example,
      '--from',
      '10.20.0.0/16',
      '--to',
      '10.50.2.10',
      '--protocol',
      'UDP',
      '--port',
      '53',
    ]);
    expect(dns.code).toBe(1);
    expect(dns.stdout).toContain('no permission of sg-0d1e2f3a4b5c60002 allows udp 53 from 10.20.0.0/16');
    const ping = await hna([
      ...example,
      '--from',
      '10.20.0.0/16',
      '--to',
      '10.50.2.10',
      '--protocol',
      'icmp',
      '--port',
      '8',
    ]);
    expect(ping.stdout.split('\n')[0]).toBe('blocked: 10.20.0.0/16 -> 10.50.2.10 icmp type 8');
  });

  it('lists every closing hop of a path, not only the first (the README example)', async () => {
    const { code, stdout } = await hna([
      ...example,
      '--snapshot',
      'examples/network-account.json',
      '--from',
      '10.20.0.0/16',
      '--to',
      'vpce-0a1b2c3d4e5f60106',
      '--port',
      '443',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('closed: tgw-rtb-0b1c2d3e4f5a60002: 10.20.0.0/16 -> blackhole');
    expect(stdout).toContain(
      'also closes: tgw-attach-0a1b2c3d4e5f60002 has no subnet in eu-west-1a, where subnet-0e5f6a7b8c9d00007 is',
    );
  });

  it('a target no region holds is refused, naming --region', async () => {
    const { code, stderr } = await hna([
      ...example,
      '--from',
      '10.20.0.0/16',
      '--to',
      'subnet-0000000000000dead',
      '--security-groups',
      'sg-1',
      '--port',
      '443',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('no region of the snapshot holds it');
  });
});
