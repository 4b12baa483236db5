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
  describeAddresses,
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

/**
 * The protocol asked about. TCP and UDP take ports; ICMP takes the ICMP type in the place of
 * the port (8: echo request) and its answer is an echo reply (type 0).
 */
export type Protocol = 'tcp' | 'udp' | 'icmp';
/** The protocol as network ACL entries name it (IANA numbers) and as security group permissions do. */
const ACL_PROTOCOL: Record<Protocol, string> = { tcp: '6', udp: '17', icmp: '1' };
const GROUP_PROTOCOL: Record<Protocol, readonly string[]> = {
  tcp: ['tcp', '6'],
  udp: ['udp', '17'],
  icmp: ['icmp', '1'],
};
const ICMP_TYPES: PortRange = { from: 0, to: 255 };
const ICMP_ECHO_REPLY: PortRange = { from: 0, to: 0 };
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
   * a Direct Connect route takes away never reach it (network-semantics.md).
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
  hop: 'gateway-route' | 'route' | 'nacl-inbound' | 'nacl-outbound' | 'security-groups' | TgwHopName;
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

function flowsLabel(set: FlowSet, direction: 'from' | 'to', protocol: Protocol = 'tcp'): string {
  return describeFlows(set)
    .map(
      (d) =>
        `${protocol === 'icmp' ? 'icmp type' : protocol} ${d.ports} ${direction} ${describeAddresses(d.cidrs)}`,
    )
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

/**
 * What a route leads to. `unknown` says why its meaning cannot be told from the snapshot
 * (a peering connection or endpoint that is not in it): the answer is then unknown, but
 * only for the addresses the route decides.
 */
interface RouteTarget {
  kind: 'local' | 'private' | 'peering' | 'internet' | 'nat' | 'endpoint' | 'other';
  id: string;
  unknown?: string;
  /** A peering connection: the peer VPC's blocks, the only addresses it carries. */
  peerBlocks?: AddressInterval[];
  peerLabel?: string;
  /** A peering connection that is not active. */
  peerState?: string;
}

type Ec2Route = NonNullable<Ec2RouteTable['Routes']>[number];

function routeTarget(route: Ec2Route, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const gateway = route.GatewayId ?? '';
  if (gateway === 'local') return { kind: 'local', id: 'local' };
  if (gateway.startsWith('vgw-')) return { kind: 'private', id: gateway };
  if (gateway.startsWith('igw-')) return { kind: 'internet', id: gateway };
  if (gateway.startsWith('vpce-')) return endpointTarget(gateway, route, table, index);
  if (route.VpcPeeringConnectionId !== undefined)
    return peeringTarget(route.VpcPeeringConnectionId, table, index);
  const privateTarget =
    route.TransitGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn;
  if (privateTarget !== undefined) return { kind: 'private', id: privateTarget };
  if (route.NatGatewayId !== undefined) return { kind: 'nat', id: route.NatGatewayId };
  return { kind: 'other', id: gateway || route.EgressOnlyInternetGatewayId || 'an unknown target' };
}

/**
 * A route to a VPC endpoint: a Gateway Load Balancer endpoint is an inspection appliance,
 * a private next hop; a gateway endpoint (S3, DynamoDB) carries only traffic that leaves
 * the VPC for its service. AWS routes a gateway endpoint only by its service's prefix list.
 */
function endpointTarget(id: string, route: Ec2Route, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const type =
    index.endpoints.get(id)?.VpcEndpointType ?? (route.DestinationPrefixListId ? 'Gateway' : undefined);
  if (type === 'GatewayLoadBalancer') return { kind: 'private', id };
  if (type === 'Gateway') return { kind: 'endpoint', id };
  if (type === undefined)
    return {
      kind: 'other',
      id,
      unknown: `${id}, the target of a route in ${table.RouteTableId}, is not in the snapshot (is it a Gateway Load Balancer endpoint?)`,
    };
  return { kind: 'other', id };
}

/** A peering connection carries traffic to and from the peer VPC's blocks only (no edge-to-edge routing). */
function peeringTarget(id: string, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const peering = index.peerings.get(id);
  if (peering === undefined)
    return {
      kind: 'peering',
      id,
      unknown: index.collected.peerings
        ? `peering connection ${id}, the target of a route in ${table.RouteTableId}, is not in the snapshot`
        : `ec2.VpcPeeringConnections is not in the snapshot: which addresses ${id} serves is unknown`,
    };
  const peer =
    peering.RequesterVpcInfo?.VpcId === table.VpcId ? peering.AccepterVpcInfo : peering.RequesterVpcInfo;
  const texts = [
    ...new Set([
      ...(peer?.CidrBlockSet ?? []).flatMap((b) => (b.CidrBlock ? [b.CidrBlock] : [])),
      ...(peer?.CidrBlock ? [peer.CidrBlock] : []),
      ...(peer?.Ipv6CidrBlockSet ?? []).flatMap((b) => (b.Ipv6CidrBlock ? [b.Ipv6CidrBlock] : [])),
    ]),
  ];
  if (texts.length === 0)
    return {
      kind: 'peering',
      id,
      unknown: `the CIDR blocks of the peer VPC of ${id} are not in the snapshot`,
    };
  const state = peering.Status?.Code;
  return {
    kind: 'peering',
    id,
    peerBlocks: texts.map((text) => lineOf(parseBlock(text, `peering connection ${id}`))),
    peerLabel: `${peer?.VpcId ?? 'the peer VPC'} (${texts.join(', ')})`,
    ...(state !== undefined && state !== 'active' ? { peerState: state } : {}),
  };
}

interface Candidate {
  interval: AddressInterval;
  prefix: number;
  /** The route as the table lists it: a prefix list's route once, not once per entry. */
  label: string;
  target: RouteTarget;
  active: boolean;
  fromPrefixList: boolean;
  /** AWS's route priority at equal prefix: static 0, prefix list 1, propagated 2. */
  rank: number;
  /** Why the route AWS selects for this destination is unknown (a competitor without its Origin). */
  ambiguous?: string;
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

/**
 * Route priority (VPC User Guide, "Route priority"): among routes of the same prefix, a
 * static route before a prefix-list route before a propagated one.
 */
function routeRank(route: Ec2Route, fromPrefixList: boolean): number {
  if (fromPrefixList) return 1;
  return route.Origin === 'EnableVgwRoutePropagation' ? 2 : 0;
}

function buildRouteCandidates(table: Ec2RouteTable, index: NetworkIndex): Candidate[] {
  const candidates: (Candidate & { origin: string | undefined })[] = [];
  for (const route of table.Routes ?? []) {
    const target = routeTarget(route, table, index);
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
        label: `${destination.fromPrefixList ? route.DestinationPrefixListId : destination.label} -> ${target.id}${active ? '' : ` (${route.State})`}`,
        target,
        active,
        fromPrefixList: destination.fromPrefixList,
        rank: routeRank(route, destination.fromPrefixList),
        origin: route.Origin,
      });
    }
  }
  // Longest prefix first; at equal prefix AWS's route priority, then the order of the list.
  candidates.sort((x, y) => y.prefix - x.prefix || x.rank - y.rank);
  // Routes of one prefix to different targets whose priority the snapshot cannot tell apart.
  for (let i = 0; i < candidates.length; i++) {
    const winner = candidates[i] as Candidate & { origin: string | undefined };
    for (let j = i + 1; j < candidates.length; j++) {
      const other = candidates[j] as Candidate & { origin: string | undefined };
      if (other.prefix !== winner.prefix || other.interval.a1 !== winner.interval.a1) break;
      const unknownOrigin = [winner, other].some((c) => !c.fromPrefixList && c.origin === undefined);
      if (
        unknownOrigin &&
        other.target.id !== winner.target.id &&
        other.fromPrefixList === winner.fromPrefixList
      )
        winner.ambiguous = `routes ${winner.label} and ${other.label} in ${table.RouteTableId} share a prefix and the snapshot lacks their Origin: which one AWS selects is unknown`;
    }
  }
  return candidates;
}

