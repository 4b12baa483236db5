/**
 * The route hop (docs/design/network-semantics.md, hop 1): the subnet's route table decides, by longest
 * prefix and AWS's route priority, which addresses have a path; a gateway route table on the
 * way in and the hops inside a transit gateway the snapshot holds are followed from here.
 */
import type { Ec2Subnet } from '../../inventory/types.js';
import { privateIpv4Blocks } from '../../ip/cidr.js';
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
import { type ClosedPart, everyPort, type HopReport, hopVerdict } from '../question.js';
import { gatewayRouting } from './gateway-route.js';
import { blockPublicAccess, type Inspected, type InspectionVia, inspectionDetour } from './inspection.js';
import { type Candidate, routeCandidates } from './route-table.js';
import { transitHops } from './transit.js';

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
  /** On a detour: the subnet the question is about (this table is an inspection endpoint's subnet's). */
  target?: Ec2Subnet;
  /** On a detour: the inspection endpoint the flows went through, and the route that sent them. */
  via?: InspectionVia;
  /** How many inspection endpoints deep the detour is. */
  depth?: number;
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
    case 'inspection':
      // The flows continue from the endpoint's subnet (inspection.ts); a dead endpoint drops them.
      return target.gone === undefined
        ? { open: [interval], why: '' }
        : { open: [], why: `${route}: ${target.gone}, and traffic sent to it is dropped` };
    case 'endpoint':
      return inbound
        ? { open: [], why: `${route}: a gateway endpoint carries only traffic that leaves the VPC` }
        : { open: [interval], why: '' };
    default:
      return { open: [], why: `${route}: ${target.id} is not a path to these addresses` };
  }
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
  /** The detours through inspection endpoints: their subnets' route hops, and what they close. */
  inspection: HopReport[];
  /** Which addresses went through which inspection endpoint (a firewall's rules then decide). */
  inspected: Inspected[];
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
  const gatewayReports: HopReport[] = [];
  const gateways = new Map<string, GatewayHop>();
  const inspection: HopReport[] = [];
  const inspected: Inspected[] = [];
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
    if (opened.length > 0 && (candidate.target.kind === 'internet' || candidate.target.kind === 'nat')) {
      const blocked = blockPublicAccess(
        candidate.target.kind,
        target,
        context.target ?? subnet,
        context,
        index,
      );
      if (!blocked.known) return blocked;
      if (blocked.value.note !== undefined) notes.push(blocked.value.note);
      if (blocked.value.by !== undefined) {
        const by = `route ${candidate.label}: ${blocked.value.by}`;
        shutBy.set(by, union(shutBy.get(by) ?? [], intersect(input, everyPort(opened))));
        opened = [];
      }
    }
    if (opened.length > 0 && candidate.target.kind === 'inspection') {
      const detour = inspectionDetour(input, opened, candidate, tableLabel, subnet, index, context, routeHop);
      if (!detour.known) return detour;
      opened = detour.value.open;
      inspection.push(...detour.value.reports);
      inspected.push(...detour.value.inspected);
      gatewayReports.push(...detour.value.gateway);
      transit.push(...detour.value.transit);
      notes.push(...detour.value.notes);
    }
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
        const known = gatewayRouting(gatewayTable, context.target ?? subnet, index, {
          via: context.via,
          route: `${candidate.label} in ${tableLabel}`,
        });
        if (!known.known) return known;
        const routing = known.value;
        if (routing.ok) {
          hop.passed = [...hop.passed, ...flows];
          hop.used.push(...routing.used);
        } else {
          hop.closed.push({ flows: describeFlows(flows), by: routing.by });
          opened = [];
        }
      } else if (context.via !== undefined) {
        // Without a gateway route table, traffic entering by this gateway goes straight to the
        // subnet: the answers are inspected, the requests are not (asymmetric routing).
        const by = `${target} has no gateway route table: traffic entering by it reaches ${(context.target ?? subnet).SubnetId} without ${context.via.endpoint}, while ${context.via.route} sends the other direction through it (asymmetric routing is not supported)`;
        shutBy.set(by, union(shutBy.get(by) ?? [], intersect(input, everyPort(opened))));
        opened = [];
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
        (candidate.target.kind === 'private' ||
          candidate.target.kind === 'peering' ||
          candidate.target.kind === 'inspection') &&
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
    gateway: [
      ...[...gateways.values()].map((hop) => ({
        hop: 'gateway-route' as const,
        verdict: hopVerdict(hop.reached, hop.passed),
        table: hop.table,
        routes: [...new Set(hop.used)],
        closed: hop.closed,
      })),
      ...gatewayReports,
    ],
    inspection,
    inspected,
  });
}
