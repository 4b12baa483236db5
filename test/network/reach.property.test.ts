/**
 * The engine against a deliberately naive reference that checks every (address,
 * port) flow one by one, over random route tables, ACLs and groups in a small
 * address space: same-prefix routes of every origin (static, prefix list, propagated)
 * and target (gateways, transit gateway, NAT, peering, appliance, Gateway Load Balancer
 * endpoint), gateway route tables on the virtual private or internet gateway, and
 * interfaces with or without a public address. Issue 30: the Gateway Load Balancer endpoint
 * is a detour (live or deleted; its subnet's own routes carry the flows on, or not), ingress
 * and answers must go through the same appliance, VPC Block Public Access closes the internet
 * gateway, and the endpoint may be a Network Firewall's with 5-tuple rules in either order.
 * Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegionInventory } from '../../lib/inventory/types.js';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import {
  type AclEntry,
  network,
  type Permission,
  peering,
  type Route,
  SUBNET,
  VPC,
} from '../support/network-fixture.js';

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
  /** The peer VPC's block behind pcx-1, and whether the peering connection is active. */
  peer: { block: string; active: boolean };
  /** A gateway route table (ingress routing) on vgw-1 or igw-1, if any. */
  gatewayTable: { gateway: string; localTarget: string; routes: Route[] } | null;
  publicAddress: boolean | null;
  /** The Gateway Load Balancer endpoint vpce-gwlb: live or deleted, and its own subnet's routes. */
  endpoint: { live: boolean; onward: Route[] };
  /** VPC Block Public Access: the region's mode and an exclusion of the VPC, if any. */
  bpa: { mode: string; exclusion: { mode: string; complete: boolean } | null } | null;
  /** The endpoint is a Network Firewall's, with these stateful rules (stateless: forward all). */
  firewall: { strict: boolean; defaultDrop: boolean; rules: FirewallRule[] } | null;
  prefixList: string[];
  ingress: AclEntry[];
  egress: AclEntry[];
  permissions: Permission[];
  sources: string[];
  ports: [number, number];
  ephemeral: [number, number];
}

interface FirewallRule {
  action: 'PASS' | 'DROP';
  source: string;
  ports: [number, number];
}

/** AWS's route priority at one prefix (VPC User Guide, "Route priority"): static, prefix list, propagated. */
function naiveRank(route: Route, fromList: boolean): number {
  if (fromList) return 1;
  return route.Origin === 'EnableVgwRoutePropagation' ? 2 : 0;
}

/** The route AWS selects for an address: longest prefix, then priority, then the first listed. */
function naiveSelect(routes: Route[], prefixList: string[], address: number): Route | undefined {
  let best: { block: string; route: Route; rank: number } | undefined;
  for (const route of routes) {
    const blocks = route.DestinationCidrBlock
      ? [{ block: route.DestinationCidrBlock, fromList: false }]
      : prefixList.map((block) => ({ block, fromList: true }));
    for (const { block, fromList } of blocks) {
      if (!inBlock(address, block)) continue;
      const rank = naiveRank(route, fromList);
      if (
        best === undefined ||
        prefixOf(block) > prefixOf(best.block) ||
        (prefixOf(block) === prefixOf(best.block) && rank < best.rank)
      )
        best = { block, route, rank };
    }
  }
  return best?.route;
}

/**
 * Ingress routing: every address of the subnet (here the whole VPC block) to local or a live
 * appliance, through the same appliance as the answers (`via`: the endpoint they took).
 */
function naiveGatewayOpen(c: Case, gateway: string, via: string | undefined): boolean {
  const table = c.gatewayTable;
  if (table === null || table.gateway !== gateway) return via === undefined;
  const routes: Route[] = [
    {
      DestinationCidrBlock: c.vpcCidr,
      ...(table.localTarget === 'local' ? { GatewayId: 'local' } : { NetworkInterfaceId: table.localTarget }),
      State: 'active',
    } as Route,
    ...table.routes,
  ];
  const [base, bits] = c.vpcCidr.split('/');
  const start = ip(base as string);
  for (let s = start; s < start + 2 ** (32 - Number(bits)); s += 1) {
    const best = naiveSelect(routes, [], s);
    if (best === undefined || best.State !== 'active') return false;
    if (best.GatewayId === 'vpce-gwlb') {
      if (!c.endpoint.live || via !== 'vpce-gwlb') return false;
    } else if (via !== undefined) return false;
  }
  return true;
}

