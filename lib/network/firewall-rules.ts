/**
 * AWS Network Firewall's rules as the engine reads them (Network Firewall Developer Guide,
 * "Stateless rule groups", "Stateful rule groups", "Evaluation order"), turned into sets of
 * flows: each rule matches a region of (client address, server port) for the request, or of
 * the same coordinates for the answers (the server's port as their source port). What the
 * engine cannot read — a Suricata rule string, a domain list, a keyword beyond the 5-tuple, a
 * rule that matches only part of the subnet or of the client's ephemeral ports — is a
 * `Known` gap naming its rule group, never a match or a miss.
 */
import type { Cidr } from '../ip/cidr.js';
import { type AddressInterval, type Box, box, intersect, lineOf, size, union } from './flow-set.js';
import { type Known, known, unknown } from './known.js';
import { type PortRange, type Protocol, parseBlock } from './question.js';

/** The fixed side of the flows: the subnet's block, and the client's ephemeral ports. */
export interface FlowFrame {
  protocol: Protocol;
  /** The subnet asked about: the server of an inbound question, the client of an outbound one. */
  subnetBlock: AddressInterval;
  /** The client's ephemeral ports (the request's source port, the answers' destination port). */
  ephemeral: PortRange;
  /** Inbound: the flows' addresses are the clients; outbound: they are the servers. */
  direction: 'inbound' | 'outbound';
}

const ALL: PortRange = { from: 0, to: 65535 };
const LINE: AddressInterval = { a1: 0n, a2: (1n << 32n) + (1n << 128n) };

type Coverage = 'all' | 'none' | 'partial';

/** The boxes made disjoint: a rule may list overlapping blocks or ports. */
function disjoint(boxes: readonly Box[]): Box[] {
  return boxes.reduce<Box[]>((all, one) => union(all, [one]), []);
}

function coverage(sets: readonly AddressInterval[], target: AddressInterval): Coverage {
  const on = (intervals: readonly AddressInterval[]) => intervals.map((i) => box(i, 0, 0));
  const covered = size(intersect(on([target]), disjoint(on(sets))));
  if (covered === 0n) return 'none';
  return covered >= target.a2 - target.a1 + 1n ? 'all' : 'partial';
}

function portCoverage(ranges: readonly PortRange[], target: PortRange): Coverage {
  const on = (list: readonly PortRange[]) => list.map((r) => box({ a1: 0n, a2: 0n }, r.from, r.to));
  const covered = size(intersect(on([target]), disjoint(on(ranges))));
  if (covered === 0n) return 'none';
  return covered >= BigInt(target.to - target.from + 1) ? 'all' : 'partial';
}

/** One rule's match, side by side: addresses and ports of the rule's source and destination. */
export interface Match {
  sources: AddressInterval[];
  destinations: AddressInterval[];
  sourcePorts: PortRange[];
  destinationPorts: PortRange[];
}

/**
 * The region of (flow address, server port) a match covers, for the request (client → server)
 * or the answers (server → client), or what cannot be told.
 */
export function regionOf(
  match: Match,
  frame: FlowFrame,
  leg: 'request' | 'answer',
  where: string,
): Known<Box[]> {
  // The request goes from the client's ephemeral port to the server's; the answers back.
  const client =
    leg === 'request'
      ? { addresses: match.sources, ports: match.sourcePorts }
      : { addresses: match.destinations, ports: match.destinationPorts };
  const server =
    leg === 'request'
      ? { addresses: match.destinations, ports: match.destinationPorts }
      : { addresses: match.sources, ports: match.sourcePorts };
  const [flowSide, subnetSide] = frame.direction === 'inbound' ? [client, server] : [server, client];
  const subnet = coverage(subnetSide.addresses, frame.subnetBlock);
  if (subnet === 'none') return known([]);
  if (subnet === 'partial') return unknown(`${where} matches only part of the subnet's addresses`);
  const ephemeral = portCoverage(client.ports, frame.ephemeral);
  if (ephemeral === 'none') return known([]);
  if (ephemeral === 'partial') return unknown(`${where} matches only part of the client's ephemeral ports`);
  const boxes: Box[] = [];
  for (const address of flowSide.addresses)
    for (const ports of server.ports) boxes.push(box(address, ports.from, ports.to));
  return known(disjoint(boxes));
}

function blocks(texts: readonly string[], where: string): Known<AddressInterval[]> {
  const found: AddressInterval[] = [];
  for (const text of texts) {
    const parsed = parseBlock(text, where);
    if (!parsed.known) return parsed;
    found.push(lineOf(parsed.value as Cidr));
  }
  return known(found);
}

// ---- stateless rules (MatchAttributes)

interface StatelessAttributes {
  Sources?: { AddressDefinition?: string }[];
  Destinations?: { AddressDefinition?: string }[];
  SourcePorts?: { FromPort?: number; ToPort?: number }[];
  DestinationPorts?: { FromPort?: number; ToPort?: number }[];
  Protocols?: number[];
  TCPFlags?: unknown[];
}

const PROTOCOL_NUMBER: Record<Protocol, number> = { tcp: 6, udp: 17, icmp: 1 };

