/** Address sets in evidence and diagrams, said as people say them (issue 20, point 7). */
import { describe, expect, it } from 'vitest';
import { cidr, privateIpv4Blocks } from '../../lib/ip/cidr.js';
import {
  addressesOf,
  box,
  describeAddresses,
  intervalsToCidrs,
  lineOf,
  subtract,
} from '../../lib/network/flow-set.js';

const blocks = (...texts: string[]) => texts;
const minus = (outer: string, ...holes: string[]) =>
  intervalsToCidrs(
    addressesOf(
      subtract(
        [box(lineOf(cidr(outer)), 0, 0)],
        holes.map((h) => box(lineOf(cidr(h)), 0, 0)),
      ),
    ),
  );

describe('describeAddresses', () => {
  it('names a few blocks as they are', () => {
    expect(describeAddresses(blocks('10.20.0.0/16'))).toBe('10.20.0.0/16');
    expect(describeAddresses(blocks('10.20.0.0/16', '172.16.0.0/16'))).toBe('10.20.0.0/16, 172.16.0.0/16');
  });

  it('says "any public address" for the IPv4 internet', () => {
    const internet = minus('0.0.0.0/0', ...privateIpv4Blocks().map((b) => b.text));
    expect(internet.length).toBeGreaterThan(20);
    expect(describeAddresses(internet)).toBe('any public address');
  });

  it('says a block with a hole as "block except hole"', () => {
    const cut = minus('10.20.0.0/16', '10.20.5.0/24');
    expect(cut.length).toBeGreaterThan(3);
    expect(describeAddresses(cut)).toBe('10.20.0.0/16 except 10.20.5.0/24');
  });

  it('counts what it does not name when no shorter form exists', () => {
    const scattered = ['10.1.0.0/24', '10.3.0.0/24', '10.5.0.0/24', '10.7.0.0/24', '10.9.0.0/24'];
    expect(describeAddresses(scattered)).toBe('10.1.0.0/24, 10.3.0.0/24, 10.5.0.0/24 and 2 more blocks');
  });
});
