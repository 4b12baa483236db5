/**
 * The reachability engine of network-semantics.md: can flows from these networks
 * reach this subnet and its security groups on these TCP ports, and get their
 * answers back (inbound); or can this subnet and its groups reach these
 * destinations (outbound)? Exact for every address and port: the engine works on
 * sets of flows, and each hop reports the entries that decided it.
 */
import type { Ec2NetworkAcl, Ec2RouteTable, Ec2Subnet } from '../inventory/types.js';
import { type Cidr, parseCidr, privateIpv4Blocks } from './cidr.js';
import {
  type AddressInterval,
  addressesOf,
  type Box,
  box,
  describeFlows,
  type FlowDescription,
  type FlowSet,
  intersect,
  intersectBox,
  isEmpty,
  lineOf,
  portsOf,
  size,
  subtract,
  subtractBox,
  union,
} from './flow-set.js';
import type { NetworkIndex } from './network-index.js';
import { type TgwAnswer, type TgwHopName, TgwUnknown, type TransitGatewayIndex } from './transit-gateway.js';

export type Verdict = 'open' | 'partial' | 'blocked' | 'unknown';
export type HopVerdict = Verdict | 'not-reached';

export interface PortRange {
  from: number;
  to: number;
}

const ALL_PORTS: PortRange = { from: 0, to: 65535 };
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
  ephemeral?: PortRange;
  assumedPermissions?: readonly AssumedPermission[];
}

export interface InboundQuestion extends QuestionBase {
  direction: 'inbound';
  /** Source networks as CIDR blocks. */
  sources: readonly string[];
  /** Leave the return route unjudged (traffic that arrives over the internet, as DRS PUBLIC_IP). */
  skipRoute?: boolean;
}

export interface OutboundQuestion extends QuestionBase {
  direction: 'outbound';
  /** Destinations as CIDR blocks or prefix list ids (`pl-…`). */
  destinations: readonly string[];
}

export type Question = InboundQuestion | OutboundQuestion;

export interface ClosedPart {
  flows: FlowDescription[];
  /** What closed them: an entry, or the absence of one. */
  by: string;
}

export interface HopReport {
  hop: 'route' | 'nacl-inbound' | 'nacl-outbound' | 'security-groups' | TgwHopName;
  verdict: HopVerdict;
  table?: string;
  routes?: string[];
  acl?: string;
  groups?: string[];
  /** The entries that let flows through. */
  entries?: string[];
  /** Security groups: the flows that no permission allows. */
  missing?: string;
  /** What the hop assumed, said aloud (a transit gateway the snapshot lacks). */
  notes?: string[];
  closed: ClosedPart[];
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
   * instead of failing (rules-catalog.md, status mapping).
   */
  lowAnswerPortsOnly?: PortRange[];
}

/** Where every common client OS starts its ephemeral ports (Linux 32768, Windows 49152). */
const COMMON_EPHEMERAL_START = 32768;

class UnknownAnswer extends Error {}

function portsLabel(range: PortRange): string {
  return range.from === 0 && range.to === 65535
    ? 'all'
    : range.from === range.to
      ? `${range.from}`
      : `${range.from}-${range.to}`;
}

function flowsLabel(set: FlowSet, direction: 'from' | 'to'): string {
  return describeFlows(set)
    .map((d) => `tcp ${d.ports} ${direction} ${d.cidrs.join(', ')}`)
    .join('; ');
}

function everyPort(set: FlowSet): FlowSet {
  return addressesOf(set).map((interval) => box(interval, ALL_PORTS.from, ALL_PORTS.to));
}

function parseBlock(text: string, what: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new UnknownAnswer(`${what}: ${parsed.reason}`);
  return parsed.cidr;
}

/** The blocks of a prefix list; a list that is absent, or whose entries were not collected, makes the answer unknown. */
function prefixListBlocks(index: NetworkIndex, prefixListId: string): Cidr[] {
  const list = index.prefixLists.get(prefixListId);
  if (list?.Entries === undefined) {
    throw new UnknownAnswer(
      `prefix list ${prefixListId} is referenced but its entries are not in the snapshot`,
    );
  }
  return list.Entries.flatMap((entry) =>
    entry.Cidr ? [parseBlock(entry.Cidr, `prefix list ${prefixListId}`)] : [],
  );
}

// ---------------------------------------------------------------- route hop

type RouteTarget = ReturnType<typeof routeTarget>;

function routeTarget(route: NonNullable<Ec2RouteTable['Routes']>[number]) {
  const gateway = route.GatewayId ?? '';
  if (gateway === 'local') return { kind: 'local' as const, id: 'local' };
  if (gateway.startsWith('vgw-')) return { kind: 'private' as const, id: gateway };
  if (gateway.startsWith('igw-')) return { kind: 'internet' as const, id: gateway };
  if (gateway.startsWith('vpce-')) return { kind: 'endpoint' as const, id: gateway };
  const privateTarget =
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn;
  if (privateTarget !== undefined) return { kind: 'private' as const, id: privateTarget };
  if (route.NatGatewayId !== undefined) return { kind: 'nat' as const, id: route.NatGatewayId };
  return { kind: 'other' as const, id: gateway || route.EgressOnlyInternetGatewayId || 'an unknown target' };
}