const PRIVATE_LINES = privateIpv4Blocks().map(lineOf);

function publicPart(interval: AddressInterval): AddressInterval[] {
  let parts: Box[] = [box(interval, 0, 0)];
  for (const line of PRIVATE_LINES) parts = subtractBox(parts, box(line, 0, 0));
  return parts.map((part) => ({ a1: part.a1, a2: part.a2 }));
}

function withinAny(interval: AddressInterval, blocks: readonly AddressInterval[]): AddressInterval[] {
  return addressesOf(
    intersect(
      [box(interval, 0, 0)],
      blocks.map((b) => box(b, 0, 0)),
    ),
  );
}

/** What the route hop needs to know of the question. */
interface RouteContext {
  direction: 'inbound' | 'outbound';
  subnetId: string;
  publicAddress?: boolean;
  toInternet?: boolean;
  arrivesBy?: 'vpn';
}

/** Which addresses of `interval` the route lets through, and what closes the rest. */
function routeDecision(
  candidate: Candidate,
  interval: AddressInterval,
  context: RouteContext,
): { open: AddressInterval[]; why: string } {
  const route = `route ${candidate.label}`;
  if (!candidate.active) return { open: [], why: `${route} is not active` };
  if (candidate.ambiguous !== undefined) throw new UnknownAnswer(candidate.ambiguous);
  const { target } = candidate;
  if (target.unknown !== undefined) throw new UnknownAnswer(target.unknown);
  const inbound = context.direction === 'inbound';
  switch (target.kind) {
    case 'local':
      return { open: [interval], why: '' };
    case 'private':
      if (!inbound && context.toInternet && /^(vgw|tgw)-/.test(target.id))
        return {
          open: [],
          why: `${route}: a ${target.id.startsWith('vgw-') ? 'virtual private gateway' : 'transit gateway'} leads to the private networks, not to the internet`,
        };
      return { open: [interval], why: '' };
    case 'peering':
      if (target.peerState !== undefined)
        return { open: [], why: `${route}: peering connection ${target.id} is ${target.peerState}` };
      return {
        open: withinAny(interval, target.peerBlocks ?? []),
        why: `${route}: a peering connection carries traffic only to and from the peer VPC ${target.peerLabel}, never beyond it (no edge-to-edge routing)`,
      };
    case 'internet':
      if (context.publicAddress === false)
        return {
          open: [],
          why: `${route}: the interfaces in ${context.subnetId} have no public IPv4 address, and an internet gateway serves only interfaces that have one`,
        };
      if (!inbound && context.publicAddress === undefined)
        throw new UnknownAnswer(
          `whether the interfaces in ${context.subnetId} have a public IPv4 address is not known, and ${route} serves only those that do`,
        );
      return {
        open: publicPart(interval),
        why: inbound
          ? `${route}: private addresses cannot be answered over an internet gateway`
          : `${route}: private addresses are not reached over an internet gateway`,
      };
    case 'nat':
      // A NAT gateway carries connections out to the internet, never answers back to a client.
      return inbound
        ? { open: [], why: `${route}: a NAT gateway does not carry answers back to a client` }
        : { open: publicPart(interval), why: `${route}: a NAT gateway reaches only public addresses` };
    case 'endpoint':
      return inbound
        ? { open: [], why: `${route}: a gateway endpoint carries only traffic that leaves the VPC` }
        : { open: [interval], why: '' };
    default:
      return { open: [], why: `${route}: ${target.id} is not a path to these addresses` };
  }
}