/** Block Public Access lets traffic in through the internet gateway. */
function naiveInternetAllowed(c: Case): boolean {
  if (c.bpa === null || c.bpa.mode === 'off') return true;
  return c.bpa.exclusion?.complete === true && c.bpa.exclusion.mode === 'allow-bidirectional';
}

/** Where a table's route sends the answers to an address (subnet table, or the endpoint's subnet's). */
function naiveHop(c: Case, routes: Route[], address: number, via: string | undefined): boolean {
  const best = naiveSelect(
    [{ DestinationCidrBlock: c.vpcCidr, GatewayId: 'local', State: 'active' } as Route, ...routes],
    via === undefined ? c.prefixList : [],
    address,
  );
  if (best === undefined || best.State !== 'active') return false;
  const gateway = best.GatewayId ?? '';
  if (gateway === 'local') return true;
  if (gateway === 'vpce-gwlb') {
    // A detour: the endpoint's own subnet carries the answers on (never twice).
    return via === undefined && c.endpoint.live && naiveHop(c, c.endpoint.onward, address, 'vpce-gwlb');
  }
  if (gateway.startsWith('vgw-')) return naiveGatewayOpen(c, gateway, via);
  if (best.TransitGatewayId || best.NetworkInterfaceId) return true;
  if (best.VpcPeeringConnectionId) return c.peer.active && inBlock(address, c.peer.block);
  if (gateway.startsWith('igw-'))
    return (
      c.publicAddress !== false &&
      !PRIVATE.some((block) => inBlock(address, block)) &&
      naiveInternetAllowed(c) &&
      naiveGatewayOpen(c, gateway, via)
    );
  return false;
}

function naiveRouteOpen(c: Case, address: number): boolean {
  return naiveHop(c, c.routes, address, undefined);
}

/** Whether the answers to an address go through the endpoint (its firewall then decides). */
function naiveThroughEndpoint(c: Case, address: number): boolean {
  const best = naiveSelect(
    [{ DestinationCidrBlock: c.vpcCidr, GatewayId: 'local', State: 'active' } as Route, ...c.routes],
    c.prefixList,
    address,
  );
  return best?.State === 'active' && best.GatewayId === 'vpce-gwlb';
}

/** The firewall's stateful rules for a request from `address` to `port`. */
function naiveFirewall(c: Case, address: number, port: number): boolean {
  const firewall = c.firewall;
  if (firewall === null || !naiveThroughEndpoint(c, address)) return true;
  const matches = (rule: FirewallRule) =>
    inBlock(address, rule.source) && port >= rule.ports[0] && port <= rule.ports[1];
  if (firewall.strict) {
    const first = firewall.rules.find(matches);
    return first === undefined ? !firewall.defaultDrop : first.action === 'PASS';
  }
  if (firewall.rules.some((rule) => rule.action === 'PASS' && matches(rule))) return true;
  return !firewall.rules.some((rule) => rule.action === 'DROP' && matches(rule));
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
        naiveFirewall(c, address, port) &&
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

/**
 * A few blocks per case that routes, sources, the peer VPC and gateway routes draw from, so
 * that same-prefix routes and overlapping destinations are common, not one case in thousands.
 */
const withPool = fc.constantFrom(...BASES).chain((base) =>
  fc
    .uniqueArray(
      block(base).filter((b) => b !== '0.0.0.0/0'),
      { minLength: 2, maxLength: 4 },
    )
    .map((pool) => ({ base, pool })),
);
const fromPool = (base: number, pool: string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: block(base) });