interface Candidate {
  interval: AddressInterval;
  prefix: number;
  label: string;
  target: RouteTarget;
  active: boolean;
  fromPrefixList: boolean;
}

const candidateCache = new WeakMap<NetworkIndex, WeakMap<Ec2RouteTable, Candidate[]>>();

/** The table's routes, parsed and sorted once per index: thousands of questions share them. */
function routeCandidates(table: Ec2RouteTable, index: NetworkIndex): Candidate[] {
  let perTable = candidateCache.get(index);
  if (perTable === undefined) {
    perTable = new WeakMap();
    candidateCache.set(index, perTable);
  }
  let candidates = perTable.get(table);
  if (candidates === undefined) {
    candidates = buildRouteCandidates(table, index);
    perTable.set(table, candidates);
  }
  return candidates;
}

function buildRouteCandidates(table: Ec2RouteTable, index: NetworkIndex): Candidate[] {
  const candidates: Candidate[] = [];
  for (const route of table.Routes ?? []) {
    const target = routeTarget(route);
    const active = route.State === undefined || route.State === 'active';
    const destinations: { block: Cidr; label: string; fromPrefixList: boolean }[] = [];
    for (const text of [route.DestinationCidrBlock, route.DestinationIpv6CidrBlock]) {
      if (text)
        destinations.push({
          block: parseBlock(text, `route in ${table.RouteTableId}`),
          label: text,
          fromPrefixList: false,
        });
    }
    if (route.DestinationPrefixListId) {
      for (const block of prefixListBlocks(index, route.DestinationPrefixListId)) {
        destinations.push({
          block,
          label: `${route.DestinationPrefixListId} (${block.text})`,
          fromPrefixList: true,
        });
      }
    }
    if (!route.DestinationCidrBlock && !route.DestinationIpv6CidrBlock && !route.DestinationPrefixListId)
      throw new UnknownAnswer(`a route of ${table.RouteTableId} has no destination in the snapshot`);
    if (target.kind === 'other' && target.id === 'an unknown target' && active)
      throw new UnknownAnswer(
        `the route to ${destinations.map((d) => d.label).join(', ')} in ${table.RouteTableId} has no target in the snapshot`,
      );
    for (const destination of destinations) {
      candidates.push({
        interval: lineOf(destination.block),
        prefix: destination.block.prefix,
        label: `${destination.label} -> ${target.id}${active ? '' : ` (${route.State})`}`,
        target,
        active,
        fromPrefixList: destination.fromPrefixList,
      });
    }
  }
  // Longest prefix first; at equal length a CIDR route before a prefix list entry, as AWS prefers.
  return candidates.sort(
    (x, y) => y.prefix - x.prefix || Number(x.fromPrefixList) - Number(y.fromPrefixList),
  );
}

const PRIVATE_LINES = privateIpv4Blocks().map(lineOf);

function publicPart(interval: AddressInterval): AddressInterval[] {
  let parts: Box[] = [box(interval, 0, 0)];
  for (const line of PRIVATE_LINES) parts = subtractBox(parts, box(line, 0, 0));
  return parts.map((part) => ({ a1: part.a1, a2: part.a2 }));
}

/** Which addresses of `interval` the route lets through, in the given direction. */
function routeOpens(
  candidate: Candidate,
  interval: AddressInterval,
  direction: 'inbound' | 'outbound',
): AddressInterval[] {
  if (!candidate.active) return [];
  switch (candidate.target.kind) {
    case 'local':
    case 'private':
      return [interval];
    case 'internet':
      return publicPart(interval);
    case 'nat':
      // A NAT gateway carries connections out to the internet, never answers back to a client.
      return direction === 'outbound' ? publicPart(interval) : [];
    case 'endpoint':
      return direction === 'outbound' ? [interval] : [];
    default:
      return [];
  }
}

function routeClosure(candidate: Candidate, direction: 'inbound' | 'outbound'): string {
  const route = `route ${candidate.label}`;
  if (!candidate.active) return `${route} is not active`;
  switch (candidate.target.kind) {
    case 'internet':
      return direction === 'inbound'
        ? `${route}: private addresses cannot be answered over an internet gateway`
        : `${route}: private addresses are not reached over an internet gateway`;
    case 'nat':
      return direction === 'inbound'
        ? `${route}: a NAT gateway does not carry answers back to a client`
        : `${route}: a NAT gateway reaches only public addresses`;
    case 'endpoint':
      return `${route}: a gateway endpoint carries only traffic that leaves the VPC`;
    default:
      return `${route}: ${candidate.target.id} is not a path to these addresses`;
  }
}