/**
 * A gateway route table (ingress routing): traffic entering through this gateway meets
 * the table associated with it before the subnet. Every address of the target subnet
 * must go, by longest prefix, to `local` or to an active appliance (a network interface,
 * an instance or a Gateway Load Balancer endpoint); a blackhole means the appliance is gone.
 */
function gatewayRouting(
  table: Ec2RouteTable,
  subnet: Ec2Subnet,
  index: NetworkIndex,
): { ok: true; used: string[] } | { ok: false; by: string } {
  if (subnet.CidrBlock === undefined)
    throw new UnknownAnswer(`the CIDR block of ${subnet.SubnetId} is not in the snapshot`);
  if (table.Routes === undefined)
    throw new UnknownAnswer(`${table.RouteTableId} has no Routes in the snapshot`);
  let remaining: AddressInterval[] = [lineOf(parseBlock(subnet.CidrBlock, subnet.SubnetId))];
  const used: string[] = [];
  for (const candidate of routeCandidates(table, index)) {
    if (remaining.length === 0) break;
    const { a1, a2 } = candidate.interval;
    if (!remaining.some((interval) => interval.a1 <= a2 && a1 <= interval.a2)) continue;
    remaining = addressesOf(
      subtractBox(
        remaining.map((interval) => box(interval, 0, 0)),
        box(candidate.interval, 0, 0),
      ),
    );
    if (candidate.ambiguous !== undefined) throw new UnknownAnswer(candidate.ambiguous);
    if (candidate.target.unknown !== undefined) throw new UnknownAnswer(candidate.target.unknown);
    const appliance = candidate.target.kind === 'private' && !/^(vgw|tgw)-/.test(candidate.target.id);
    if (!candidate.active || (candidate.target.kind !== 'local' && !appliance))
      return {
        ok: false,
        by: `gateway route table ${table.RouteTableId}: route ${candidate.label}${candidate.active ? '' : ' (the appliance behind it is gone)'}`,
      };
    used.push(candidate.label);
  }
  if (remaining.length > 0)
    return { ok: false, by: `no route to ${subnet.CidrBlock} in gateway route table ${table.RouteTableId}` };
  return { ok: true, used };
}

