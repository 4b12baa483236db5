/**
 * The engine's vocabulary, defined once: the question asked of a subnet, the hops a path
 * crosses (their names and the labels every output shows), what each hop reports, and the
 * small helpers every hop shares. The hops live in `hops/`, one file each; `reach.ts` runs
 * them in order.
 */
import { type Cidr, parseCidr } from '../ip/cidr.js';
import { type PortRange, portRangeText } from '../vocabulary/port-ranges.js';
import {
  addressesOf,
  box,
  describeAddresses,
  describeFlows,
  type FlowDescription,
  type FlowSet,
  isEmpty,
  size,
} from './flow-set.js';
import { type Known, known, unknown } from './known.js';
import type { NetworkIndex } from './network-index.js';

/**
 * Every hop of a path, with the labels the outputs print: `title` heads a hop in the HTML
 * report's path, `short` names it before what it read in a finding's path ("route rtb-…").
 * Nothing else lists them.
 */
export const HOPS = {
  'gateway-route': { title: 'gateway route table', short: 'gateway route' },
  route: { title: 'route', short: 'route' },
  inspection: { title: 'inspection endpoint subnet route', short: 'inspection route' },
  firewall: { title: 'Network Firewall', short: 'firewall' },
  'nacl-inbound': { title: 'ACL in', short: 'ACL in' },
  'nacl-outbound': { title: 'ACL out (answers)', short: 'ACL out' },
  'security-groups': { title: 'security groups', short: 'groups' },
  'tgw-attachment-az': { title: 'TGW attachment zones', short: 'TGW attachment' },
  'tgw-return-route': { title: 'TGW return route', short: 'TGW return route' },
  'tgw-route': { title: 'TGW route to the VPC', short: 'TGW route' },
  'dx-allowed-prefixes': { title: 'DX allowed prefixes', short: 'DX allowed prefixes' },
} as const satisfies Record<string, { title: string; short: string }>;

export type HopName = keyof typeof HOPS;

/** The hops inside a transit gateway (and the Direct Connect gateway behind it). */
export type TgwHopName = Extract<
  HopName,
  'tgw-route' | 'tgw-return-route' | 'tgw-attachment-az' | 'dx-allowed-prefixes'
>;

export type Verdict = 'open' | 'partial' | 'blocked' | 'unknown';

/**
 * The protocol asked about. TCP and UDP take ports; ICMP takes the ICMP type in the place of
 * the port (8: echo request) and its answer is an echo reply (type 0).
 */
export type Protocol = 'tcp' | 'udp' | 'icmp';
/** The protocol as network ACL entries name it (IANA numbers) and as security group permissions do. */
export const ACL_PROTOCOL: Record<Protocol, string> = { tcp: '6', udp: '17', icmp: '1' };
export const GROUP_PROTOCOL: Record<Protocol, readonly string[]> = {
  tcp: ['tcp', '6'],
  udp: ['udp', '17'],
  icmp: ['icmp', '1'],
};
export const ICMP_TYPES: PortRange = { from: 0, to: 255 };
export const ICMP_ECHO_REPLY: PortRange = { from: 0, to: 0 };
export type HopVerdict = Verdict | 'not-reached';

export type { PortRange } from '../vocabulary/port-ranges.js';

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };
export const DEFAULT_EPHEMERAL: PortRange = { from: 1024, to: 65535 };

/** A permission that the question takes for granted, such as the DRS-managed group that keeps TCP 1500 open. */
export interface AssumedPermission {
  label: string;
  cidrs: string[];
  ports: PortRange;
}

interface QuestionBase {
  subnetId: string;
  securityGroupIds: readonly string[];
  /**
   * The security groups of the interfaces at the other end: the sources' groups for an
   * inbound question (replication servers, DataSync task interfaces), the destinations'
   * for an outbound one. A permission that references one of them (UserIdGroupPairs)
   * admits every flow of the question on its ports; without them references match nothing.
   */
  peerGroupIds?: readonly string[];
  ports: PortRange;
  /** TCP unless said (the rules ask about TCP; `hna reach --protocol` asks about any). */
  protocol?: Protocol;
  ephemeral?: PortRange;
  assumedPermissions?: readonly AssumedPermission[];
  /**
   * Whether the interfaces in the subnet have a public IPv4 address. An internet gateway
   * carries only the traffic of interfaces that have one (VPC User Guide, "Internet
   * gateways"); `false` closes every path through it, unknown leaves an outbound path
   * through it unknown.
   */
  publicAddress?: boolean;
}