function routeHop(
  input: FlowSet,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  direction: 'inbound' | 'outbound',
): { open: Box[]; report: HopReport; transit: HopReport[] } {
  const found = index.routeTableOf(subnet);
  if (found === undefined)
    throw new UnknownAnswer(
      index.associationGaps.get(subnet.VpcId) ??
        `no route table is associated with ${subnet.SubnetId} and its VPC has no main table in the snapshot`,
    );
  const { table } = found;
  if (table.Routes === undefined)
    throw new UnknownAnswer(`${table.RouteTableId} has no Routes in the snapshot`);
  const tableLabel = found.main ? `${table.RouteTableId} (main)` : table.RouteTableId;
  let remaining: AddressInterval[] = addressesOf(input);
  let openAddresses: Box[] = [];
  let routeOpenAddresses: Box[] = [];
  const used: string[] = [];
  const closed: ClosedPart[] = [];
  const notes: string[] = [];
  const transit: HopReport[] = [];
  for (const candidate of routeCandidates(table, index)) {
    if (remaining.length === 0) break;
    // Most routes of a large table miss the addresses asked about: skip them before building any set.
    const { a1, a2 } = candidate.interval;
    if (!remaining.some((interval) => interval.a1 <= a2 && a1 <= interval.a2)) continue;
    const decided = intersectBox(
      remaining.map((interval) => box(interval, 0, 0)),
      box(candidate.interval, 0, 0),
    );
    remaining = addressesOf(
      subtractBox(
        remaining.map((interval) => box(interval, 0, 0)),
        box(candidate.interval, 0, 0),
      ),
    );
    const routed = decided.flatMap((part) => routeOpens(candidate, part, direction)).map((i) => box(i, 0, 0));
    let opened = routed;
    const tgw = candidate.target.id;
    if (candidate.active && candidate.target.kind === 'private' && tgw.startsWith('tgw-')) {
      if (index.transitGateways.holds(tgw)) {
        // The flow continues inside the transit gateway, both ways: its own hops decide the addresses.
        const inside = transitHops(input, addressesOf(opened), tgw, subnet, index, direction);
        opened = inside.open;
        transit.push(...inside.reports);
      } else {
        notes.push(`${index.transitGateways.absence(tgw)}: assumed to route privately`);
      }
    }
    // The route hop reports what the route itself closes; what the transit gateway closes is its hops' to say.
    const shut = subtract(decided, routed);
    if (routed.length > 0) {
      routeOpenAddresses = [...routeOpenAddresses, ...routed];
      used.push(candidate.label);
    }
    if (opened.length > 0) openAddresses = [...openAddresses, ...opened];
    if (shut.length > 0) {
      closed.push({
        flows: describeFlows(intersect(input, everyPort(shut))),
        by: routeClosure(candidate, direction),
      });
    }
  }
  if (remaining.length > 0) {
    closed.push({
      flows: describeFlows(intersect(input, everyPort(remaining.map((i) => box(i, 0, 0))))),
      by: `no route in ${tableLabel}`,
    });
  }
  const open = intersect(input, everyPort(openAddresses));
  return {
    open,
    report: {
      hop: 'route',
      verdict: hopVerdict(input, intersect(input, everyPort(routeOpenAddresses))),
      table: tableLabel,
      routes: used,
      closed,
      ...(notes.length > 0 ? { notes: [...new Set(notes)] } : {}),
    },
    transit,
  };
}

/** The hops inside a transit gateway for the addresses a route sends there, as hop reports. */
function transitHops(
  input: FlowSet,
  addresses: AddressInterval[],
  tgw: string,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  direction: 'inbound' | 'outbound',
): { open: Box[]; reports: HopReport[] } {
  let answer: ReturnType<TransitGatewayIndex['inbound']>;
  try {
    answer = index.transitGateways.inbound(tgw, addresses, subnet, index.vpcBlocks.get(subnet.VpcId) ?? []);
  } catch (error) {
    if (error instanceof TgwUnknown) throw new UnknownAnswer(error.message);
    throw error;
  }
  if (direction === 'outbound') answer = asOutbound(answer);
  const reached = intersect(input, everyPort(addresses.map((a) => box(a, 0, 0))));
  const reports: HopReport[] = [];
  let still = reached;
  for (const hop of answer.hops) {
    const closedHere = answer.closed.filter(
      (c) => c.hop === hop.hop && (c.where === undefined || c.where === hop.where),
    );
    const shut = closedHere.map((c) => ({
      flows: describeFlows(intersect(still, everyPort(c.addresses.map((a) => box(a, 0, 0))))),
      by: c.by,
    }));
    const afterHop = subtract(
      still,
      everyPort(closedHere.flatMap((c) => c.addresses.map((a) => box(a, 0, 0)))),
    );
    reports.push({
      hop: hop.hop,
      verdict: hopVerdict(still, afterHop),
      table: hop.where,
      routes: hop.entries,
      closed: shut.filter((part) => part.flows.length > 0),
    });
    still = afterHop;
  }
  // A closure before any hop was read (no attachment at all) still needs its report.
  for (const closure of answer.closed.filter((c) => !answer.hops.some((h) => h.hop === c.hop))) {
    const flows = intersect(still, everyPort(closure.addresses.map((a) => box(a, 0, 0))));
    reports.push({
      hop: closure.hop,
      verdict: hopVerdict(still, subtract(still, flows)),
      closed: [{ flows: describeFlows(flows), by: closure.by }],
    });
    still = subtract(still, flows);
  }
  return { open: answer.open.map((a) => box(a, 0, 0)), reports };
}