const caseArbitrary = withPool
  .chain(({ base, pool }) =>
    fc.record({
      base: fc.constant(base),
      vpcCidr: block(base).filter((b) => b !== '0.0.0.0/0' && prefixOf(b) >= 27),
      // Same-prefix routes of every origin: at most one static and one propagated route per
      // destination (AWS refuses a second static one), propagated only from the virtual private gateway.
      routes: fc.uniqueArray(
        fc.record({
          destination: fc.oneof(
            { weight: 5, arbitrary: fromPool(base, pool) },
            { weight: 1, arbitrary: fc.constant('pl-1') },
          ),
          target: fc.constantFrom<Partial<Route>>(
            { GatewayId: 'vgw-1' },
            { GatewayId: 'vgw-1' },
            { TransitGatewayId: 'tgw-1' },
            { GatewayId: 'igw-1' },
            { NatGatewayId: 'nat-1' },
            { VpcPeeringConnectionId: 'pcx-1' },
            { NetworkInterfaceId: 'eni-1' },
            { GatewayId: 'vpce-gwlb' },
          ),
          propagated: fc.boolean(),
          active: fc.boolean(),
        }),
        {
          maxLength: 7,
          selector: (r) =>
            `${r.destination} ${r.propagated && r.destination !== 'pl-1' && r.target.GatewayId === 'vgw-1'}`,
        },
      ),
      peer: fc.record({
        block: fromPool(base, pool),
        active: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
      }),
      gatewayTable: fc.option(
        fc.record({
          gateway: fc.constantFrom('vgw-1', 'igw-1'),
          localTarget: fc.constantFrom('local', 'eni-fw'),
          routes: fc.uniqueArray(
            fc.record({
              // Parts of the VPC's (and subnet's) own block, where ingress routing sends to an appliance.
              DestinationCidrBlock: fc.oneof(
                fc.constant('sub'),
                fromPool(base, pool).filter((b) => b !== '0.0.0.0/0'),
              ),
              bits: fc.integer({ min: 0, max: 5 }),
              offset: fc.nat(),
              target: fc.constantFrom<Partial<Route>>(
                { NetworkInterfaceId: 'eni-fw' },
                { GatewayId: 'vpce-gwlb' },
              ),
              active: fc.boolean(),
            }),
            { maxLength: 3, selector: (r) => r.DestinationCidrBlock },
          ),
        }),
      ),
      publicAddress: fc.option(fc.boolean()),
      endpoint: fc.record({
        live: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        onward: fc.uniqueArray(
          fc.record({
            DestinationCidrBlock: fc.oneof(fromPool(base, pool), fc.constant('0.0.0.0/0')),
            target: fc.constantFrom<Partial<Route>>(
              { GatewayId: 'vgw-1' },
              { GatewayId: 'igw-1' },
              { NatGatewayId: 'nat-1' },
              { TransitGatewayId: 'tgw-1' },
              { NetworkInterfaceId: 'eni-1' },
              { VpcPeeringConnectionId: 'pcx-1' },
            ),
            active: fc.oneof(
              { weight: 4, arbitrary: fc.constant(true) },
              { weight: 1, arbitrary: fc.constant(false) },
            ),
          }),
          { maxLength: 3, selector: (r) => r.DestinationCidrBlock },
        ),
      }),
      bpa: fc.option(
        fc.record({
          mode: fc.constantFrom('off', 'block-bidirectional', 'block-ingress'),
          exclusion: fc.option(
            fc.record({
              mode: fc.constantFrom('allow-bidirectional', 'allow-egress'),
              complete: fc.boolean(),
            }),
          ),
        }),
      ),
      firewall: fc.option(
        fc.record({
          strict: fc.boolean(),
          defaultDrop: fc.boolean(),
          rules: fc.array(
            fc.record({
              action: fc.constantFrom<'PASS' | 'DROP'>('PASS', 'DROP'),
              source: fromPool(base, pool),
              ports: portRange,
            }),
            { maxLength: 4 },
          ),
        }),
      ),
      prefixList: fc.uniqueArray(fromPool(base, pool), { maxLength: 3 }),
      // Wide open a third of the time, so that what routing alone decides shows in the verdict.
      ingress: fc.oneof(
        {
          weight: 2,
          arbitrary: fc.uniqueArray(aclEntry(base, false), { maxLength: 5, selector: (e) => e.RuleNumber }),
        },
        {
          weight: 1,
          arbitrary: fc.constant<AclEntry[]>([
            { RuleNumber: 100, RuleAction: 'allow', Protocol: '-1', Egress: false, CidrBlock: '0.0.0.0/0' },
          ]),
        },
      ),
      egress: fc.oneof(
        {
          weight: 2,
          arbitrary: fc.uniqueArray(aclEntry(base, true), { maxLength: 5, selector: (e) => e.RuleNumber }),
        },
        {
          weight: 1,
          arbitrary: fc.constant<AclEntry[]>([
            { RuleNumber: 100, RuleAction: 'allow', Protocol: '-1', Egress: true, CidrBlock: '0.0.0.0/0' },
          ]),
        },
      ),
      permissions: fc.oneof(
        { weight: 2, arbitrary: fc.array(permission(base), { maxLength: 5 }) },
        {
          weight: 1,
          arbitrary: fc.constant<Permission[]>([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]),
        },
      ),
      sources: fc.array(
        fromPool(base, pool).filter((b) => b !== '0.0.0.0/0'),
        { minLength: 1, maxLength: 3 },
      ),
      ports: portRange.map(([x, y]) => [Math.min(x, 15), Math.min(y, 15)] as [number, number]),
      ephemeral: fc.constant([8, 12] as [number, number]),
    }),
  )
  .map((c) => ({
    ...c,
    endpoint: {
      live: c.endpoint.live,
      onward: c.endpoint.onward
        .filter((r) => r.DestinationCidrBlock !== c.vpcCidr)
        .map(({ DestinationCidrBlock, target, active }) => ({
          DestinationCidrBlock,
          ...target,
          Origin: 'CreateRoute',
          State: active ? 'active' : 'blackhole',
        })) as Route[],
    },
    // A 'sub' destination is a block inside the VPC's: bits more than its prefix, at some offset.
    gatewayTable:
      c.gatewayTable === null
        ? null
        : {
            ...c.gatewayTable,
            routes: c.gatewayTable.routes.map(({ bits, offset, ...r }) => {
              if (r.DestinationCidrBlock !== 'sub') return r;
              const [vpcBase, vpcBits] = c.vpcCidr.split('/');
              const length = Math.min(32, Number(vpcBits) + bits);
              const count = 2 ** (length - Number(vpcBits));
              const start = ip(vpcBase as string) + (offset % count) * 2 ** (32 - length);
              return { ...r, DestinationCidrBlock: `${text(start)}/${length}` };
            }),
          },
  }));

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
      fc.property(caseArbitrary, (generated) => {
        // Prepare
        const routes: Route[] = generated.routes
          // AWS keeps one route per destination beside the local route: none with the VPC's own block.
          .filter((r) => r.destination !== generated.vpcCidr)
          .map((r) => ({
            ...(r.destination === 'pl-1'
              ? { DestinationPrefixListId: 'pl-1' }
              : { DestinationCidrBlock: r.destination }),
            ...r.target,
            Origin:
              r.propagated && r.destination !== 'pl-1' && r.target.GatewayId === 'vgw-1'
                ? 'EnableVgwRoutePropagation'
                : 'CreateRoute',
            State: r.active ? 'active' : 'blackhole',
          }));
        const gatewayTable =
          generated.gatewayTable === null
            ? null
            : {
                ...generated.gatewayTable,
                routes: generated.gatewayTable.routes
                  .filter((r) => r.DestinationCidrBlock !== generated.vpcCidr)
                  .map((r) => ({
                    DestinationCidrBlock: r.DestinationCidrBlock,
                    ...r.target,
                    Origin: 'CreateRoute',
                    State: r.active ? 'active' : 'blackhole',
                  })),
              };
        const c: Case = { ...generated, routes, gatewayTable };
        const { inventory } = network({
          vpcCidr: c.vpcCidr,
          subnetCidr: c.vpcCidr,
          routes,
          prefixLists: [{ PrefixListId: 'pl-1', Entries: c.prefixList.map((Cidr) => ({ Cidr })) }],
          ingress: c.ingress,
          egress: c.egress,
          groups: { 'sg-1': { in: c.permissions } },
          peerings: [peering('pcx-1', [c.peer.block], c.peer.active ? 'active' : 'deleted')],
          endpoints: [
            {
              VpcEndpointId: 'vpce-gwlb',
              VpcEndpointType: 'GatewayLoadBalancer',
              VpcId: VPC,
              State: c.endpoint.live ? 'available' : 'deleted',
              SubnetIds: ['subnet-gwlb'],
            },
          ],
          extraSubnets: [{ SubnetId: 'subnet-gwlb', VpcId: VPC, CidrBlock: c.vpcCidr }],
          extraTables: [
            {
              RouteTableId: 'rtb-gwlb',
              VpcId: VPC,
              Associations: [{ SubnetId: 'subnet-gwlb' }],
              Routes: [
                {
                  DestinationCidrBlock: c.vpcCidr,
                  GatewayId: 'local',
                  Origin: 'CreateRouteTable',
                  State: 'active',
                },
                ...c.endpoint.onward,
              ],
            },
            ...(gatewayTable === null
              ? []
              : [
                  {
                    RouteTableId: 'rtb-gateway',
                    VpcId: VPC,
                    Associations: [
                      { GatewayId: gatewayTable.gateway, AssociationState: { State: 'associated' } },
                    ],
                    Routes: [
                      {
                        DestinationCidrBlock: c.vpcCidr,
                        ...(gatewayTable.localTarget === 'local'
                          ? { GatewayId: 'local' }
                          : { NetworkInterfaceId: gatewayTable.localTarget }),
                        Origin: 'CreateRouteTable',
                        State: 'active',
                      },
                      ...gatewayTable.routes,
                    ],
                  },
                ]),
          ],
        });
        const index = new NetworkIndex(withInspection(inventory, c));
        const expected = naive(c);
        // Act
        const answer = reach(
          {
            direction: 'inbound',
            sources: c.sources,
            ports: { from: c.ports[0], to: c.ports[1] },
            ephemeral: { from: c.ephemeral[0], to: c.ephemeral[1] },
            subnetId: SUBNET,
            securityGroupIds: ['sg-1'],
            ...(c.publicAddress === null ? {} : { publicAddress: c.publicAddress }),
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
      { seed: 20261208, numRuns: 3000 },
    );
  });
});