export interface InboundQuestion extends QuestionBase {
  direction: 'inbound';
  /** Source networks as CIDR blocks. */
  sources: readonly string[];
  /** Leave the return route unjudged. */
  skipRoute?: boolean;
  /**
   * The kind of connection the sources arrive by. On a transit gateway the answers must
   * leave by an attachment of that kind: answers to a remote cloud reached over a VPN that
   * a Direct Connect route takes away never reach it (docs/design/network-semantics.md).
   */
  arrivesBy?: 'vpn';
}

export interface OutboundQuestion extends QuestionBase {
  direction: 'outbound';
  /** Destinations as CIDR blocks or prefix list ids (`pl-…`). */
  destinations: readonly string[];
  /**
   * The destinations are on the internet: a route to a virtual private gateway or transit
   * gateway leads to the private networks, not there, whatever lies beyond it.
   */
  toInternet?: boolean;
}

export type Question = InboundQuestion | OutboundQuestion;

export interface ClosedPart {
  flows: FlowDescription[];
  /** What closed them: an entry, or the absence of one. */
  by: string;
}

export interface HopReport {
  hop: HopName;
  verdict: HopVerdict;
  table?: string;
  routes?: string[];
  acl?: string;
  groups?: string[];
  /** The entries that let flows through. */
  entries?: string[];
  /** Route hop: the routes among `routes` that are private paths (gateway, transit gateway, appliance, peering). */
  privateRoutes?: string[];
  /** Security groups: the flows that no permission allows. */
  missing?: string;
  /** What the hop assumed, said aloud (a transit gateway the snapshot lacks). */
  notes?: string[];
  closed: ClosedPart[];
  /**
   * What this hop would close by itself, of flows an earlier hop already closed: every
   * problem of the path, not only the first (`hna reach` lists them).
   */
  alsoCloses?: ClosedPart[];
}

export interface ReachAnswer {
  verdict: Verdict;
  subnet: string;
  hops: HopReport[];
  /** Every closed flow, merged: for inbound by source address, for outbound by destination. */
  closed: FlowDescription[];
  /** Ports of the range that are closed for every address asked about. */
  portsClosedForEveryAddress: PortRange[];
  /** Why the answer is unknown: what the snapshot lacks. */
  unknown?: string[];
  /**
   * Present when the only closed flows are answers refused on these ports, all below
   * 32768: outside the ephemeral range of every common client OS, so rules warn
   * instead of failing (docs/design/rules-catalog.md, status mapping).
   */
  lowAnswerPortsOnly?: PortRange[];
}

/** A range as entries are read: every port is `all`. */
export function portsLabel(range: PortRange): string {
  return range.from === ALL_PORTS.from && range.to === ALL_PORTS.to ? 'all' : portRangeText(range);
}

export function flowsLabel(set: FlowSet, direction: 'from' | 'to', protocol: Protocol = 'tcp'): string {
  return describeFlows(set)
    .map(
      (d) =>
        `${protocol === 'icmp' ? 'icmp type' : protocol} ${d.ports} ${direction} ${describeAddresses(d.cidrs)}`,
    )
    .join('; ');
}

/** The same addresses on every port. */
export function everyPort(set: FlowSet): FlowSet {
  return addressesOf(set).map((interval) => box(interval, ALL_PORTS.from, ALL_PORTS.to));
}

export function hopVerdict(input: FlowSet, open: FlowSet): HopVerdict {
  if (isEmpty(input)) return 'not-reached';
  if (isEmpty(open)) return 'blocked';
  return size(open) === size(input) ? 'open' : 'partial';
}

/** A block the snapshot gives as text; one that does not parse makes the answer unknown. */
export function parseBlock(text: string, what: string): Known<Cidr> {
  const parsed = parseCidr(text);
  return parsed.ok ? known(parsed.cidr) : unknown(`${what}: ${parsed.reason}`);
}

/** The blocks of a prefix list; a list that is absent, or whose entries were not collected, makes the answer unknown. */
export function prefixListBlocks(index: NetworkIndex, prefixListId: string): Known<Cidr[]> {
  const list = index.prefixLists.get(prefixListId);
  if (list?.Entries === undefined)
    return unknown(`prefix list ${prefixListId} is referenced but its entries are not in the snapshot`);
  const blocks: Cidr[] = [];
  for (const entry of list.Entries) {
    if (!entry.Cidr) continue;
    const block = parseBlock(entry.Cidr, `prefix list ${prefixListId}`);
    if (!block.known) return block;
    blocks.push(block.value);
  }
  return known(blocks);
}