/**
 * The same routes seen from a subnet that sends: the VPC attachment's table carries the
 * request (`tgw-route`), the other attachment's table carries the answers back
 * (`tgw-return-route`).
 */
function asOutbound(answer: TgwAnswer): TgwAnswer {
  const swap = (hop: TgwHopName): TgwHopName =>
    hop === 'tgw-route' ? 'tgw-return-route' : hop === 'tgw-return-route' ? 'tgw-route' : hop;
  return {
    open: answer.open,
    closed: answer.closed.map((c) => ({ ...c, hop: swap(c.hop) })),
    hops: answer.hops.map((h) => ({ ...h, hop: swap(h.hop) })),
  };
}

// ---------------------------------------------------------------- network ACL hops

type AclEntry = NonNullable<Ec2NetworkAcl['Entries']>[number];

/** An entry's flows; AWS always returns each of these fields, so a missing one makes the answer unknown. */
function aclEntryBox(entry: AclEntry, acl: Ec2NetworkAcl): Box | undefined {
  const where = `${acl.NetworkAclId} rule ${entry.RuleNumber ?? '(no number)'}`;
  if (entry.Protocol === undefined || entry.RuleNumber === undefined || entry.RuleAction === undefined)
    throw new UnknownAnswer(`${where} lacks its protocol, number or action in the snapshot`);
  if (entry.Protocol !== '-1' && entry.Protocol !== '6') return undefined;
  const text = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (text === undefined) throw new UnknownAnswer(`${where} has no CIDR block in the snapshot`);
  const interval = lineOf(parseBlock(text, where));
  if (entry.Protocol === '-1') return box(interval, ALL_PORTS.from, ALL_PORTS.to);
  if (entry.PortRange?.From === undefined || entry.PortRange.To === undefined)
    throw new UnknownAnswer(`${where} is a TCP entry without its port range in the snapshot`);
  return box(interval, entry.PortRange.From, entry.PortRange.To);
}

function aclEntryLabel(entry: AclEntry): string {
  const protocol =
    entry.Protocol === '-1'
      ? 'all'
      : `tcp ${portsLabel({ from: entry.PortRange?.From ?? 0, to: entry.PortRange?.To ?? 65535 })}`;
  return `${entry.RuleNumber} ${entry.RuleAction} ${entry.CidrBlock ?? entry.Ipv6CidrBlock} ${protocol}`;
}

interface FirstMatch {
  allowed: Box[];
  allowedBy: string[];
  denied: { set: Box[]; entry: AclEntry }[];
  unmatched: Box[];
}

/** ACLs are evaluated in ascending rule number; the first entry that matches a flow decides it. */
const aclCache = new WeakMap<Ec2NetworkAcl, Record<'ingress' | 'egress', { entry: AclEntry; box: Box }[]>>();

/** An ACL's TCP-relevant entries in evaluation order, parsed once. */
function orderedEntries(acl: Ec2NetworkAcl, egress: boolean): { entry: AclEntry; box: Box }[] {
  let cached = aclCache.get(acl);
  if (cached === undefined) {
    const entries = acl.Entries;
    if (entries === undefined) throw new UnknownAnswer(`${acl.NetworkAclId} has no Entries in the snapshot`);
    const undirected = entries.find((entry) => entry.Egress === undefined);
    if (undirected !== undefined)
      throw new UnknownAnswer(
        `${acl.NetworkAclId} rule ${undirected.RuleNumber} has no Egress flag in the snapshot`,
      );
    const side = (wanted: boolean) =>
      entries
        .filter((entry) => entry.Egress === wanted)
        .sort((x, y) => (x.RuleNumber ?? 0) - (y.RuleNumber ?? 0))
        .flatMap((entry) => {
          const entryBox = aclEntryBox(entry, acl);
          return entryBox === undefined ? [] : [{ entry, box: entryBox }];
        });
    cached = { ingress: side(false), egress: side(true) };
    aclCache.set(acl, cached);
  }
  return egress ? cached.egress : cached.ingress;
}

function firstMatch(input: FlowSet, acl: Ec2NetworkAcl, egress: boolean): FirstMatch {
  let remaining: Box[] = [...input];
  const result: FirstMatch = { allowed: [], allowedBy: [], denied: [], unmatched: [] };
  for (const { entry, box: entryBox } of orderedEntries(acl, egress)) {
    if (remaining.length === 0) break;
    const matched = intersectBox(remaining, entryBox);
    if (matched.length === 0) continue;
    remaining = subtractBox(remaining, entryBox);
    if (entry.RuleAction === 'allow') {
      result.allowed.push(...matched);
      result.allowedBy.push(aclEntryLabel(entry));
    } else {
      result.denied.push({ set: matched, entry });
    }
  }
  result.unmatched = remaining;
  return result;
}

