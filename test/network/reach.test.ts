/** Table tests for every clause of docs/design/network-semantics.md, each with a case that holds and one that does not. */
import { describe, expect, it } from 'vitest';
import {
  type InboundQuestion,
  type OutboundQuestion,
  reach,
  reachEndpoint,
} from '../../lib/network/reach.js';
import {
  acl,
  allowAll,
  type NetworkSpec,
  network,
  peering,
  route,
  SUBNET,
  tcp,
  VPC,
} from '../support/network-fixture.js';

const ON_PREMISES = '10.20.0.0/16';

function ask(spec: NetworkSpec, question: Partial<InboundQuestion> = {}) {
  const { index } = network(spec);
  return reach(
    {
      direction: 'inbound',
      sources: [ON_PREMISES],
      ports: { from: 443, to: 443 },
      subnetId: SUBNET,
      securityGroupIds: ['sg-1'],
      ...question,
    },
    index,
  );
}

const openGroup = { 'sg-1': { in: [tcp(0, 65535, ['0.0.0.0/0', '::/0'])] } };

describe('hop 1: return route', () => {
  it.each([
    ['a virtual private gateway', { GatewayId: 'vgw-1' }],
    ['a transit gateway', { TransitGatewayId: 'tgw-1' }],
    ['a network interface (appliance)', { NetworkInterfaceId: 'eni-1' }],
    ['an instance (appliance)', { InstanceId: 'i-1' }],
    ['a local gateway', { LocalGatewayId: 'lgw-1' }],
    ['a carrier gateway', { CarrierGatewayId: 'cagw-1' }],
  ])('opens through %s when active', (_name, target) => {
    expect(ask({ routes: [route(ON_PREMISES, target)] }).verdict).toBe('open');
    const inactive = ask({ routes: [route(ON_PREMISES, target, 'blackhole')] });
    expect(inactive.verdict).toBe('blocked');
    expect(inactive.hops[0]?.closed[0]?.by).toContain('is not active');
  });

  it('opens through a peering connection only for the peer VPC: no edge-to-edge routing (VPC Peering Guide)', () => {
    const target = { VpcPeeringConnectionId: 'pcx-1' };
    // The peer VPC itself is answered through the peering connection.
    const peer = ask(
      { routes: [route('10.60.0.0/16', target)], peerings: [peering('pcx-1', ['10.60.0.0/16'])] },
      { sources: ['10.60.0.0/16'] },
    );
    expect(peer.verdict).toBe('open');
    // The on-premises network behind the peer's VPN is not.
    const beyond = ask({
      routes: [route(ON_PREMISES, target)],
      peerings: [peering('pcx-1', ['10.60.0.0/16'])],
    });
    expect(beyond.verdict).toBe('blocked');
    expect(beyond.hops[0]?.closed[0]?.by).toContain('no edge-to-edge routing');
    const inactive = ask(
      {
        routes: [route('10.60.0.0/16', target, 'blackhole')],
        peerings: [peering('pcx-1', ['10.60.0.0/16'])],
      },
      { sources: ['10.60.0.0/16'] },
    );
    expect(inactive.verdict).toBe('blocked');
    // Without the peering connections in the snapshot the addresses it serves are unknown.
    const unread = ask({ routes: [route(ON_PREMISES, target)] });
    expect(unread.verdict).toBe('unknown');
    expect(unread.unknown?.[0]).toContain('VpcPeeringConnections');
  });

  it('uses the table explicitly associated with the subnet and ignores a table associated with nothing', () => {
    const unassociated = {
      RouteTableId: 'rtb-loose',
      VpcId: VPC,
      Associations: [],
      Routes: [route(ON_PREMISES, { GatewayId: 'vgw-1' })],
    };
    const answer = ask({
      routes: [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })],
      extraTables: [unassociated],
    });
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops[0]).toMatchObject({ table: 'rtb-1', verdict: 'blocked' });
  });

  it('falls back to the VPC main table when the subnet has no association', () => {
    const answer = ask({ routes: [route(ON_PREMISES, { GatewayId: 'vgw-1' })], mainTable: true });
    expect(answer.verdict).toBe('open');
    expect(answer.hops[0]?.table).toBe('rtb-main (main)');
  });

  it('is unknown when neither an associated nor a main table exists', () => {
    const { index, inventory } = network({});
    inventory.ec2?.RouteTables?.splice(0);
    const answer = reach(
      {
        direction: 'inbound',
        sources: [ON_PREMISES],
        ports: { from: 443, to: 443 },
        subnetId: SUBNET,
        securityGroupIds: ['sg-1'],
      },
      new (index.constructor as typeof import('../../lib/network/network-index.js').NetworkIndex)(inventory),
    );
    expect(answer.verdict).toBe('unknown');
  });

  it('answers sources inside the VPC through the local route', () => {
    expect(ask({ routes: [] }, { sources: ['10.50.7.0/24'] }).verdict).toBe('open');
    expect(ask({ routes: [] }, { sources: ['10.51.7.0/24'] }).verdict).toBe('blocked');
  });

  it('lets the longest prefix decide: a blackhole more specific than an active route cuts its part off', () => {
    const answer = ask({
      routes: [
        route('10.0.0.0/8', { GatewayId: 'vgw-1' }),
        route('10.20.128.0/17', { GatewayId: 'vgw-2' }, 'blackhole'),
      ],
    });
    expect(answer.verdict).toBe('partial');
    expect(answer.closed).toEqual([{ ports: '443', cidrs: ['10.20.128.0/17'] }]);
    expect(answer.portsClosedForEveryAddress).toEqual([]);
  });

  it('answers public sources over an internet gateway but never private ones', () => {
    const internet = [route('0.0.0.0/0', { GatewayId: 'igw-1' })];
    expect(ask({ routes: internet }, { sources: ['203.0.113.0/24'] }).verdict).toBe('open');
    const privateSources = ask({ routes: internet }, { sources: ['192.168.0.0/16'] });
    expect(privateSources.verdict).toBe('blocked');
    expect(privateSources.hops[0]?.closed[0]?.by).toContain(
      'private addresses cannot be answered over an internet gateway',
    );
    for (const block of ['10.128.0.0/9', '172.16.0.0/12', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16']) {
      expect(ask({ routes: internet }, { sources: [block] }).verdict).toBe('blocked');
    }
    expect(ask({ routes: internet }, { sources: ['172.32.0.0/16'] }).verdict).toBe('open');
  });

  it('closes answers through a NAT gateway, a blackhole, or no route at all', () => {
    expect(ask({ routes: [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })] }).verdict).toBe('blocked');
    expect(ask({ routes: [route(ON_PREMISES, { GatewayId: 'vgw-1' }, 'blackhole')] }).verdict).toBe(
      'blocked',
    );
    const none = ask({ routes: [route('10.20.0.0/17', { GatewayId: 'vgw-1' })] });
    expect(none.verdict).toBe('partial');
    expect(none.hops[0]?.closed).toEqual([
      { flows: [{ ports: '443', cidrs: ['10.20.128.0/17'] }], by: 'no route in rtb-1' },
    ]);
  });

  it('takes destinations from a prefix list, and is unknown when the list is missing', () => {
    const prefixLists = [
      { PrefixListId: 'pl-onprem', Entries: [{ Cidr: '10.20.0.0/17' }, { Cidr: '10.20.128.0/17' }] },
    ];
    expect(ask({ routes: [route('pl-onprem', { TransitGatewayId: 'tgw-1' })], prefixLists }).verdict).toBe(
      'open',
    );
    const missing = ask({ routes: [route('pl-gone', { TransitGatewayId: 'tgw-1' })] });
    expect(missing.verdict).toBe('unknown');
    expect(missing.unknown).toEqual([
      'prefix list pl-gone is referenced but its entries are not in the snapshot',
    ]);
  });

  it('is not judged when the question says so (traffic over the internet)', () => {
    const answer = ask({ routes: [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })] }, { skipRoute: true });
    expect(answer.verdict).toBe('open');
    expect(answer.hops.map((h) => h.hop)).toEqual(['nacl-inbound', 'nacl-outbound', 'security-groups']);
  });
});

