/**
 * Sets of flows as unions of disjoint boxes: an address range times a port range.
 * IPv4 and IPv6 share one address line (IPv6 sits above 2^32), so a block of one
 * family never meets a block of the other, and every verdict is exact whatever
 * the size of the blocks.
 */
import {
  type Cidr,
  FAMILY_BITS,
  formatAddress,
  parseCidr,
  privateIpv4Blocks,
  rangeToCidrs,
} from '../ip/cidr.js';
import { portRangeText } from '../vocabulary/port-ranges.js';

export interface Box {
  /** First and last address, on the shared line (see `lineOf`). */
  a1: bigint;
  a2: bigint;
  /** First and last port, inclusive. */
  p1: number;
  p2: number;
}

export type FlowSet = readonly Box[];

export interface AddressInterval {
  a1: bigint;
  a2: bigint;
}

const IPV6_BASE = 1n << 32n;

/** The interval a CIDR block occupies on the shared address line. */
export function lineOf(block: Cidr): AddressInterval {
  const offset = block.family === 6 ? IPV6_BASE : 0n;
  return { a1: block.first + offset, a2: block.last + offset };
}

export function box(interval: AddressInterval, p1: number, p2: number): Box {
  return { a1: interval.a1, a2: interval.a2, p1, p2 };
}

function intersectBoxes(x: Box, y: Box): Box | undefined {
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max refuses
  const a1 = x.a1 > y.a1 ? x.a1 : y.a1;
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min refuses
  const a2 = x.a2 < y.a2 ? x.a2 : y.a2;
  const p1 = Math.max(x.p1, y.p1);
  const p2 = Math.min(x.p2, y.p2);
  return a1 <= a2 && p1 <= p2 ? { a1, a2, p1, p2 } : undefined;
}

/** `x` minus `y`, as at most four disjoint boxes. */
function subtractBoxes(x: Box, y: Box): Box[] {
  const overlap = intersectBoxes(x, y);
  if (overlap === undefined) return [x];
  const pieces: Box[] = [];
  if (x.a1 < overlap.a1) pieces.push({ ...x, a2: overlap.a1 - 1n });
  if (overlap.a2 < x.a2) pieces.push({ ...x, a1: overlap.a2 + 1n });
  if (x.p1 < overlap.p1) pieces.push({ a1: overlap.a1, a2: overlap.a2, p1: x.p1, p2: overlap.p1 - 1 });
  if (overlap.p2 < x.p2) pieces.push({ a1: overlap.a1, a2: overlap.a2, p1: overlap.p2 + 1, p2: x.p2 });
  return pieces;
}

export function intersectBox(set: FlowSet, other: Box): Box[] {
  const result: Box[] = [];
  for (const item of set) {
    const overlap = intersectBoxes(item, other);
    if (overlap !== undefined) result.push(overlap);
  }
  return result;
}

export function intersect(set: FlowSet, other: FlowSet): Box[] {
  const result: Box[] = [];
  for (const item of other) result.push(...intersectBox(set, item));
  return result;
}

export function subtractBox(set: FlowSet, other: Box): Box[] {
  const result: Box[] = [];
  for (const item of set) result.push(...subtractBoxes(item, other));
  return result;
}

export function subtract(set: FlowSet, other: FlowSet): Box[] {
  let result: Box[] = [...set];
  for (const item of other) {
    if (result.length === 0) break;
    result = subtractBox(result, item);
  }
  return result;
}

export function union(set: FlowSet, other: FlowSet): Box[] {
  return [...set, ...subtract(other, set)];
}

export function isEmpty(set: FlowSet): boolean {
  return set.length === 0;
}

/** How many (address, port) flows the set holds. */
export function size(set: FlowSet): bigint {
  let total = 0n;
  for (const item of set) total += (item.a2 - item.a1 + 1n) * BigInt(item.p2 - item.p1 + 1);
  return total;
}

function mergeIntervals<T extends { start: bigint; end: bigint }>(
  intervals: T[],
): { start: bigint; end: bigint }[] {
  const sorted = [...intervals].sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const merged: { start: bigint; end: bigint }[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.start <= last.end + 1n) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ start: interval.start, end: interval.end });
    }
  }
  return merged;
}

/** The addresses that have at least one flow in the set, merged. */
export function addressesOf(set: FlowSet): AddressInterval[] {
  return mergeIntervals(set.map((item) => ({ start: item.a1, end: item.a2 }))).map(({ start, end }) => ({
    a1: start,
    a2: end,
  }));
}

/** The ports that have at least one flow in the set, merged. */
export function portsOf(set: FlowSet): { from: number; to: number }[] {
  return mergeIntervals(set.map((item) => ({ start: BigInt(item.p1), end: BigInt(item.p2) }))).map(
    ({ start, end }) => ({
      from: Number(start),
      to: Number(end),
    }),
  );
}

/** Address intervals as CIDR blocks, split at the IPv4/IPv6 border. */
export function intervalsToCidrs(intervals: readonly AddressInterval[]): string[] {
  const blocks: string[] = [];
  for (const { a1, a2 } of intervals) {
    if (a1 < IPV6_BASE) {
      const end = a2 < IPV6_BASE ? a2 : IPV6_BASE - 1n;
      blocks.push(...rangeToCidrs(4, a1, end).map((block) => block.text));
    }
    if (a2 >= IPV6_BASE) {
      const start = a1 >= IPV6_BASE ? a1 : IPV6_BASE;
      blocks.push(...rangeToCidrs(6, start - IPV6_BASE, a2 - IPV6_BASE).map((block) => block.text));
    }
  }
  return blocks;
}