function aclOf(subnet: Ec2Subnet, index: NetworkIndex): Ec2NetworkAcl {
  const acl = index.networkAclOf(subnet);
  if (acl === undefined)
    throw new UnknownAnswer(`no network ACL is associated with ${subnet.SubnetId} in the snapshot`);
  return acl;
}

/** The hop that sees the request: ingress entries for inbound questions, egress for outbound. */
function requestAclHop(
  input: FlowSet,
  acl: Ec2NetworkAcl,
  direction: 'inbound' | 'outbound',
  side: 'from' | 'to',
): { open: Box[]; report: HopReport } {
  const egress = direction === 'outbound';
  const match = firstMatch(input, acl, egress);
  const closed: ClosedPart[] = match.denied.map(({ set, entry }) => ({
    flows: describeFlows(set),
    by: `${acl.NetworkAclId} rule ${entry.RuleNumber} (${egress ? 'egress' : 'ingress'}) denies ${flowsLabel(set, side)}`,
  }));
  if (match.unmatched.length > 0) {
    closed.push({
      flows: describeFlows(match.unmatched),
      by: `no ${egress ? 'egress' : 'ingress'} rule of ${acl.NetworkAclId} matches`,
    });
  }
  return {
    open: match.allowed,
    report: {
      hop: egress ? 'nacl-outbound' : 'nacl-inbound',
      verdict: hopVerdict(input, match.allowed),
      acl: acl.NetworkAclId,
      entries: match.allowedBy,
      closed,
    },
  };
}

/**
 * The hop that sees the answers. ACLs are stateless: an answer goes back to the
 * client's ephemeral port, which may be any port of `ephemeral`, so an address
 * passes only if every one of those ports is allowed back to it.
 */
function answerAclHop(
  input: FlowSet,
  acl: Ec2NetworkAcl,
  direction: 'inbound' | 'outbound',
  ephemeral: PortRange,
): { open: Box[]; report: HopReport; refusedPorts: PortRange[] } {
  const egress = direction === 'inbound';
  const answers = addressesOf(input).map((interval) => box(interval, ephemeral.from, ephemeral.to));
  const match = firstMatch(answers, acl, egress);
  const closed: ClosedPart[] = [];
  let refused: Box[] = [];
  for (const { set, entry } of match.denied) {
    const flows = intersect(input, everyPort(set));
    refused = [...refused, ...everyPort(set)];
    closed.push({
      flows: describeFlows(flows),
      by: `answers ${direction === 'inbound' ? 'to' : 'from'} ${describeFlows(everyPort(set))
        .flatMap((d) => d.cidrs)
        .join(', ')} on ports ${describeFlows(set)
        .map((d) => d.ports)
        .join(
          ', ',
        )} are denied by ${acl.NetworkAclId} rule ${entry.RuleNumber} (${egress ? 'egress' : 'ingress'})`,
    });
  }
  if (match.unmatched.length > 0) {
    refused = [...refused, ...everyPort(match.unmatched)];
    closed.push({
      flows: describeFlows(intersect(input, everyPort(match.unmatched))),
      by: `no ${egress ? 'egress' : 'ingress'} rule of ${acl.NetworkAclId} lets answers through on ports ${describeFlows(
        match.unmatched,
      )
        .map((d) => d.ports)
        .join(', ')}`,
    });
  }
  const open = refused.length === 0 ? [...input] : subtract(input, refused);
  return {
    open,
    refusedPorts: portsOf([...match.denied.flatMap((d) => d.set), ...match.unmatched]),
    report: {
      hop: egress ? 'nacl-outbound' : 'nacl-inbound',
      verdict: hopVerdict(input, open),
      acl: acl.NetworkAclId,
      entries: match.allowedBy,
      closed,
    },
  };
}

// ---------------------------------------------------------------- security group hop

interface GroupRules {
  rules: { box: Box; label: string }[];
  /** Permissions that reference another group: they admit members of that group. */
  references: { groupId: string; ports: PortRange; label: string }[];
  /** Permissions whose prefix list could not be read, with the ports they would open. */
  unknown: { ports: PortRange; message: string }[];
}

const groupCache = new WeakMap<NetworkIndex, Map<string, GroupRules>>();