describe('hop 2: network ACL, inbound', () => {
  it('lets the first matching entry decide, deny before allow', () => {
    const denyFirst = ask({ ingress: [acl(90, 'deny', '10.20.128.0/17'), ...allowAll(false)] });
    expect(denyFirst.verdict).toBe('partial');
    expect(denyFirst.hops[1]?.closed[0]?.by).toBe(
      'acl-1 rule 90 (ingress) denies tcp 443 from 10.20.128.0/17',
    );
    // entries are sorted by rule number, whatever their order in the list
    const allowFirst = ask({ ingress: [acl(110, 'deny', '10.20.128.0/17'), ...allowAll(false)] });
    expect(allowFirst.verdict).toBe('open');
  });

  it('matches protocol -1 and 6 with its port range, and never another protocol', () => {
    expect(
      ask({ ingress: [acl(10, 'allow', ON_PREMISES, '6', [443, 443]), acl(20, 'deny', '0.0.0.0/0')] })
        .verdict,
    ).toBe('open');
    expect(
      ask({ ingress: [acl(10, 'allow', ON_PREMISES, '6', [444, 500]), acl(20, 'deny', '0.0.0.0/0')] })
        .verdict,
    ).toBe('blocked');
    // a UDP deny first does not touch TCP
    expect(ask({ ingress: [acl(10, 'deny', ON_PREMISES, '17'), ...allowAll(false)] }).verdict).toBe('open');
  });

  it('closes what no entry matches', () => {
    const answer = ask({ ingress: [acl(10, 'allow', '10.20.0.0/17', '6', [443, 443])] });
    expect(answer.verdict).toBe('partial');
    expect(answer.hops[1]?.closed).toEqual([
      { flows: [{ ports: '443', cidrs: ['10.20.128.0/17'] }], by: 'no ingress rule of acl-1 matches' },
    ]);
  });

  it('never matches an IPv4 source with an IPv6 entry', () => {
    expect(ask({ ingress: [acl(10, 'allow', '::/0'), acl(20, 'deny', '0.0.0.0/0')] }).verdict).toBe(
      'blocked',
    );
  });
});

