/**
 * The transit-gateway hops against a naive reference that follows every source address
 * one by one through both transit gateway tables (longest prefix by hand, blackholes,
 * routes to other attachments), over random tables. Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { inventory, TARGET } from '../support/transit-fixture.js';

const ip = (text: string) => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
const inBlock = (address: number, block: string) => {
  const [base, bits] = block.split('/');
  const start = ip(base as string);
  return address >= start && address < start + 2 ** (32 - Number(bits));
};
const prefixOf = (block: string) => Number(block.split('/')[1]);

type Table = [string, string][];
const ATTACHMENTS = ['tgw-attach-onprem', 'tgw-attach-spoke', 'tgw-attach-other', 'blackhole'];

/** The target of the longest route for one address, or undefined. */
function lookup(table: Table, address: number): string | undefined {
  let best: [string, string] | undefined;
  for (const route of table)
    if (inBlock(address, route[0]) && (best === undefined || prefixOf(route[0]) > prefixOf(best[0])))
      best = route;
  return best?.[1];
}

/** Naive: a source address is open when its answer leaves by some attachment and the table of that
 * attachment sends every address of the target subnet (10.50.1.0/24) to the spoke. */
function naiveOpen(spokes: Table, onPremises: Table, address: number): boolean {
  const entering = lookup(spokes, address);
  const tables: Record<string, Table> = {
    'tgw-attach-onprem': onPremises,
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

// Returns in the 64 source addresses 10.20.0.0/26; routes towards the VPC around 10.50.1.0/24.
const spokesTable = fc.array(
  fc.tuple(
    fc.oneof(block('10.20.0.0', 26, 30), fc.constant('10.20.0.0/16')),
    fc.constantFrom(...ATTACHMENTS),
  ),
  {
    maxLength: 5,
  },
);
const onPremisesTable = fc.array(
  fc.tuple(
    fc.constantFrom('10.50.0.0/16', '10.50.1.0/24', '10.50.1.0/25', '10.50.1.128/25', '10.50.0.0/24'),
    fc.constantFrom(...ATTACHMENTS),
  ),
  { maxLength: 4 },
);

describe('transit gateway hops agree with the naive per-address reference', () => {
  it('on random route tables with blackholes and other attachments', () => {
    fc.assert(
      fc.property(spokesTable, onPremisesTable, (spokes, onPremises) => {
        // Same destination twice would make "longest prefix" ambiguous: keep the first.
        const unique = (table: Table) =>
          table.filter((route, i) => table.findIndex((r) => r[0] === route[0]) === i);
        const s = unique(spokes);
        const o = unique(onPremises);
        const answer = reach(
          {
            direction: 'inbound',
            sources: ['10.20.0.0/26'],
            ports: { from: 443, to: 443 },
            subnetId: TARGET,
            securityGroupIds: ['sg-1'],
          },
          new NetworkIndex(inventory({ spokes: s, onPremises: o })),
        );
        expect(answer.verdict).not.toBe('unknown');
        let open = 0;
        for (let a = 0; a < 64; a += 1) if (naiveOpen(s, o, ip('10.20.0.0') + a)) open += 1;
        const expected = open === 64 ? 'open' : open === 0 ? 'blocked' : 'partial';
        expect(answer.verdict, JSON.stringify({ s, o, closed: answer.closed })).toBe(expected);
      }),
      { seed: 20261123, numRuns: 1500 },
    );
  });
});