/** A group's TCP permissions in one direction as boxes, parsed once per index. */
function groupRules(groupId: string, direction: 'inbound' | 'outbound', index: NetworkIndex): GroupRules {
  let perIndex = groupCache.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    groupCache.set(index, perIndex);
  }
  const key = `${groupId} ${direction}`;
  const cached = perIndex.get(key);
  if (cached !== undefined) return cached;
  const group = index.groups.get(groupId);
  if (group === undefined) throw new UnknownAnswer(`security group ${groupId} is not in the snapshot`);
  const result: GroupRules = { rules: [], references: [], unknown: [] };
  const permissions = (direction === 'inbound' ? group.IpPermissions : group.IpPermissionsEgress) ?? [];
  for (const permission of permissions) {
    const protocol = permission.IpProtocol;
    if (protocol !== '-1' && protocol !== 'tcp' && protocol !== '6') continue;
    if (protocol !== '-1' && (permission.FromPort === undefined || permission.ToPort === undefined)) {
      // AWS returns both ports for every TCP permission; without them the permission is unknown.
      result.unknown.push({
        ports: ALL_PORTS,
        message: `a TCP permission of ${groupId} has no port range in the snapshot`,
      });
      continue;
    }
    const ports: PortRange =
      protocol === '-1' ? ALL_PORTS : { from: permission.FromPort ?? 0, to: permission.ToPort ?? 65535 };
    const protocolLabel = protocol === '-1' ? 'all' : `tcp ${portsLabel(ports)}`;
    const add = (block: Cidr, label: string) =>
      result.rules.push({
        box: box(lineOf(block), ports.from, ports.to),
        label: `${protocolLabel} {side} ${label}`,
      });
    for (const range of permission.IpRanges ?? [])
      if (range.CidrIp) add(parseBlock(range.CidrIp, groupId), range.CidrIp);
    for (const range of permission.Ipv6Ranges ?? []) {
      if (range.CidrIpv6) add(parseBlock(range.CidrIpv6, groupId), range.CidrIpv6);
    }
    for (const reference of permission.PrefixListIds ?? []) {
      if (!reference.PrefixListId) continue;
      try {
        for (const block of prefixListBlocks(index, reference.PrefixListId))
          add(block, `${reference.PrefixListId} (${block.text})`);
      } catch (error) {
        if (!(error instanceof UnknownAnswer)) throw error;
        result.unknown.push({ ports, message: error.message });
      }
    }
    // UserIdGroupPairs name groups, never addresses: they match only the question's peer groups.
    for (const pair of permission.UserIdGroupPairs ?? []) {
      if (pair.GroupId)
        result.references.push({
          groupId: pair.GroupId,
          ports,
          label: `${protocolLabel} {side} ${pair.GroupId}`,
        });
    }
  }
  perIndex.set(key, result);
  return result;
}

function boundsOf(set: FlowSet): Box | undefined {
  const [first, ...rest] = set;
  if (first === undefined) return undefined;
  const bounds = { ...first };
  for (const item of rest) {
    if (item.a1 < bounds.a1) bounds.a1 = item.a1;
    if (item.a2 > bounds.a2) bounds.a2 = item.a2;
    if (item.p1 < bounds.p1) bounds.p1 = item.p1;
    if (item.p2 > bounds.p2) bounds.p2 = item.p2;
  }
  return bounds;
}

function boxesMeet(x: Box, y: Box): boolean {
  return x.a1 <= y.a2 && y.a1 <= x.a2 && x.p1 <= y.p2 && y.p1 <= x.p2;
}

function securityGroupHop(
  input: FlowSet,
  question: Question,
  index: NetworkIndex,
): { open: Box[]; report: HopReport } {
  const side = question.direction === 'inbound' ? 'from' : 'to';
  let open: Box[] = [];
  const entries: string[] = [];
  const unknownLists: string[] = [];
  for (const assumed of question.assumedPermissions ?? []) {
    const blocks = assumed.cidrs.map((text) => parseBlock(text, assumed.label));
    const allowed = blocks.flatMap((block) =>
      intersectBox(input, box(lineOf(block), assumed.ports.from, assumed.ports.to)),
    );
    if (allowed.length > 0) {
      open = union(open, allowed);
      entries.push(
        `${assumed.label} tcp ${portsLabel(assumed.ports)} ${side} ${assumed.cidrs.join(', ')} (assumed)`,
      );
    }
  }
  const bounds = boundsOf(input);
  const peers = new Set(question.peerGroupIds ?? []);
  for (const groupId of question.securityGroupIds) {
    const rules = groupRules(groupId, question.direction, index);
    for (const reference of rules.references) {
      if (!peers.has(reference.groupId) || bounds === undefined) continue;
      const allowed = input.flatMap((flow) =>
        intersectBox([flow], box({ a1: flow.a1, a2: flow.a2 }, reference.ports.from, reference.ports.to)),
      );
      if (allowed.length === 0) continue;
      const added = subtract(allowed, open);
      if (added.length > 0) open = [...open, ...added];
      entries.push(`${groupId} ${reference.label.replace('{side}', side)} (peer group)`);
    }
    for (const unknown of rules.unknown) {
      if (bounds !== undefined && unknown.ports.from <= bounds.p2 && bounds.p1 <= unknown.ports.to)
        unknownLists.push(unknown.message);
    }
    for (const rule of rules.rules) {
      if (bounds === undefined || !boxesMeet(rule.box, bounds)) continue;
      const allowed = intersectBox(input, rule.box);
      if (allowed.length === 0) continue;
      const added = subtract(allowed, open);
      if (added.length > 0) open = [...open, ...added];
      entries.push(`${groupId} ${rule.label.replace('{side}', side)}`);
    }
  }
  const missingSet = subtract(input, open);
  // An unreadable prefix list matters only if some flow is still closed: it might open it.
  if (unknownLists.length > 0 && missingSet.length > 0) throw new UnknownAnswer(unknownLists[0] as string);
  const groupsLabel = question.securityGroupIds.join(', ') || '(no groups)';
  const report: HopReport = {
    hop: 'security-groups',
    verdict: hopVerdict(input, open),
    groups: [...question.securityGroupIds],
    entries: [...new Set(entries)],
    closed:
      missingSet.length === 0
        ? []
        : [
            {
              flows: describeFlows(missingSet),
              by: `no permission of ${groupsLabel} allows ${flowsLabel(missingSet, side)}`,
            },
          ],
  };
  if (missingSet.length > 0) report.missing = flowsLabel(missingSet, side);
  return { open, report };
}