const FIREWALL = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall/fw';
const POLICY = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/fw';
const GROUP = 'arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/fw';

/** The case's Block Public Access and firewall, as the snapshot holds them. */
function withInspection(inventory: RegionInventory, c: Case): RegionInventory {
  const ec2 = {
    ...inventory.ec2,
    ...(c.bpa === null
      ? {}
      : {
          VpcBlockPublicAccessOptions: { State: 'update-complete', InternetGatewayBlockMode: c.bpa.mode },
          VpcBlockPublicAccessExclusions:
            c.bpa.exclusion === null
              ? []
              : [
                  {
                    ExclusionId: 'exclusion-1',
                    ResourceArn: `arn:aws:ec2:eu-west-1:123456789012:vpc/${VPC}`,
                    InternetGatewayExclusionMode: c.bpa.exclusion.mode,
                    State: c.bpa.exclusion.complete ? 'create-complete' : 'create-in-progress',
                  },
                ],
        }),
  };
  const firewall = c.firewall;
  if (firewall === null) return { ...inventory, ec2 };
  return {
    ...inventory,
    ec2,
    networkfirewall: {
      Firewalls: [
        {
          Firewall: { FirewallArn: FIREWALL, FirewallName: 'fw', FirewallPolicyArn: POLICY, VpcId: VPC },
          FirewallStatus: {
            SyncStates: {
              a: { Attachment: { SubnetId: 'subnet-gwlb', EndpointId: 'vpce-gwlb', Status: 'READY' } },
            },
          },
        },
      ],
      FirewallPolicies: [
        {
          FirewallPolicyResponse: { FirewallPolicyArn: POLICY },
          FirewallPolicy: {
            StatelessDefaultActions: ['aws:forward_to_sfe'],
            StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
            StatefulRuleGroupReferences: [{ ResourceArn: GROUP, Priority: 1 }],
            ...(firewall.strict
              ? {
                  StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
                  StatefulDefaultActions: firewall.defaultDrop ? ['aws:drop_established'] : [],
                }
              : {}),
          },
        },
      ],
      RuleGroups: [
        {
          RuleGroupResponse: { RuleGroupArn: GROUP, RuleGroupName: 'fw', Type: 'STATEFUL' },
          RuleGroup: {
            RulesSource: {
              StatefulRules: firewall.rules.map((rule) => ({
                Action: rule.action,
                Header: {
                  Protocol: 'TCP',
                  Source: rule.source,
                  SourcePort: 'ANY',
                  Direction: 'FORWARD',
                  Destination: 'ANY',
                  DestinationPort: `${rule.ports[0]}:${rule.ports[1]}`,
                },
                RuleOptions: [{ Keyword: 'sid', Settings: ['1'] }],
              })),
            },
          },
        },
      ],
      // Hand-built items hold the fields the engine reads; the SDK types require more.
    } as unknown as RegionInventory['networkfirewall'],
  };
}
