/**
 * The route hop (network-semantics.md, hop 1): the subnet's route table decides, by longest
 * prefix and AWS's route priority, which addresses have a path; a gateway route table on the
 * way in and the hops inside a transit gateway the snapshot holds are followed from here.
 */
import type { Ec2RouteTable, Ec2Subnet } from '../../inventory/types.js';
import { type Cidr, privateIpv4Blocks } from '../../ip/cidr.js';
import {
  type AddressInterval,
  addressesOf,
  type Box,
  box,
  describeFlows,
  type FlowSet,
  intersect,
  intersectBox,
  lineOf,
  subtract,
  subtractBox,
  union,
} from '../flow-set.js';
import { type Known, known, type Unknown, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import {
  type ClosedPart,
  everyPort,
  type HopReport,
  hopVerdict,
  parseBlock,
  prefixListBlocks,
} from '../question.js';
import { transitHops } from './transit.js';

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
  const peerBlocks: AddressInterval[] = [];
  for (const text of texts) {
    const block = parseBlock(text, `peering connection ${id}`);
    if (!block.known) return { kind: 'peering', id, unknown: block.missing };
    peerBlocks.push(lineOf(block.value));
  }
  return {
    kind: 'peering',
    id,
    peerBlocks,
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

const candidateCache = new WeakMap<NetworkIndex, WeakMap<Ec2RouteTable, Known<Candidate[]>>>();

/** The table's routes, parsed and sorted once per index: thousands of questions share them. */
function routeCandidates(table: Ec2RouteTable, index: NetworkIndex): Known<Candidate[]> {
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

function buildRouteCandidates(table: Ec2RouteTable, index: NetworkIndex): Known<Candidate[]> {
  const candidates: (Candidate & { origin: string | undefined })[] = [];
  for (const route of table.Routes ?? []) {
    const target = routeTarget(route, table, index);
    const active = route.State === undefined || route.State === 'active';
    const destinations: { block: Cidr; label: string; fromPrefixList: boolean }[] = [];
    for (const text of [route.DestinationCidrBlock, route.DestinationIpv6CidrBlock]) {
      if (!text) continue;
      const block = parseBlock(text, `route in ${table.RouteTableId}`);
      if (!block.known) return block;
      destinations.push({ block: block.value, label: text, fromPrefixList: false });
    }
    if (route.DestinationPrefixListId) {
      const blocks = prefixListBlocks(index, route.DestinationPrefixListId);
      if (!blocks.known) return blocks;
      for (const block of blocks.value) {
        destinations.push({
          block,
          label: `${route.DestinationPrefixListId} (${block.text})`,
          fromPrefixList: true,
        });
      }
    }
    if (!route.DestinationCidrBlock && !route.DestinationIpv6CidrBlock && !route.DestinationPrefixListId)
      return unknown(`a route of ${table.RouteTableId} has no destination in the snapshot`);
    if (target.kind === 'other' && target.id === 'an unknown target' && active)
      return unknown(
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
  return known(candidates);
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
export interface RouteContext {
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
): Known<{ open: AddressInterval[]; why: string }> {
  const route = `route ${candidate.label}`;
  if (!candidate.active) return known({ open: [], why: `${route} is not active` });
  if (candidate.ambiguous !== undefined) return unknown(candidate.ambiguous);
  const { target } = candidate;
  if (target.unknown !== undefined) return unknown(target.unknown);
  const decision = decide(candidate, interval, context);
  return 'missing' in decision ? decision : known(decision);
}

/** A known route's decision for these addresses. */
function decide(
  candidate: Candidate,
  interval: AddressInterval,
  context: RouteContext,
): { open: AddressInterval[]; why: string } | Unknown {
  const route = `route ${candidate.label}`;
  const { target } = candidate;
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
        return unknown(
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
): Known<{ ok: true; used: string[] } | { ok: false; by: string }> {
  if (subnet.CidrBlock === undefined)
    return unknown(`the CIDR block of ${subnet.SubnetId} is not in the snapshot`);
  if (table.Routes === undefined) return unknown(`${table.RouteTableId} has no Routes in the snapshot`);
  const subnetBlock = parseBlock(subnet.CidrBlock, subnet.SubnetId);
  if (!subnetBlock.known) return subnetBlock;
  const candidates = routeCandidates(table, index);
  if (!candidates.known) return candidates;
  let remaining: AddressInterval[] = [lineOf(subnetBlock.value)];
  const used: string[] = [];
  for (const candidate of candidates.value) {
    if (remaining.length === 0) break;
    const { a1, a2 } = candidate.interval;
    if (!remaining.some((interval) => interval.a1 <= a2 && a1 <= interval.a2)) continue;
    remaining = addressesOf(
      subtractBox(
        remaining.map((interval) => box(interval, 0, 0)),
        box(candidate.interval, 0, 0),
      ),
    );
    if (candidate.ambiguous !== undefined) return unknown(candidate.ambiguous);
    if (candidate.target.unknown !== undefined) return unknown(candidate.target.unknown);
    const appliance = candidate.target.kind === 'private' && !/^(vgw|tgw)-/.test(candidate.target.id);
    if (!candidate.active || (candidate.target.kind !== 'local' && !appliance))
      return known({
        ok: false,
        by: `gateway route table ${table.RouteTableId}: route ${candidate.label}${candidate.active ? '' : ' (the appliance behind it is gone)'}`,
      });
    used.push(candidate.label);
  }
  if (remaining.length > 0)
    return known({
      ok: false,
      by: `no route to ${subnet.CidrBlock} in gateway route table ${table.RouteTableId}`,
    });
  return known({ ok: true, used });
}

interface GatewayHop {
  table: string;
  reached: Box[];
  passed: Box[];
  used: string[];
  closed: ClosedPart[];
}

export interface RouteHop {
  open: Box[];
  report: HopReport;
  transit: HopReport[];
  gateway: HopReport[];
}

export function routeHop(
  input: FlowSet,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
): Known<RouteHop> {
  const found = index.routeTableOf(subnet);
  if (found === undefined)
    return unknown(
      index.associationGaps.get(subnet.VpcId) ??
        `no route table is associated with ${subnet.SubnetId} and its VPC has no main table in the snapshot`,
    );
  const { table } = found;
  if (table.Routes === undefined) return unknown(`${table.RouteTableId} has no Routes in the snapshot`);
  const candidates = routeCandidates(table, index);
  if (!candidates.known) return candidates;
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
  for (const candidate of candidates.value) {
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
    const routedAddresses: AddressInterval[] = [];
    for (const part of decided) {
      const decision = routeDecision(candidate, part, context);
      if (!decision.known) return decision;
      why = decision.value.why;
      routedAddresses.push(...decision.value.open);
    }
    const routed = routedAddresses.map((i) => box(i, 0, 0));
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
        const known = gatewayRouting(gatewayTable, subnet, index);
        if (!known.known) return known;
        const routing = known.value;
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
        if (!inside.known) return inside;
        opened = inside.value.open;
        transit.push(...inside.value.reports);
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
  return known({
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
  });
}
