/**
 * The hops inside a transit gateway the snapshot holds (docs/design/network-semantics.md, "Beyond the
 * VPC"), as the engine reports hops: the transit gateway index answers for the addresses a
 * route sends into the hub; this file turns its answer into hop reports over the question's flows.
 */
import type { Ec2Subnet } from '../../inventory/types.js';
import {
  type AddressInterval,
  type Box,
  box,
  describeFlows,
  type FlowSet,
  intersect,
  subtract,
} from '../flow-set.js';
import { type Known, known } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import { everyPort, type HopReport, hopVerdict, type TgwHopName } from '../question.js';
import type { TgwAnswer } from '../transit-gateway.js';
import type { RouteContext } from './route.js';

/** The hops inside a transit gateway for the addresses a route sends there, as hop reports. */
export function transitHops(
  input: FlowSet,
  addresses: AddressInterval[],
  tgw: string,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
): Known<{ open: Box[]; reports: HopReport[] }> {
  const inside = index.transitGateways.inbound(
    tgw,
    addresses,
    subnet,
    index.vpcBlocks.get(subnet.VpcId) ?? [],
    context.arrivesBy === undefined ? {} : { arrivesBy: context.arrivesBy },
  );
  if (!inside.known) return inside;
  const answer = context.direction === 'outbound' ? asOutbound(inside.value) : inside.value;
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
  return known({ open: answer.open.map((a) => box(a, 0, 0)), reports });
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