interface GatewayHop {
  table: string;
  reached: Box[];
  passed: Box[];
  used: string[];
  closed: ClosedPart[];
}

function routeHop(
  input: FlowSet,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
): { open: Box[]; report: HopReport; transit: HopReport[]; gateway: HopReport[] } {
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
  const privateUsed: string[] = [];
  const closed: ClosedPart[] = [];
  const notes: string[] = [];
  const transit: HopReport[] = [];
  const gateways = new Map<string, GatewayHop>();
  const shutBy = new Map<string, Box[]>();
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
    let why = '';
    const routed = decided
      .flatMap((part) => {
        const decision = routeDecision(candidate, part, context);
        why = decision.why;
        return decision.open;
      })
      .map((i) => box(i, 0, 0));
    let opened = routed;
    const target = candidate.target.id;
    if (opened.length > 0 && /^(vgw|igw)-/.test(target)) {
      // Traffic that enters through this gateway meets its gateway route table first.
      const gatewayTable = index.gatewayTables.get(target);
      if (gatewayTable !== undefined) {
        const hop = gateways.get(target) ?? {
          table: `${gatewayTable.RouteTableId} (${target})`,
          reached: [],
          passed: [],
          used: [],
          closed: [],
        };
        gateways.set(target, hop);
        const flows = intersect(input, everyPort(opened));
        hop.reached = [...hop.reached, ...flows];
        const routing = gatewayRouting(gatewayTable, subnet, index);
        if (routing.ok) {
          hop.passed = [...hop.passed, ...flows];
          hop.used.push(...routing.used);
        } else {
          hop.closed.push({ flows: describeFlows(flows), by: routing.by });
          opened = [];
        }
      }
    }
    if (
      candidate.active &&
      candidate.target.kind === 'private' &&
      target.startsWith('tgw-') &&
      opened.length > 0
    ) {
      if (index.transitGateways.holds(target)) {
        // The flow continues inside the transit gateway, both ways: its own hops decide the addresses.
        const inside = transitHops(input, addressesOf(opened), target, subnet, index, context);
        opened = inside.open;
        transit.push(...inside.reports);
      } else {
        notes.push(`${index.transitGateways.absence(target)}: assumed to route privately`);
      }
    }
    // The route hop reports what the route itself closes; what the transit gateway closes is its hops' to say.
    const shut = subtract(decided, routed);
    if (routed.length > 0) {
      routeOpenAddresses = [...routeOpenAddresses, ...routed];
      if (!used.includes(candidate.label)) used.push(candidate.label);
      if (
        (candidate.target.kind === 'private' || candidate.target.kind === 'peering') &&
        !privateUsed.includes(candidate.label)
      )
        privateUsed.push(candidate.label);
    }
    if (opened.length > 0) openAddresses = [...openAddresses, ...opened];
    if (shut.length > 0) {
      // A prefix list's entries close alike: one closure per route, its flows merged.
      const flows = intersect(input, everyPort(shut));
      shutBy.set(why, union(shutBy.get(why) ?? [], flows));
    }
  }
  for (const [by, flows] of shutBy) closed.push({ flows: describeFlows(flows), by });
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
      privateRoutes: privateUsed,
      closed,
      ...(notes.length > 0 ? { notes: [...new Set(notes)] } : {}),
    },
    transit,
    gateway: [...gateways.values()].map((hop) => ({
      hop: 'gateway-route' as const,
      verdict: hopVerdict(hop.reached, hop.passed),
      table: hop.table,
      routes: [...new Set(hop.used)],
      closed: hop.closed,
    })),
  };
}