/** A stateless rule's match for this protocol: undefined when it names other protocols only. */
export function statelessMatch(
  attributes: StatelessAttributes | undefined,
  protocol: Protocol,
  where: string,
): Known<Match | undefined> {
  const a = attributes ?? {};
  if (a.Protocols !== undefined && a.Protocols.length > 0 && !a.Protocols.includes(PROTOCOL_NUMBER[protocol]))
    return known(undefined);
  if ((a.TCPFlags ?? []).length > 0)
    return unknown(`${where} matches TCP flags, which the engine does not follow`);
  const addresses = (list: { AddressDefinition?: string }[] | undefined) =>
    list === undefined || list.length === 0
      ? known([LINE])
      : blocks(
          list.map((x) => x.AddressDefinition ?? ''),
          where,
        );
  const ports = (list: { FromPort?: number; ToPort?: number }[] | undefined) =>
    list === undefined || list.length === 0
      ? [ALL]
      : list.map((p) => ({ from: p.FromPort ?? 0, to: p.ToPort ?? p.FromPort ?? 65535 }));
  const sources = addresses(a.Sources);
  if (!sources.known) return sources;
  const destinations = addresses(a.Destinations);
  if (!destinations.known) return destinations;
  return known({
    sources: sources.value,
    destinations: destinations.value,
    sourcePorts: ports(a.SourcePorts),
    destinationPorts: ports(a.DestinationPorts),
  });
}

// ---- stateful 5-tuple rules (Header)

/** Suricata keywords that only name or describe a rule; any other makes it unreadable here. */
const DESCRIPTIVE_KEYWORDS = new Set(['sid', 'rev', 'msg', 'metadata', 'classtype', 'gid', 'priority']);

interface Header {
  Protocol?: string;
  Source?: string;
  SourcePort?: string;
  Direction?: string;
  Destination?: string;
  DestinationPort?: string;
}

function headerAddresses(
  text: string | undefined,
  variables: Map<string, string[]>,
  where: string,
): Known<AddressInterval[]> {
  const value = (text ?? '').trim();
  if (value === '' || value.toUpperCase() === 'ANY') return known([LINE]);
  if (value.includes('!')) return unknown(`${where} negates an address (${value})`);
  const items = value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((x) => x.trim());
  const texts: string[] = [];
  for (const item of items) {
    if (item.startsWith('$')) {
      const defined = variables.get(item.slice(1));
      if (defined === undefined)
        return unknown(`${where} uses the variable ${item}, whose value is not in the snapshot`);
      texts.push(...defined);
    } else texts.push(item);
  }
  return blocks(texts, where);
}

function headerPorts(text: string | undefined, where: string): Known<PortRange[]> {
  const value = (text ?? '').trim();
  if (value === '' || value.toUpperCase() === 'ANY') return known([ALL]);
  if (value.includes('!') || value.includes('$'))
    return unknown(`${where} uses a port expression (${value})`);
  const ranges: PortRange[] = [];
  for (const item of value.replace(/^\[|\]$/g, '').split(',')) {
    const match = /^(\d*):?(\d*)$/.exec(item.trim());
    if (match === null) return unknown(`${where} has a port the engine does not read (${item})`);
    const single = !item.includes(':');
    const from = match[1] === '' ? 0 : Number(match[1]);
    const to = single ? from : match[2] === '' ? 65535 : Number(match[2]);
    ranges.push({ from, to });
  }
  return known(ranges);
}

/** A stateful rule's matches (two for Direction ANY), or none when it is for another protocol. */
export function statefulMatches(
  rule: { Header?: Header; RuleOptions?: { Keyword?: string }[] },
  protocol: Protocol,
  variables: Map<string, string[]>,
  where: string,
): Known<Match[]> {
  const header = rule.Header ?? {};
  const proto = (header.Protocol ?? '').toUpperCase();
  if (proto !== 'IP' && proto !== protocol.toUpperCase()) {
    if (['TCP', 'UDP', 'ICMP'].includes(proto)) return known([]);
    return unknown(
      `${where} matches the application protocol ${header.Protocol ?? '(none)'}, which the engine does not follow`,
    );
  }
  const keyword = (rule.RuleOptions ?? []).find(
    (o) => !DESCRIPTIVE_KEYWORDS.has((o.Keyword ?? '').toLowerCase()),
  );
  if (keyword !== undefined)
    return unknown(`${where} uses the Suricata keyword ${keyword.Keyword}, beyond the 5-tuple`);
  const sources = headerAddresses(header.Source, variables, where);
  if (!sources.known) return sources;
  const destinations = headerAddresses(header.Destination, variables, where);
  if (!destinations.known) return destinations;
  const sourcePorts = headerPorts(header.SourcePort, where);
  if (!sourcePorts.known) return sourcePorts;
  const destinationPorts = headerPorts(header.DestinationPort, where);
  if (!destinationPorts.known) return destinationPorts;
  const forward: Match = {
    sources: sources.value,
    destinations: destinations.value,
    sourcePorts: sourcePorts.value,
    destinationPorts: destinationPorts.value,
  };
  if ((header.Direction ?? 'FORWARD').toUpperCase() !== 'ANY') return known([forward]);
  return known([
    forward,
    {
      sources: destinations.value,
      destinations: sources.value,
      sourcePorts: destinationPorts.value,
      destinationPorts: sourcePorts.value,
    },
  ]);
}
