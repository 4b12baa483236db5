/**
 * The reachability engine of docs/design/network-semantics.md: can flows from these networks
 * reach this subnet and its security groups on these TCP ports, and get their
 * answers back (inbound); or can this subnet and its groups reach these
 * destinations (outbound)? Exact for every address and port: the engine works on
 * sets of flows, and each hop reports the entries that decided it.
 *
 * This file is the pipeline: it runs the hops of `hops/` in the order a packet meets
 * them. What the snapshot lacks travels as a value (`Known`): the first missing piece
 * makes the answer `unknown`, naming it; an exception here is a defect, never a verdict.
 */
import type { Ec2NetworkAcl } from '../inventory/types.js';
import { type Box, box, describeFlows, isEmpty, lineOf, portsOf, subtract, union } from './flow-set.js';
import { firewallHop } from './hops/firewall.js';
import { aclOf, answerAclHop, requestAclHop } from './hops/network-acl.js';
import { type RouteContext, routeHop } from './hops/route.js';
import { securityGroupHop } from './hops/security-groups.js';
import { type Known, known } from './known.js';
import type { NetworkIndex } from './network-index.js';
import {
  DEFAULT_EPHEMERAL,
  type HopReport,
  type HopVerdict,
  hopVerdict,
  ICMP_ECHO_REPLY,
  type InboundQuestion,
  type PortRange,
  parseBlock,
  prefixListBlocks,
  type Question,
  type ReachAnswer,
  type Verdict,
} from './question.js';

export type {
  HopReport,
  HopVerdict,
  InboundQuestion,
  OutboundQuestion,
  PortRange,
  Question,
  ReachAnswer,
  Verdict,
} from './question.js';

/** Where every common client OS starts its ephemeral ports (Linux 32768, Windows 49152). */
const COMMON_EPHEMERAL_START = 32768;

