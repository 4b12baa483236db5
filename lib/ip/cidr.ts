/**
 * CIDR blocks as integer ranges. Parsing comes from ipaddr.js; the arithmetic is
 * ours and works on bigints so that IPv4 and IPv6 share one code path.
 */
import ipaddr from 'ipaddr.js';
import { isDefect } from '../util/errors.js';

export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** First address of the block. */
  first: bigint;
  /** Last address of the block. */
  last: bigint;
  prefix: number;
  /** Canonical text, for example `10.20.0.0/16`. */
  text: string;
}

export const FAMILY_BITS: Record<Family, number> = { 4: 32, 6: 128 };

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
  }
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((value >> shift) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

function blockOf(family: Family, first: bigint, prefix: number): Cidr {
  const bits = FAMILY_BITS[family];
  const size = 1n << BigInt(bits - prefix);
  return {
    family,
    first,
    last: first + size - 1n,
    prefix,
    text: `${formatAddress(family, first)}/${prefix}`,
  };
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

/**
 * Parses `a.b.c.d/n` or an IPv6 block. Host bits must be zero, as AWS requires;
 * the error names the block the user probably meant.
 */
export function parseCidr(text: string): CidrParse {
  const known = parsedBlocks.get(text);
  if (known !== undefined) return known;
  const parsed = parseCidrUncached(text);
  // Snapshots repeat the same blocks thousands of times; parse each once. Bounded, for long-lived Lambdas.
  if (parsedBlocks.size >= 100_000) parsedBlocks.clear();
  parsedBlocks.set(text, parsed);
  return parsed;
}

const parsedBlocks = new Map<string, CidrParse>();

function parseCidrUncached(text: string): CidrParse {
  if (typeof text !== 'string' || !text.includes('/'))
    return { ok: false, reason: `"${text}" is not a CIDR block` };
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    // ipaddr.parseCIDR tries IPv6 first, which is slow for the IPv4 blocks that make up most snapshots.
    parsed = text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
  } catch (error) {
    // ipaddr.js refuses a malformed block with an Error; a defect is not that.
    if (isDefect(error)) throw error;
    return { ok: false, reason: `"${text}" is not a CIDR block` };
  }
  const [address, prefix] = parsed;
  const family: Family = address.kind() === 'ipv4' ? 4 : 6;
  const bits = FAMILY_BITS[family];
  const value = toBigInt(address.toByteArray());
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  if (first !== value) {
    return {
      ok: false,
      reason: `"${text}" has host bits set (did you mean ${formatAddress(family, first)}/${prefix}?)`,
    };
  }
  return { ok: true, cidr: blockOf(family, first, prefix) };
}

/** Parses a CIDR that came from AWS (always well formed); throws on anything else. */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cidr;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** The smallest list of CIDR blocks that covers exactly `[first, last]`. */
export function rangeToCidrs(family: Family, first: bigint, last: bigint): Cidr[] {
  const bits = FAMILY_BITS[family];
  const blocks: Cidr[] = [];
  let start = first;
  while (start <= last) {
    let hostBits = 0;
    while (hostBits < bits) {
      const size = 1n << BigInt(hostBits + 1);
      if (start % size !== 0n || start + size - 1n > last) break;
      hostBits += 1;
    }
    blocks.push(blockOf(family, start, bits - hostBits));
    start += 1n << BigInt(hostBits);
  }
  return blocks;
}

const PRIVATE_IPV4 = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
].map(cidr);

/** The ranges that cannot be answered over an internet gateway (docs/design/network-semantics.md, hop 1). */
export function privateIpv4Blocks(): readonly Cidr[] {
  return PRIVATE_IPV4;
}