describe('hop 3: network ACL, outbound answers', () => {
  it('needs every ephemeral port allowed back to the source', () => {
    expect(ask({ egress: [acl(10, 'allow', ON_PREMISES, '6', [1024, 65535], true)] }).verdict).toBe('open');
    const narrow = ask({ egress: [acl(10, 'allow', ON_PREMISES, '6', [1024, 50000], true)] });
    expect(narrow.verdict).toBe('blocked');
    expect(narrow.hops[2]?.closed[0]?.by).toContain(
      'no egress rule of acl-1 lets answers through on ports 50001-65535',
    );
  });

  it('honours a configured ephemeral range', () => {
    const answer = ask(
      { egress: [acl(10, 'allow', ON_PREMISES, '6', [32768, 60999], true)] },
      { ephemeral: { from: 32768, to: 60999 } },
    );
    expect(answer.verdict).toBe('open');
  });

  it('closes the sources whose answers are partly denied', () => {
    const answer = ask({
      egress: [acl(90, 'deny', '10.20.128.0/17', '6', [50000, 50010], true), ...allowAll(true)],
    });
    expect(answer.verdict).toBe('partial');
    expect(answer.closed).toEqual([{ ports: '443', cidrs: ['10.20.128.0/17'] }]);
    expect(answer.hops[2]?.closed[0]?.by).toBe(
      'answers to 10.20.128.0/17 on ports 50000-50010 are denied by acl-1 rule 90 (egress)',
    );
  });
});