export interface FlowDescription {
  /** `443` or `1024-1064`. */
  ports: string;
  cidrs: string[];
}

/**
 * A canonical, readable form of a set: for each run of ports that share the same
 * addresses, those addresses as merged CIDR blocks. Two equal sets describe alike.
 */
export function describeFlows(set: FlowSet): FlowDescription[] {
  if (set.length === 0) return [];
  const cuts = new Set<number>();
  for (const item of set) {
    cuts.add(item.p1);
    cuts.add(item.p2 + 1);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const segments: { from: number; to: number; key: string; intervals: AddressInterval[] }[] = [];
  for (let index = 0; index < points.length - 1; index += 1) {
    const from = points[index] as number;
    const to = (points[index + 1] as number) - 1;
    const intervals = addressesOf(set.filter((item) => item.p1 <= from && to <= item.p2));
    if (intervals.length === 0) continue;
    const key = intervals.map((interval) => `${interval.a1}-${interval.a2}`).join(',');
    const last = segments[segments.length - 1];
    if (last !== undefined && last.key === key && last.to + 1 === from) last.to = to;
    else segments.push({ from, to, key, intervals });
  }
  return segments.map((segment) => ({
    ports: portRangeText(segment),
    cidrs: intervalsToCidrs(segment.intervals),
  }));
}

const PUBLIC_IPV4_KEY = (() => {
  const all = [{ a1: 0n, a2: IPV6_BASE - 1n }].map((i) => box(i, 0, 0));
  const privateLines = privateIpv4Blocks().map((block) => box(lineOf(block), 0, 0));
  return intervalsToCidrs(addressesOf(subtract(all, privateLines))).join(',');
})();

/** How many blocks an address set is named by before it is said another way. */
const SAID_IN_FULL = 3;

/**
 * An address set as people say it: "any public address" for the IPv4 internet,
 * "10.20.0.0/16 except 10.20.5.0/24" for a block with a few holes, the blocks themselves
 * when there are few, else the first few and how many more.
 */
export function describeAddresses(cidrs: readonly string[]): string {
  if (cidrs.length <= SAID_IN_FULL) return cidrs.join(', ');
  if (cidrs.join(',') === PUBLIC_IPV4_KEY) return 'any public address';
  const blocks = cidrs.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.cidr] : [];
  });
  const family = blocks[0]?.family;
  if (family !== undefined && blocks.length === cidrs.length && blocks.every((b) => b.family === family)) {
    // Bigints: Math.min and Math.max do not take them.
    let first = blocks[0]?.first ?? 0n;
    let last = 0n;
    for (const b of blocks) {
      if (b.first < first) first = b.first;
      if (b.last > last) last = b.last;
    }
    // The smallest block that holds them all, and what it holds besides.
    const bits = FAMILY_BITS[family];
    let prefix = bits;
    while (prefix > 0 && first >> BigInt(bits - prefix) !== last >> BigInt(bits - prefix)) prefix -= 1;
    const start = (first >> BigInt(bits - prefix)) << BigInt(bits - prefix);
    const outer = parseCidr(`${formatAddress(family, start)}/${prefix}`);
    if (outer.ok) {
      const lines = blocks.map((b) => box(lineOf(b), 0, 0));
      const holes = intervalsToCidrs(addressesOf(subtract([box(lineOf(outer.cidr), 0, 0)], lines)));
      if (holes.length > 0 && holes.length <= SAID_IN_FULL)
        return `${outer.cidr.text} except ${holes.join(', ')}`;
    }
  }
  return `${cidrs.slice(0, SAID_IN_FULL).join(', ')} and ${cidrs.length - SAID_IN_FULL} more blocks`;
}

// ---------------------------------------------------------------- address intervals (one port)

/** Whether a block meets any of the intervals: the cheap test before any set is built. */
export function touches(intervals: AddressInterval[], block: Cidr): boolean {
  const { a1, a2 } = lineOf(block);
  return intervals.some((interval) => interval.a1 <= a2 && a1 <= interval.a2);
}

export function withoutAddresses(
  intervals: AddressInterval[],
  removed: AddressInterval[],
): AddressInterval[] {
  if (intervals.length === 0 || removed.length === 0) return intervals;
  return subtract(
    intervals.map((i) => box(i, 0, 0)),
    removed.map((i) => box(i, 0, 0)),
  ).map((b) => ({ a1: b.a1, a2: b.a2 }));
}

export function intervalsIn(intervals: AddressInterval[], block: Cidr): AddressInterval[] {
  return intersectBox(
    intervals.map((i) => box(i, 0, 0)),
    box(lineOf(block), 0, 0),
  ).map((b) => ({ a1: b.a1, a2: b.a2 }));
}

export function intervalsOut(intervals: AddressInterval[], block: Cidr): AddressInterval[] {
  return subtractBox(
    intervals.map((i) => box(i, 0, 0)),
    box(lineOf(block), 0, 0),
  ).map((b) => ({ a1: b.a1, a2: b.a2 }));
}