// ---------------------------------------------------------------- the question

function hopVerdict(input: FlowSet, open: FlowSet): HopVerdict {
  if (isEmpty(input)) return 'not-reached';
  if (isEmpty(open)) return 'blocked';
  return size(open) === size(input) ? 'open' : 'partial';
}

function questionSpace(question: Question, index: NetworkIndex): Box[] {
  const { from, to } = question.ports;
  if (question.direction === 'inbound') {
    return unionAll(question.sources.map((text) => [box(lineOf(parseBlock(text, 'source')), from, to)]));
  }
  return unionAll(
    question.destinations.map((text) =>
      text.startsWith('pl-')
        ? prefixListBlocks(index, text).map((block) => box(lineOf(block), from, to))
        : [box(lineOf(parseBlock(text, 'destination')), from, to)],
    ),
  );
}

function unionAll(sets: Box[][]): Box[] {
  let result: Box[] = [];
  for (const set of sets) result = union(result, set);
  return result;
}

function unknownAnswer(subnetId: string, reason: string, hops: HopReport[] = []): ReachAnswer {
  return {
    verdict: 'unknown',
    subnet: subnetId,
    hops,
    closed: [],
    portsClosedForEveryAddress: [],
    unknown: [reason],
  };
}

/** Answers one question about one subnet. */
export function reach(question: Question, index: NetworkIndex): ReachAnswer {
  const subnet = index.subnets.get(question.subnetId);
  if (subnet === undefined)
    return unknownAnswer(question.subnetId, `subnet ${question.subnetId} is not in the snapshot`);
  const hops: HopReport[] = [];
  try {
    const space = questionSpace(question, index);
    const ephemeral = question.ephemeral ?? DEFAULT_EPHEMERAL;
    let flows: Box[] = space;
    if (!(question.direction === 'inbound' && question.skipRoute)) {
      const route = routeHop(flows, subnet, index, question.direction);
      hops.push(route.report, ...route.transit);
      flows = route.open;
    }
    const acl = aclOf(subnet, index);
    const side = question.direction === 'inbound' ? 'from' : 'to';
    const request = requestAclHop(flows, acl, question.direction, side);
    hops.push(request.report);
    flows = request.open;
    const afterRequest = flows;
    const answers = answerAclHop(flows, acl, question.direction, ephemeral);
    hops.push(answers.report);
    flows = answers.open;
    const groups = securityGroupHop(flows, question, index);
    hops.push(groups.report);
    flows = groups.open;
    const closedSet = subtract(space, flows);
    const lowAnswerPortsOnly = onlyLowAnswerPortsClosed(
      space,
      afterRequest,
      answers.refusedPorts,
      acl,
      question,
      ephemeral,
      index,
    );
    const openPorts = portsOf(flows);
    const portsClosed = subtract(
      [box({ a1: 0n, a2: 0n }, question.ports.from, question.ports.to)],
      openPorts.map((range) => box({ a1: 0n, a2: 0n }, range.from, range.to)),
    ).map((part) => ({ from: part.p1, to: part.p2 }));
    const verdict: Verdict = isEmpty(flows) ? 'blocked' : isEmpty(closedSet) ? 'open' : 'partial';
    return {
      verdict,
      subnet: subnet.SubnetId,
      hops,
      closed: describeFlows(closedSet),
      portsClosedForEveryAddress: isEmpty(space) ? [] : portsClosed.sort((x, y) => x.from - y.from),
      ...(lowAnswerPortsOnly === undefined ? {} : { lowAnswerPortsOnly }),
    };
  } catch (error) {
    if (error instanceof UnknownAnswer) return unknownAnswer(subnet.SubnetId, error.message, hops);
    throw error;
  }
}