describe('hop 4: security groups', () => {
  it.each([
    ['-1 (any protocol, any port)', { IpProtocol: '-1', IpRanges: [{ CidrIp: ON_PREMISES }] }],
    ['tcp with the port in range', tcp(400, 500, [ON_PREMISES])],
    ['6 with the port in range', { ...tcp(443, 443, [ON_PREMISES]), IpProtocol: '6' }],
  ])('opens with %s', (_name, permission) => {
    expect(ask({ groups: { 'sg-1': { in: [permission] } } }).verdict).toBe('open');
  });

  it.each([
    ['udp', { ...tcp(0, 65535, [ON_PREMISES]), IpProtocol: 'udp' }],
    ['icmp', { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: ON_PREMISES }] }],
    ['tcp on other ports', tcp(444, 500, [ON_PREMISES])],
    ['a group reference', { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-2' }] }],
    ['an IPv6 range', tcp(443, 443, ['::/0'])],
  ])('does not open with %s', (_name, permission) => {
    const answer = ask({ groups: { 'sg-1': { in: [permission] } } });
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops[3]?.missing).toBe('tcp 443 from 10.20.0.0/16');
  });

  it('unions the permissions of every group', () => {
    const groups = {
      'sg-a': { in: [tcp(443, 443, ['10.20.0.0/17'])] },
      'sg-b': { in: [tcp(443, 443, ['10.20.128.0/17'])] },
    };
    expect(ask({ groups }, { securityGroupIds: ['sg-a', 'sg-b'] }).verdict).toBe('open');
    expect(ask({ groups }, { securityGroupIds: ['sg-a'] }).verdict).toBe('partial');
  });

  it('says which ports of the range are closed for every address', () => {
    const answer = ask(
      { groups: { 'sg-1': { in: [tcp(1024, 1062, [ON_PREMISES])] } } },
      { ports: { from: 1024, to: 1064 } },
    );
    expect(answer.verdict).toBe('partial');
    expect(answer.portsClosedForEveryAddress).toEqual([{ from: 1063, to: 1064 }]);
    expect(answer.hops[3]?.missing).toBe('tcp 1063-1064 from 10.20.0.0/16');
  });

  it('reads sources from prefix lists, and is unknown for a missing list or group', () => {
    const prefixLists = [{ PrefixListId: 'pl-1', Entries: [{ Cidr: ON_PREMISES }] }];
    const viaList = {
      'sg-1': {
        in: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }] }],
      },
    };
    expect(ask({ groups: viaList, prefixLists }).verdict).toBe('open');
    expect(ask({ groups: viaList }).verdict).toBe('unknown');
    expect(ask({ groups: openGroup }, { securityGroupIds: ['sg-1', 'sg-gone'] })).toMatchObject({
      verdict: 'unknown',
      unknown: ['security group sg-gone is not in the snapshot'],
    });
  });

  it('counts an assumed permission, and says it was assumed', () => {
    const answer = ask(
      { groups: { 'sg-1': { in: [] } } },
      {
        ports: { from: 1500, to: 1500 },
        assumedPermissions: [
          { label: 'DRS default group', cidrs: ['0.0.0.0/0'], ports: { from: 1500, to: 1500 } },
        ],
      },
    );
    expect(answer.verdict).toBe('open');
    expect(answer.hops[3]?.entries).toEqual(['DRS default group tcp 1500 from 0.0.0.0/0 (assumed)']);
  });
});

describe('the verdict is computed on flows', () => {
  it('two hops that each block a different half make the question blocked, not partial', () => {
    const answer = ask({
      routes: [route('10.20.0.0/17', { GatewayId: 'vgw-1' })],
      groups: { 'sg-1': { in: [tcp(443, 443, ['10.20.0.0/17'])] }, 'sg-x': {} },
      ingress: [acl(10, 'deny', '10.20.0.0/17'), ...allowAll(false)],
    });
    expect(answer.hops[0]?.verdict).toBe('partial');
    expect(answer.hops[1]?.verdict).toBe('blocked');
    expect(answer.verdict).toBe('blocked');
    expect(answer.portsClosedForEveryAddress).toEqual([{ from: 443, to: 443 }]);
  });

  it('answers several source networks and IPv6 sources exactly', () => {
    const answer = ask(
      {
        routes: [route('::/0', { TransitGatewayId: 'tgw-1' }), route(ON_PREMISES, { GatewayId: 'vgw-1' })],
        groups: openGroup,
      },
      { sources: [ON_PREMISES, '2001:db8::/32'] },
    );
    expect(answer.verdict).toBe('open');
  });
});