/** The hops inside a transit gateway for the addresses a route sends there, as hop reports. */
function transitHops(
  input: FlowSet,
  addresses: AddressInterval[],
  tgw: string,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
): { open: Box[]; reports: HopReport[] } {
  let answer: ReturnType<TransitGatewayIndex['inbound']>;
  try {
    answer = index.transitGateways.inbound(
      tgw,
      addresses,
      subnet,
      index.vpcBlocks.get(subnet.VpcId) ?? [],
      context.arrivesBy === undefined ? {} : { arrivesBy: context.arrivesBy },
    );
  } catch (error) {
    if (error instanceof TgwUnknown) throw new UnknownAnswer(error.message);
    throw error;
  }
  if (context.direction === 'outbound') answer = asOutbound(answer);
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
      ...(hop.also === undefined ? {} : { alsoCloses: [{ flows: describeFlows(reached), by: hop.also }] }),
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
function aclEntryBox(entry: AclEntry, acl: Ec2NetworkAcl, protocol: Protocol): Box | undefined {
  const where = `${acl.NetworkAclId} rule ${entry.RuleNumber ?? '(no number)'}`;
  if (entry.Protocol === undefined || entry.RuleNumber === undefined || entry.RuleAction === undefined)
    throw new UnknownAnswer(`${where} lacks its protocol, number or action in the snapshot`);
  if (entry.Protocol !== '-1' && entry.Protocol !== ACL_PROTOCOL[protocol]) return undefined;
  const text = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (text === undefined) throw new UnknownAnswer(`${where} has no CIDR block in the snapshot`);
  const interval = lineOf(parseBlock(text, where));
  if (entry.Protocol === '-1') return box(interval, ALL_PORTS.from, ALL_PORTS.to);
  if (protocol === 'icmp') {
    // ICMP entries name a type (and code); -1 is every type.
    const type = entry.IcmpTypeCode?.Type;
    if (type === undefined)
      throw new UnknownAnswer(`${where} is an ICMP entry without its type in the snapshot`);
    return type === -1 ? box(interval, ICMP_TYPES.from, ICMP_TYPES.to) : box(interval, type, type);
  }
  if (entry.PortRange?.From === undefined || entry.PortRange.To === undefined)
    throw new UnknownAnswer(
      `${where} is a ${protocol.toUpperCase()} entry without its port range in the snapshot`,
    );
  return box(interval, entry.PortRange.From, entry.PortRange.To);
}

function aclEntryLabel(entry: AclEntry, protocol: Protocol): string {
  const what =
    entry.Protocol === '-1'
      ? 'all'
      : protocol === 'icmp'
        ? `icmp type ${entry.IcmpTypeCode?.Type === -1 ? 'all' : entry.IcmpTypeCode?.Type}`
        : `${protocol} ${portsLabel({ from: entry.PortRange?.From ?? 0, to: entry.PortRange?.To ?? 65535 })}`;
  return `${entry.RuleNumber} ${entry.RuleAction} ${entry.CidrBlock ?? entry.Ipv6CidrBlock} ${what}`;
}

interface FirstMatch {
  allowed: Box[];
  allowedBy: string[];
  denied: { set: Box[]; entry: AclEntry }[];
  unmatched: Box[];
}

/** ACLs are evaluated in ascending rule number; the first entry that matches a flow decides it. */
const aclCache = new WeakMap<
  Ec2NetworkAcl,
  Partial<Record<Protocol, Record<'ingress' | 'egress', { entry: AclEntry; box: Box }[]>>>
>();

/** An ACL's TCP-relevant entries in evaluation order, parsed once. */
function orderedEntries(
  acl: Ec2NetworkAcl,
  egress: boolean,
  protocol: Protocol,
): { entry: AclEntry; box: Box }[] {
  let perProtocol = aclCache.get(acl);
  if (perProtocol === undefined) {
    perProtocol = {};
    aclCache.set(acl, perProtocol);
  }
  let cached = perProtocol[protocol];
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
          const entryBox = aclEntryBox(entry, acl, protocol);
          return entryBox === undefined ? [] : [{ entry, box: entryBox }];
        });
    cached = { ingress: side(false), egress: side(true) };
    perProtocol[protocol] = cached;
  }
  return egress ? cached.egress : cached.ingress;
}