/** The flows asked about: every address of the sources (or destinations) on the ports asked. */
function questionSpace(question: Question, index: NetworkIndex): Known<Box[]> {
  const { from, to } = question.ports;
  const texts = question.direction === 'inbound' ? question.sources : question.destinations;
  const sets: Box[][] = [];
  for (const text of texts) {
    if (question.direction === 'outbound' && text.startsWith('pl-')) {
      const blocks = prefixListBlocks(index, text);
      if (!blocks.known) return blocks;
      sets.push(blocks.value.map((block) => box(lineOf(block), from, to)));
      continue;
    }
    const block = parseBlock(text, question.direction === 'inbound' ? 'source' : 'destination');
    if (!block.known) return block;
    sets.push([box(lineOf(block.value), from, to)]);
  }
  return known(unionAll(sets));
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
function alsoClosedAlone(report: HopReport, ask: () => Known<{ report: HopReport }>): void {
  const asked = ask();
  // What the snapshot lacks for flows that never reached this hop does not change the answer.
  if (!asked.known) return;
  const alone = asked.value.report;
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
  const unknownHere = (gap: { missing: string }) => unknownAnswer(subnet.SubnetId, gap.missing, hops);
  const asked = questionSpace(question, index);
  if (!asked.known) return unknownHere(asked);
  const space = asked.value;
  const protocol = question.protocol ?? 'tcp';
  // ICMP: the answer to an echo request is an echo reply, type 0.
  const ephemeral = protocol === 'icmp' ? ICMP_ECHO_REPLY : (question.ephemeral ?? DEFAULT_EPHEMERAL);
  let flows: Box[] = space;
  if (!(question.direction === 'inbound' && question.skipRoute)) {
    const route = routeHop(flows, subnet, index, routeContextOf(question));
    if (!route.known) return unknownHere(route);
    hops.push(...route.value.gateway, route.value.report, ...route.value.inspection, ...route.value.transit);
    flows = route.value.open;
    // A Network Firewall on the path decides the flows it inspects, both ways.
    const firewall = firewallHop(flows, route.value.inspected, subnet, index, {
      direction: question.direction,
      protocol,
      ephemeral,
    });
    if (!firewall.known) return unknownHere(firewall);
    if (firewall.value.report !== undefined) hops.push(firewall.value.report);
    flows = firewall.value.open;
  }
  const aclFound = aclOf(subnet, index);
  if (!aclFound.known) return unknownHere(aclFound);
  const acl = aclFound.value;
  const side = question.direction === 'inbound' ? 'from' : 'to';
  const request = requestAclHop(flows, acl, question.direction, side, protocol);
  if (!request.known) return unknownHere(request);
  hops.push(request.value.report);
  flows = request.value.open;
  const afterRequest = flows;
  const answers = answerAclHop(flows, acl, question.direction, ephemeral, protocol);
  if (!answers.known) return unknownHere(answers);
  hops.push(answers.value.report);
  flows = answers.value.open;
  const groups = securityGroupHop(flows, question, index);
  if (!groups.known) return unknownHere(groups);
  hops.push(groups.value.report);
  flows = groups.value.open;
  // Every problem of the path, not only the first: what each later hop closes on its own
  // (only when something is closed: an open path has no problem to list).
  if (!isEmpty(subtract(space, flows))) {
    alsoClosedAlone(request.value.report, () =>
      requestAclHop(space, acl, question.direction, side, protocol),
    );
    alsoClosedAlone(answers.value.report, () =>
      answerAclHop(space, acl, question.direction, ephemeral, protocol),
    );
    alsoClosedAlone(groups.value.report, () => securityGroupHop(space, question, index));
  }
  const closedSet = subtract(space, flows);
  const lowAnswers = onlyLowAnswerPortsClosed(
    space,
    afterRequest,
    answers.value.refusedPorts,
    acl,
    question,
    ephemeral,
    index,
  );
  if (!lowAnswers.known) return unknownHere(lowAnswers);
  const lowAnswerPortsOnly = lowAnswers.value;
  {
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
): Known<PortRange[] | undefined> {
  const none = known(undefined);
  if (question.protocol === 'icmp') return none;
  if (refusedPorts.length === 0 || refusedPorts.some((range) => range.to >= COMMON_EPHEMERAL_START))
    return none;
  if (!isEmpty(subtract(space, afterRequest))) return none;
  const common = { from: Math.max(ephemeral.from, COMMON_EPHEMERAL_START), to: ephemeral.to };
  if (common.from > common.to) return none;
  const answers = answerAclHop(afterRequest, acl, question.direction, common, question.protocol ?? 'tcp');
  if (!answers.known) return answers;
  const groups = securityGroupHop(answers.value.open, question, index);
  if (!groups.known) return groups;
  return isEmpty(subtract(space, groups.value.open)) ? known(refusedPorts) : none;
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
  const { route, transit, gateway, inspection, verdict } = answer;
  if (transit.length === 0 && gateway.length === 0 && inspection.length === 0) return route;
  return {
    ...route,
    verdict,
    closed: [
      ...gateway.flatMap((hop) => hop.closed),
      ...route.closed,
      ...inspection.flatMap((hop) => hop.closed),
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
  | {
      route: HopReport;
      transit: HopReport[];
      gateway: HopReport[];
      inspection: HopReport[];
      verdict: HopVerdict;
    }
  | { unknown: string } {
  const subnet = index.subnets.get(subnetId);
  if (subnet === undefined) return { unknown: `subnet ${subnetId} is not in the snapshot` };
  const sets: Box[][] = [];
  for (const text of sources) {
    const block = parseBlock(text, 'source');
    if (!block.known) return { unknown: block.missing };
    sets.push([box(lineOf(block.value), 0, 0)]);
  }
  const space = unionAll(sets);
  const routed = routeHop(space, subnet, index, { direction: 'inbound', subnetId, ...options });
  if (!routed.known) return { unknown: routed.missing };
  const { report, transit, gateway, inspection, open } = routed.value;
  return { route: report, transit, gateway, inspection, verdict: hopVerdict(space, open) };
}