describe('outbound questions', () => {
  function askOut(spec: NetworkSpec, question: Partial<OutboundQuestion> = {}) {
    const { index } = network(spec);
    return reach(
      {
        direction: 'outbound',
        destinations: ['0.0.0.0/0'],
        ports: { from: 443, to: 443 },
        subnetId: SUBNET,
        securityGroupIds: ['sg-1'],
        ...question,
      },
      index,
    );
  }

  it('reaches public destinations through a NAT gateway and checks egress permissions', () => {
    const nat = [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })];
    expect(askOut({ routes: nat }, { destinations: ['52.94.0.0/16'] }).verdict).toBe('open');
    expect(
      askOut(
        { routes: nat, groups: { 'sg-1': { out: [tcp(80, 80, ['0.0.0.0/0'])] } } },
        { destinations: ['52.94.0.0/16'] },
      ).verdict,
    ).toBe('blocked');
    expect(askOut({ routes: nat }, { destinations: ['192.168.0.0/16'] }).verdict).toBe('blocked');
  });

  it('reaches a prefix list destination through a gateway endpoint route', () => {
    const prefixLists = [{ PrefixListId: 'pl-s3', Entries: [{ Cidr: '52.218.0.0/17' }] }];
    const answer = askOut(
      { routes: [route('pl-s3', { GatewayId: 'vpce-s3' })], prefixLists },
      { destinations: ['pl-s3'] },
    );
    expect(answer.verdict).toBe('open');
    expect(askOut({ routes: [], prefixLists }, { destinations: ['pl-s3'] }).verdict).toBe('blocked');
  });

  it('needs the answers allowed in on every ephemeral port', () => {
    const answer = askOut(
      {
        routes: [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })],
        ingress: [acl(10, 'allow', '0.0.0.0/0', '6', [443, 443])],
      },
      { destinations: ['52.94.0.0/16'] },
    );
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops.map((h) => h.hop)).toEqual([
      'route',
      'nacl-outbound',
      'nacl-inbound',
      'security-groups',
    ]);
  });
});

describe('VPC endpoints', () => {
  it('is open only when every subnet is open', () => {
    const second = { SubnetId: 'subnet-2', VpcId: VPC, CidrBlock: '10.50.2.0/24' };
    const secondTable = {
      RouteTableId: 'rtb-2',
      VpcId: VPC,
      Associations: [{ SubnetId: 'subnet-2' }],
      Routes: [route('0.0.0.0/0', { NatGatewayId: 'nat-1' })],
    };
    const { inventory, index } = network({
      routes: [route(ON_PREMISES, { GatewayId: 'vgw-1' })],
      extraSubnets: [second],
      extraTables: [secondTable],
      groups: openGroup,
    });
    inventory.ec2?.VpcEndpoints?.push({
      VpcEndpointId: 'vpce-1',
      VpcEndpointType: 'Interface',
      SubnetIds: [SUBNET, 'subnet-2'],
      Groups: [{ GroupId: 'sg-1' }],
    });
    const fresh = new (index.constructor as new (i: typeof inventory) => typeof index)(inventory);
    const answer = reachEndpoint(
      { direction: 'inbound', sources: [ON_PREMISES], ports: { from: 443, to: 443 } },
      'vpce-1',
      fresh,
    );
    expect(answer.subnets.map((s) => s.verdict)).toEqual(['open', 'blocked']);
    expect(answer.verdict).toBe('partial');
    expect(
      reachEndpoint(
        { direction: 'inbound', sources: [ON_PREMISES], ports: { from: 443, to: 443 } },
        'vpce-gone',
        fresh,
      ).verdict,
    ).toBe('unknown');
  });
});

describe('hop 4: security-group references (docs/design/network-semantics.md, hop 4)', () => {
  const referencing = {
    'sg-1': {
      in: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-src' }] }],
    },
    'sg-src': {},
  };

  it('admits the flows of a question whose source interfaces are members of the referenced group', () => {
    const answer = ask({ groups: referencing }, { peerGroupIds: ['sg-src'] });
    expect(answer.verdict).toBe('open');
    expect(answer.hops[3]?.entries).toEqual(['sg-1 tcp 443 from sg-src (peer group)']);
  });

  it('never matches on-premises CIDR sources, or another peer group', () => {
    expect(ask({ groups: referencing }).verdict).toBe('blocked');
    expect(ask({ groups: referencing }, { peerGroupIds: ['sg-other'] }).verdict).toBe('blocked');
    expect(
      ask({ groups: referencing }, { peerGroupIds: ['sg-src'], ports: { from: 80, to: 80 } }).verdict,
    ).toBe('blocked');
  });
});