function firstMatch(input: FlowSet, acl: Ec2NetworkAcl, egress: boolean, protocol: Protocol): FirstMatch {
  let remaining: Box[] = [...input];
  const result: FirstMatch = { allowed: [], allowedBy: [], denied: [], unmatched: [] };
  for (const { entry, box: entryBox } of orderedEntries(acl, egress, protocol)) {
    if (remaining.length === 0) break;
    const matched = intersectBox(remaining, entryBox);
    if (matched.length === 0) continue;
    remaining = subtractBox(remaining, entryBox);
    if (entry.RuleAction === 'allow') {
      result.allowed.push(...matched);
      result.allowedBy.push(aclEntryLabel(entry, protocol));
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
  protocol: Protocol,
): { open: Box[]; report: HopReport } {
  const egress = direction === 'outbound';
  const match = firstMatch(input, acl, egress, protocol);
  const closed: ClosedPart[] = match.denied.map(({ set, entry }) => ({
    flows: describeFlows(set),
    by: `${acl.NetworkAclId} rule ${entry.RuleNumber} (${egress ? 'egress' : 'ingress'}) denies ${flowsLabel(set, side, protocol)}`,
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
  protocol: Protocol,
): { open: Box[]; report: HopReport; refusedPorts: PortRange[] } {
  const egress = direction === 'inbound';
  const answers = addressesOf(input).map((interval) => box(interval, ephemeral.from, ephemeral.to));
  const match = firstMatch(answers, acl, egress, protocol);
  const closed: ClosedPart[] = [];
  let refused: Box[] = [];
  for (const { set, entry } of match.denied) {
    const flows = intersect(input, everyPort(set));
    refused = [...refused, ...everyPort(set)];
    closed.push({
      flows: describeFlows(flows),
      by: `answers ${direction === 'inbound' ? 'to' : 'from'} ${describeAddresses(
        describeFlows(everyPort(set)).flatMap((d) => d.cidrs),
      )} on ports ${describeFlows(set)
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
function groupRules(
  groupId: string,
  direction: 'inbound' | 'outbound',
  index: NetworkIndex,
  protocol: Protocol,
): GroupRules {
  let perIndex = groupCache.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    groupCache.set(index, perIndex);
  }
  const key = `${groupId} ${direction} ${protocol}`;
  const cached = perIndex.get(key);
  if (cached !== undefined) return cached;
  const group = index.groups.get(groupId);
  if (group === undefined) throw new UnknownAnswer(`security group ${groupId} is not in the snapshot`);
  const result: GroupRules = { rules: [], references: [], unknown: [] };
  const permissions = (direction === 'inbound' ? group.IpPermissions : group.IpPermissionsEgress) ?? [];
  for (const permission of permissions) {
    const ipProtocol = permission.IpProtocol;
    if (ipProtocol !== '-1' && !GROUP_PROTOCOL[protocol].includes(ipProtocol ?? '')) continue;
    if (ipProtocol !== '-1' && (permission.FromPort === undefined || permission.ToPort === undefined)) {
      // AWS returns both ports for every TCP permission; without them the permission is unknown.
      result.unknown.push({
        ports: ALL_PORTS,
        message: `a ${protocol.toUpperCase()} permission of ${groupId} has no port range in the snapshot`,
      });
      continue;
    }
    // ICMP permissions name the type in FromPort (-1: every type) and the code in ToPort.
    const ports: PortRange =
      ipProtocol === '-1'
        ? ALL_PORTS
        : protocol === 'icmp'
          ? permission.FromPort === -1
            ? ICMP_TYPES
            : { from: permission.FromPort ?? 0, to: permission.FromPort ?? 0 }
          : { from: permission.FromPort ?? 0, to: permission.ToPort ?? 65535 };
    const protocolLabel =
      ipProtocol === '-1'
        ? 'all'
        : protocol === 'icmp'
          ? `icmp type ${permission.FromPort === -1 ? 'all' : portsLabel(ports)}`
          : `${protocol} ${portsLabel(ports)}`;
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
    const rules = groupRules(groupId, question.direction, index, question.protocol ?? 'tcp');
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
              by: `no permission of ${groupsLabel} allows ${flowsLabel(missingSet, side, question.protocol)}`,
            },
          ],
  };
  if (missingSet.length > 0) report.missing = flowsLabel(missingSet, side, question.protocol);
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

/** Records on a hop what it closes when asked alone, beyond what it closed of the flows that reached it. */
function alsoClosedAlone(report: HopReport, ask: () => HopReport): void {
  let alone: HopReport;
  try {
    alone = ask();
  } catch (error) {
    // What the snapshot lacks for flows that never reached this hop does not change the answer.
    if (error instanceof UnknownAnswer) return;
    throw error;
  }
  const already = new Set(report.closed.map((part) => part.by));
  const more = alone.closed.filter((part) => !already.has(part.by) && part.flows.length > 0);
  if (more.length > 0) report.alsoCloses = more;
}

function routeContextOf(question: Question): RouteContext {
  return {
    direction: question.direction,
    subnetId: question.subnetId,
    ...(question.publicAddress === undefined ? {} : { publicAddress: question.publicAddress }),
    ...(question.direction === 'outbound' && question.toInternet ? { toInternet: true } : {}),
    ...(question.direction === 'inbound' && question.arrivesBy ? { arrivesBy: question.arrivesBy } : {}),
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
    const protocol = question.protocol ?? 'tcp';
    // ICMP: the answer to an echo request is an echo reply, type 0.
    const ephemeral = protocol === 'icmp' ? ICMP_ECHO_REPLY : (question.ephemeral ?? DEFAULT_EPHEMERAL);
    let flows: Box[] = space;
    if (!(question.direction === 'inbound' && question.skipRoute)) {
      const route = routeHop(flows, subnet, index, routeContextOf(question));
      hops.push(...route.gateway, route.report, ...route.transit);
      flows = route.open;
    }
    const acl = aclOf(subnet, index);
    const side = question.direction === 'inbound' ? 'from' : 'to';
    const request = requestAclHop(flows, acl, question.direction, side, protocol);
    hops.push(request.report);
    flows = request.open;
    const afterRequest = flows;
    const answers = answerAclHop(flows, acl, question.direction, ephemeral, protocol);
    hops.push(answers.report);
    flows = answers.open;
    const groups = securityGroupHop(flows, question, index);
    hops.push(groups.report);
    flows = groups.open;
    // Every problem of the path, not only the first: what each later hop closes on its own
    // (only when something is closed: an open path has no problem to list).
    if (!isEmpty(subtract(space, flows))) {
      alsoClosedAlone(
        request.report,
        () => requestAclHop(space, acl, question.direction, side, protocol).report,
      );
      alsoClosedAlone(
        answers.report,
        () => answerAclHop(space, acl, question.direction, ephemeral, protocol).report,
      );
      alsoClosedAlone(groups.report, () => securityGroupHop(space, question, index).report);
    }
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
  if (question.protocol === 'icmp') return undefined;
  if (refusedPorts.length === 0 || refusedPorts.some((range) => range.to >= COMMON_EPHEMERAL_START))
    return undefined;
  if (!isEmpty(subtract(space, afterRequest))) return undefined;
  const common = { from: Math.max(ephemeral.from, COMMON_EPHEMERAL_START), to: ephemeral.to };
  if (common.from > common.to) return undefined;
  const answers = answerAclHop(afterRequest, acl, question.direction, common, question.protocol ?? 'tcp');
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
 * alone). What a gateway route table or a transit gateway the snapshot holds closes on the
 * way counts as the route's own: a route into a hub that drops the answers is no route.
 */
export function returnRoute(
  sources: readonly string[],
  subnetId: string,
  index: NetworkIndex,
  options: { arrivesBy?: 'vpn' } = {},
): HopReport | { unknown: string } {
  const answer = routeAndTransit(sources, subnetId, index, options);
  if ('unknown' in answer) return answer;
  const { route, transit, gateway, verdict } = answer;
  if (transit.length === 0 && gateway.length === 0) return route;
  return {
    ...route,
    verdict,
    closed: [
      ...gateway.flatMap((hop) => hop.closed),
      ...route.closed,
      ...transit.flatMap((hop) => hop.closed),
    ],
  };
}

/**
 * The route hop for these addresses from a subnet, the gateway route tables on the way in,
 * and the hops inside a transit gateway the snapshot holds that the route leads into (the
 * answers' table, then the entering attachment's): what a rule needs to say a network is
 * routed through a VPN on a hub. `verdict` is over every address, all of these counted.
 */
export function routeAndTransit(
  sources: readonly string[],
  subnetId: string,
  index: NetworkIndex,
  options: { arrivesBy?: 'vpn' } = {},
):
  | { route: HopReport; transit: HopReport[]; gateway: HopReport[]; verdict: HopVerdict }
  | { unknown: string } {
  const subnet = index.subnets.get(subnetId);
  if (subnet === undefined) return { unknown: `subnet ${subnetId} is not in the snapshot` };
  try {
    const space = unionAll(sources.map((text) => [box(lineOf(parseBlock(text, 'source')), 0, 0)]));
    const { report, transit, gateway, open } = routeHop(space, subnet, index, {
      direction: 'inbound',
      subnetId,
      ...options,
    });
    return { route: report, transit, gateway, verdict: hopVerdict(space, open) };
  } catch (error) {
    if (error instanceof UnknownAnswer) return { unknown: error.message };
    throw error;
  }
}
