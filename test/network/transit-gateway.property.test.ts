/**
 * The transit-gateway hops against a naive reference that follows every source address
 * one by one through both transit gateway tables (longest prefix by hand, then the
 * transit gateway's route evaluation order for routes of one prefix — static, then
 * propagated from a VPC, a Direct Connect gateway, a VPN —, blackholes, routes to other
 * attachments), over random tables, with sources that arrive over the VPN or by any
 * connection. Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { inventory, type RouteSpec, TARGET } from '../support/transit-fixture.js';

const ip = (text: string) => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
const inBlock = (address: number, block: string) => {
  const [base, bits] = block.split('/');
  const start = ip(base as string);
  return address >= start && address < start + 2 ** (32 - Number(bits));
};
const prefixOf = (block: string) => Number(block.split('/')[1]);

type Table = RouteSpec[];
const ATTACHMENTS = [
  'tgw-attach-onprem',
  'tgw-attach-dx',
  'tgw-attach-spoke',
  'tgw-attach-other',
  'blackhole',
];
const TYPES: Record<string, string> = {
  'tgw-attach-onprem': 'vpn',
  'tgw-attach-dx': 'direct-connect-gateway',
  'tgw-attach-spoke': 'vpc',
  'tgw-attach-other': 'peering',
};
/** Transit Gateway Guide, "Route evaluation order", for routes of the same prefix. */
const ORDER: Record<string, number> = { vpc: 2, 'direct-connect-gateway': 3, vpn: 5 };
const rank = (route: RouteSpec) => (route[2] === 'propagated' ? (ORDER[TYPES[route[1]] ?? ''] ?? 6) : 0);

/** The target of the route the table selects for one address, or undefined. */
function lookup(table: Table, address: number): string | undefined {
  let best: RouteSpec | undefined;
  for (const route of table)
    if (
      inBlock(address, route[0]) &&
      (best === undefined ||
        prefixOf(route[0]) > prefixOf(best[0]) ||
        (prefixOf(route[0]) === prefixOf(best[0]) && rank(route) < rank(best)))
    )
      best = route;
  return best?.[1];
}

/** Naive: a source address is open when its answer leaves by some attachment (a VPN one when the
 * source arrives over the VPN) and the table of that attachment sends every address of the target
 * subnet (10.50.1.0/24) to the spoke. The VPN and Direct Connect attachments share one table. */
function naiveOpen(spokes: Table, onPremises: Table, address: number, overVpn: boolean): boolean {
  const entering = lookup(spokes, address);
  if (overVpn && entering !== undefined && TYPES[entering] !== 'vpn') return false;
  const tables: Record<string, Table> = {
    'tgw-attach-onprem': onPremises,
    'tgw-attach-dx': onPremises,
    'tgw-attach-spoke': spokes,
    'tgw-attach-other': [],
  };
  const table = entering === undefined ? undefined : tables[entering];
  if (table === undefined) return false;
  for (let a = ip('10.50.1.0'); a <= ip('10.50.1.255'); a += 1)
    if (lookup(table, a) !== 'tgw-attach-spoke') return false;
  return true;
}

const block = (base: string, low: number, high: number) =>
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: low, max: high })).map(([offset, bits]) => {
    const size = 2 ** (32 - bits);
    const start = ip(base) + Math.floor((offset * 64) / size) * size;
    const value = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join('.');
    return `${value}/${bits}`;
  });

/** A route to one of the attachments: static, or propagated from it where AWS propagates (not a peering, not a blackhole). */
const routeTo = (destination: fc.Arbitrary<string>) =>
  fc
    .tuple(
      destination,
      fc.constantFrom(...ATTACHMENTS),
      fc.constantFrom<'static' | 'propagated'>('static', 'propagated'),
    )
    .map(
      ([d, target, origin]): RouteSpec =>
        target === 'blackhole' || target === 'tgw-attach-other' ? [d, target] : [d, target, origin],
    );

// Returns in the 64 source addresses 10.20.0.0/26; routes towards the VPC around 10.50.1.0/24.
const spokesTable = fc.array(routeTo(fc.oneof(block('10.20.0.0', 26, 30), fc.constant('10.20.0.0/16'))), {
  maxLength: 6,
});
const onPremisesTable = fc.array(
  routeTo(fc.constantFrom('10.50.0.0/16', '10.50.1.0/24', '10.50.1.0/25', '10.50.1.128/25', '10.50.0.0/24')),
  { maxLength: 5 },
);

describe('transit gateway hops agree with the naive per-address reference', () => {
  it('on random route tables with blackholes and other attachments', () => {
    fc.assert(
      fc.property(spokesTable, onPremisesTable, fc.boolean(), (spokes, onPremises, overVpn) => {
        // A table holds one static route per destination, and one propagated route per
        // destination and attachment: the evaluation order decides between them.
        const unique = (table: Table) =>
          table.filter(
            (route, i) =>
              table.findIndex(
                (r) =>
                  r[0] === route[0] &&
                  (r[2] ?? 'static') === (route[2] ?? 'static') &&
                  (route[2] !== 'propagated' || r[1] === route[1]),
              ) === i,
          );
        const s = unique(spokes);
        const o = unique(onPremises);
        const answer = reach(
          {
            direction: 'inbound',
            sources: ['10.20.0.0/26'],
            ports: { from: 443, to: 443 },
            subnetId: TARGET,
            securityGroupIds: ['sg-1'],
            ...(overVpn ? { arrivesBy: 'vpn' as const } : {}),
          },
          new NetworkIndex(
            inventory({ spokes: s, onPremises: o, directConnect: true, dxPrefixes: ['10.50.0.0/16'] }),
          ),
        );
        expect(answer.verdict).not.toBe('unknown');
        let open = 0;
        for (let a = 0; a < 64; a += 1) if (naiveOpen(s, o, ip('10.20.0.0') + a, overVpn)) open += 1;
        const expected = open === 64 ? 'open' : open === 0 ? 'blocked' : 'partial';
        expect(answer.verdict, JSON.stringify({ s, o, closed: answer.closed })).toBe(expected);
      }),
      { seed: 20261123, numRuns: 1500 },
    );
  });
});