describe('answers refused only below 32768 (docs/design/rules-catalog.md, status mapping)', () => {
  const denyAnswers = (from: number, to: number) => [
    acl(50, 'deny', '0.0.0.0/0', '6', [from, to], true),
    ...allowAll(true),
  ];

  it('names the refused ports when nothing else closes a flow', () => {
    const answer = ask({ groups: openGroup, egress: denyAnswers(1024, 2047) });
    expect(answer.verdict).toBe('blocked');
    expect(answer.lowAnswerPortsOnly).toEqual([{ from: 1024, to: 2047 }]);
  });

  it('is absent when a refused answer port lies in the common ephemeral range, or another hop closes flows', () => {
    expect(ask({ groups: openGroup, egress: denyAnswers(30000, 33000) }).lowAnswerPortsOnly).toBeUndefined();
    const alsoClosed = ask({
      groups: { 'sg-1': { in: [tcp(443, 443, ['10.20.0.0/17'])] } },
      egress: denyAnswers(1024, 2047),
    });
    expect(alsoClosed.lowAnswerPortsOnly).toBeUndefined();
  });
});

describe('fields AWS always returns, missing from the snapshot', () => {
  it('a TCP permission without its ports, an ACL entry without its range, a table without routes: unknown', () => {
    const noPorts = ask({
      groups: { 'sg-1': { in: [{ IpProtocol: 'tcp', IpRanges: [{ CidrIp: ON_PREMISES }] }] } },
    });
    expect(noPorts.verdict).toBe('unknown');
    expect(noPorts.unknown?.[0]).toContain('has no port range');
    const entry = acl(50, 'allow', '0.0.0.0/0', '6');
    const noRange = ask({ groups: openGroup, ingress: [entry, ...allowAll(false)] });
    expect(noRange.unknown?.[0]).toContain('without its port range');
  });
});

describe('protocols other than TCP (hna reach --protocol)', () => {
  const udp = (from: number, to: number) => ({
    IpProtocol: 'udp',
    FromPort: from,
    ToPort: to,
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
  });

  it('UDP needs a UDP permission and UDP ACL entries, answers included', () => {
    const question = { protocol: 'udp' as const, ports: { from: 53, to: 53 } };
    expect(ask({ groups: { 'sg-1': { in: [udp(53, 53)] } } }, question).verdict).toBe('open');
    expect(ask({ groups: { 'sg-1': { in: [tcp(53, 53, ['0.0.0.0/0'])] } } }, question).verdict).toBe(
      'blocked',
    );
    // ACLs that allow TCP only: the UDP request matches no entry.
    const closed = ask(
      {
        groups: { 'sg-1': { in: [udp(53, 53)] } },
        ingress: [acl(100, 'allow', '0.0.0.0/0', '6', [0, 65535])],
        egress: [acl(100, 'allow', '0.0.0.0/0', '6', [0, 65535], true)],
      },
      question,
    );
    expect(closed.verdict).toBe('blocked');
    expect(closed.hops.find((h) => h.hop === 'nacl-inbound')?.closed[0]?.by).toContain('no ingress rule');
    // UDP entries let it through, answers included.
    const udpAcl = ask(
      {
        groups: { 'sg-1': { in: [udp(53, 53)] } },
        ingress: [acl(100, 'allow', '0.0.0.0/0', '17', [53, 53])],
        egress: [acl(100, 'allow', '0.0.0.0/0', '17', [1024, 65535], true)],
      },
      question,
    );
    expect(udpAcl.verdict).toBe('open');
  });

  it('ICMP takes the type: a permission of type 8 (or -1) admits an echo request, whose reply (type 0) must leave', () => {
    const icmp = (type: number) => ({
      IpProtocol: 'icmp',
      FromPort: type,
      ToPort: -1,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    const question = { protocol: 'icmp' as const, ports: { from: 8, to: 8 } };
    expect(ask({ groups: { 'sg-1': { in: [icmp(8)] } } }, question).verdict).toBe('open');
    expect(ask({ groups: { 'sg-1': { in: [icmp(-1)] } } }, question).verdict).toBe('open');
    expect(ask({ groups: { 'sg-1': { in: [icmp(0)] } } }, question).verdict).toBe('blocked');
    const noReply = ask(
      {
        groups: { 'sg-1': { in: [icmp(8)] } },
        egress: [
          {
            RuleNumber: 100,
            RuleAction: 'allow',
            Protocol: '1',
            Egress: true,
            CidrBlock: '0.0.0.0/0',
            IcmpTypeCode: { Type: 3, Code: -1 },
          },
        ],
      },
      question,
    );
    expect(noReply.verdict).toBe('blocked');
  });
});