/**
 * The refused answer ports when they are all below 32768 and nothing else closes a
 * flow: the same question with answers only on 32768 and up is then open.
 */
function onlyLowAnswerPortsClosed(
  space: Box[],
  afterRequest: Box[],
  refusedPorts: PortRange[],
  acl: Ec2NetworkAcl,
  question: Question,
  ephemeral: PortRange,
  index: NetworkIndex,
): PortRange[] | undefined {
  if (refusedPorts.length === 0 || refusedPorts.some((range) => range.to >= COMMON_EPHEMERAL_START))
    return undefined;
  if (!isEmpty(subtract(space, afterRequest))) return undefined;
  const common = { from: Math.max(ephemeral.from, COMMON_EPHEMERAL_START), to: ephemeral.to };
  if (common.from > common.to) return undefined;
  const answers = answerAclHop(afterRequest, acl, question.direction, common);
  const groups = securityGroupHop(answers.open, question, index);
  return isEmpty(subtract(space, groups.open)) ? refusedPorts : undefined;
}

export interface EndpointAnswer {
  verdict: Verdict;
  endpoint: string;
  subnets: ReachAnswer[];
  unknown?: string[];
}

/**
 * A VPC endpoint is the set of its subnets, each with the endpoint's groups; it is
 * open only if every subnet is open, blocked only if every one is blocked.
 */
export function reachEndpoint(
  question: Omit<InboundQuestion, 'subnetId' | 'securityGroupIds'>,
  endpointId: string,
  index: NetworkIndex,
  /** Only these subnets of the endpoint: the interface a client was given (a DataSync agent's address). */
  onlySubnets?: readonly string[],
): EndpointAnswer {
  const endpoint = index.endpoints.get(endpointId);
  if (endpoint === undefined) {
    return {
      verdict: 'unknown',
      endpoint: endpointId,
      subnets: [],
      unknown: [`VPC endpoint ${endpointId} is not in the snapshot`],
    };
  }
  const subnetIds = (endpoint.SubnetIds ?? []).filter(
    (id) => onlySubnets === undefined || onlySubnets.includes(id),
  );
  if (subnetIds.length === 0) {
    return {
      verdict: 'unknown',
      endpoint: endpointId,
      subnets: [],
      unknown: [
        `VPC endpoint ${endpointId} has no subnets (a ${endpoint.VpcEndpointType ?? 'non-interface'} endpoint cannot be reached from outside its VPC)`,
      ],
    };
  }
  const securityGroupIds = (endpoint.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : []));
  const subnets = subnetIds.map((subnetId) => reach({ ...question, subnetId, securityGroupIds }, index));
  const verdicts = new Set(subnets.map((answer) => answer.verdict));
  const verdict: Verdict = verdicts.has('unknown')
    ? 'unknown'
    : verdicts.size === 1
      ? (subnets[0]?.verdict ?? 'unknown')
      : 'partial';
  const unknown = subnets.flatMap((answer) => answer.unknown ?? []);
  return { verdict, endpoint: endpointId, subnets, ...(unknown.length > 0 ? { unknown } : {}) };
}

/**
 * Only hop 1: how the subnet's route table answers these sources (for rules about routing
 * alone). Through a transit gateway the snapshot holds, its tables' closures count as the
 * route's own: a route into a hub that drops the answers is no route.
 */
export function returnRoute(
  sources: readonly string[],
  subnetId: string,
  index: NetworkIndex,
): HopReport | { unknown: string } {
  const answer = routeAndTransit(sources, subnetId, index);
  if ('unknown' in answer) return answer;
  const { route, transit } = answer;
  if (transit.length === 0) return route;
  // Into a transit gateway the snapshot holds: what its tables close is closed for the route too.
  const verdicts = [route.verdict, ...transit.map((hop) => hop.verdict)];
  const verdict = verdicts.some((v) => v === 'blocked' || v === 'not-reached')
    ? 'blocked'
    : verdicts.some((v) => v === 'partial')
      ? 'partial'
      : route.verdict;
  return { ...route, verdict, closed: [...route.closed, ...transit.flatMap((hop) => hop.closed)] };
}

/**
 * The route hop for these addresses from a subnet, and the hops inside a transit gateway
 * the snapshot holds that the route leads into (the answers' table, then the entering
 * attachment's): what a rule needs to say a network is routed through a VPN on a hub.
 */
export function routeAndTransit(
  sources: readonly string[],
  subnetId: string,
  index: NetworkIndex,
): { route: HopReport; transit: HopReport[] } | { unknown: string } {
  const subnet = index.subnets.get(subnetId);
  if (subnet === undefined) return { unknown: `subnet ${subnetId} is not in the snapshot` };
  try {
    const space = unionAll(sources.map((text) => [box(lineOf(parseBlock(text, 'source')), 0, 0)]));
    const { report, transit } = routeHop(space, subnet, index, 'inbound');
    return { route: report, transit };
  } catch (error) {
    if (error instanceof UnknownAnswer) return { unknown: error.message };
    throw error;
  }
}
