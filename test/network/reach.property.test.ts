/**
 * The engine against a deliberately naive reference that checks every (address,
 * port) flow one by one, over random route tables, ACLs and groups in a small
 * address space. Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reach } from '../../lib/network/reach.js';
import { type AclEntry, network, type Permission, type Route, SUBNET } from '../support/network-fixture.js';

// ---- the naive reference: plain numbers, no sets, no shared code with the engine

const ip = (text: string) => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
const text = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
function inBlock(address: number, block: string): boolean {
  const [base, bits] = block.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ip(base as string);
  return address >= start && address < start + size;
}
const prefixOf = (block: string) => Number(block.split('/')[1]);
const PRIVATE = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
];

interface Case {
  base: number;
  vpcCidr: string;
  routes: Route[];
  prefixList: string[];
  ingress: AclEntry[];
  egress: AclEntry[];
  permissions: Permission[];
  sources: string[];
  ports: [number, number];
  ephemeral: [number, number];
}

function naiveRouteOpen(c: Case, address: number): boolean {
  const candidates: { block: string; route: Route; fromList: boolean }[] = [];
  for (const route of [
    { DestinationCidrBlock: c.vpcCidr, GatewayId: 'local', State: 'active' } as Route,
    ...c.routes,
  ]) {
    if (route.DestinationCidrBlock)
      candidates.push({ block: route.DestinationCidrBlock, route, fromList: false });
    if (route.DestinationPrefixListId)
      for (const block of c.prefixList) candidates.push({ block, route, fromList: true });
  }
  let best: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    if (!inBlock(address, candidate.block)) continue;
    if (
      best === undefined ||
      prefixOf(candidate.block) > prefixOf(best.block) ||
      (prefixOf(candidate.block) === prefixOf(best.block) && best.fromList && !candidate.fromList)
    ) {
      best = candidate;
    }
  }
  if (best === undefined || best.route.State !== 'active') return false;
  const gateway = best.route.GatewayId ?? '';
  if (gateway === 'local' || gateway.startsWith('vgw-') || best.route.TransitGatewayId) return true;
  if (gateway.startsWith('igw-')) return !PRIVATE.some((block) => inBlock(address, block));
  return false;
}

function naiveAcl(entries: AclEntry[], address: number, port: number): boolean {
  const sorted = [...entries].sort((x, y) => (x.RuleNumber ?? 0) - (y.RuleNumber ?? 0));
  for (const entry of sorted) {
    if (entry.Protocol !== '-1' && entry.Protocol !== '6') continue;
    if (!inBlock(address, entry.CidrBlock as string)) continue;
    if (
      entry.Protocol === '6' &&
      entry.PortRange &&
      (port < (entry.PortRange.From ?? 0) || port > (entry.PortRange.To ?? 65535))
    )
      continue;
    return entry.RuleAction === 'allow';
  }
  return false;
}

function naiveGroups(permissions: Permission[], address: number, port: number): boolean {
  return permissions.some((permission) => {
    if (!['-1', 'tcp', '6'].includes(permission.IpProtocol ?? '')) return false;
    if (
      permission.IpProtocol !== '-1' &&
      (port < (permission.FromPort ?? 0) || port > (permission.ToPort ?? 65535))
    )
      return false;
    return (permission.IpRanges ?? []).some((range) => inBlock(address, range.CidrIp as string));
  });
}

function naive(c: Case) {
  const addresses = new Set<number>();
  for (const source of c.sources)
    for (let a = 0; a < 64; a += 1) if (inBlock(c.base + a, source)) addresses.add(c.base + a);
  const closed = new Set<string>();
  let open = 0;
  const portOpenSomewhere = new Set<number>();
  for (const address of addresses) {
    for (let port = c.ports[0]; port <= c.ports[1]; port += 1) {
      let answers = true;
      for (let e = c.ephemeral[0]; e <= c.ephemeral[1]; e += 1) answers &&= naiveAcl(c.egress, address, e);
      const ok =
        naiveRouteOpen(c, address) &&
        naiveAcl(c.ingress, address, port) &&
        answers &&
        naiveGroups(c.permissions, address, port);
      if (ok) {
        open += 1;
        portOpenSomewhere.add(port);
      } else closed.add(`${text(address)}:${port}`);
    }
  }
  const verdict = open === 0 ? 'blocked' : closed.size === 0 ? 'open' : 'partial';
  const everyAddress: number[] = [];
  for (let port = c.ports[0]; port <= c.ports[1]; port += 1)
    if (!portOpenSomewhere.has(port)) everyAddress.push(port);
  return { verdict, closed, everyAddress };
}

// ---- random cases

const BASES = [ip('10.0.0.0'), ip('54.0.0.0')];
const block = (base: number) =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .integer({ min: 26, max: 32 })
        .chain((bits) =>
          fc
            .integer({ min: 0, max: 2 ** (bits - 26) - 1 })
            .map((n) => `${text(base + n * 2 ** (32 - bits))}/${bits}`),
        ),
    },
    { weight: 1, arbitrary: fc.constant('0.0.0.0/0') },
  );
const portRange = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }))
  .map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as [number, number]);

const caseArbitrary = fc.constantFrom(...BASES).chain((base) =>
  fc.record({
    base: fc.constant(base),
    vpcCidr: block(base).filter((b) => b !== '0.0.0.0/0'),
    routes: fc.uniqueArray(
      fc.record({
        destination: fc.oneof(
          { weight: 5, arbitrary: block(base) },
          { weight: 1, arbitrary: fc.constant('pl-1') },
        ),
        target: fc.constantFrom<Partial<Route>>(
          { GatewayId: 'vgw-1' },
          { TransitGatewayId: 'tgw-1' },
          { GatewayId: 'igw-1' },
          { NatGatewayId: 'nat-1' },
        ),
        active: fc.boolean(),
      }),
      { maxLength: 5, selector: (r) => r.destination },
    ),
    prefixList: fc.uniqueArray(block(base), { maxLength: 3 }),
    ingress: fc.uniqueArray(aclEntry(base, false), { maxLength: 5, selector: (e) => e.RuleNumber }),
    egress: fc.uniqueArray(aclEntry(base, true), { maxLength: 5, selector: (e) => e.RuleNumber }),
    permissions: fc.array(permission(base), { maxLength: 5 }),
    sources: fc.array(
      block(base).filter((b) => b !== '0.0.0.0/0'),
      { minLength: 1, maxLength: 3 },
    ),
    ports: portRange.map(([x, y]) => [Math.min(x, 15), Math.min(y, 15)] as [number, number]),
    ephemeral: fc.constant([8, 12] as [number, number]),
  }),
);

function aclEntry(base: number, egress: boolean) {
  return fc
    .record({
      RuleNumber: fc.integer({ min: 1, max: 200 }),
      RuleAction: fc.constantFrom('allow', 'deny'),
      Protocol: fc.constantFrom('-1', '6', '6', '17'),
      Egress: fc.constant(egress),
      CidrBlock: block(base),
      range: portRange,
    })
    .map(({ range, ...entry }) => ({
      ...entry,
      ...(entry.Protocol === '6' ? { PortRange: { From: range[0], To: range[1] } } : {}),
    }));
}

function permission(base: number) {
  return fc
    .record({
      IpProtocol: fc.constantFrom('-1', 'tcp', '6', 'udp', 'icmp'),
      range: portRange,
      cidrs: fc.array(block(base), { maxLength: 2 }),
      groupPair: fc.boolean(),
    })
    .map(({ IpProtocol, range, cidrs, groupPair }) => ({
      IpProtocol,
      ...(IpProtocol === '-1' ? {} : { FromPort: range[0], ToPort: range[1] }),
      IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
      UserIdGroupPairs: groupPair ? [{ GroupId: 'sg-other' }] : [],
    }));
}

function expandClosed(closed: { ports: string; cidrs: string[] }[]): Set<string> {
  const flows = new Set<string>();
  for (const description of closed) {
    const [from, to = from] = description.ports.split('-').map(Number) as [number, number?];
    for (const cidr of description.cidrs) {
      const [base, bits] = cidr.split('/');
      const start = ip(base as string);
      for (let a = start; a < start + 2 ** (32 - Number(bits)); a += 1) {
        for (let port = from; port <= (to as number); port += 1) flows.add(`${text(a)}:${port}`);
      }
    }
  }
  return flows;
}

describe('reach agrees with the naive per-flow reference', () => {
  it('on thousands of random networks', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        // Prepare
        const { index } = network({
          vpcCidr: c.vpcCidr,
          routes: c.routes.map((r) => ({
            ...(r.destination === 'pl-1'
              ? { DestinationPrefixListId: 'pl-1' }
              : { DestinationCidrBlock: r.destination }),
            ...r.target,
            State: r.active ? 'active' : 'blackhole',
          })),
          prefixLists: [{ PrefixListId: 'pl-1', Entries: c.prefixList.map((Cidr) => ({ Cidr })) }],
          ingress: c.ingress,
          egress: c.egress,
          groups: { 'sg-1': { in: c.permissions } },
        });
        const expected = naive({
          ...c,
          routes: c.routes.map((r) => ({
            ...(r.destination === 'pl-1'
              ? { DestinationPrefixListId: 'pl-1' }
              : { DestinationCidrBlock: r.destination }),
            ...r.target,
            State: r.active ? 'active' : 'blackhole',
          })),
        });
        // Act
        const answer = reach(
          {
            direction: 'inbound',
            sources: c.sources,
            ports: { from: c.ports[0], to: c.ports[1] },
            ephemeral: { from: c.ephemeral[0], to: c.ephemeral[1] },
            subnetId: SUBNET,
            securityGroupIds: ['sg-1'],
          },
          index,
        );
        // Assess
        expect(answer.verdict).toBe(expected.verdict);
        expect([...expandClosed(answer.closed)].sort()).toEqual([...expected.closed].sort());
        const everyAddress = answer.portsClosedForEveryAddress.flatMap((r) =>
          Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i),
        );
        expect(everyAddress).toEqual(expected.everyAddress);
      }),
      { seed: 20261123, numRuns: 3000 },
    );
  });
});
