/**
 * The catalog's status mapping for "Reach(S → target, ports)", asked for each
 * listed source network separately, with evidence naming the deciding entries
 * and a remediation built from the hop that closed the flows.
 */

import { because, type ClosedPath } from '../../catalog/reasons.js';
import type { Finding, FixCommand, PathDiagram, PathHop, ResourceRef, Status } from '../../catalog/rule.js';
import { HOPS } from '../../network/question.js';
import type { EndpointAnswer, HopReport, PortRange, ReachAnswer } from '../../network/reach.js';
import { portRangeText } from '../../vocabulary/port-ranges.js';
import type { SourceNetworks } from './sources.js';

export interface NetworkAnswer {
  network: string;
  answer: ReachAnswer | EndpointAnswer;
}

function subnetAnswers(answer: ReachAnswer | EndpointAnswer): ReachAnswer[] {
  return 'subnets' in answer ? answer.subnets : [answer];
}

function hopFix(
  hop: HopReport,
  network: string,
  ephemeral: string,
  direction: 'inbound' | 'outbound',
): string | undefined {
  const closed = hop.closed.flatMap((part) => part.flows);
  if (closed.length === 0) return undefined;
  const ports = [...new Set(closed.map((flow) => flow.ports))].join(', ');
  const cidrs = [...new Set(closed.flatMap((flow) => flow.cidrs))].join(', ');
  switch (hop.hop) {
    case 'security-groups':
      return direction === 'inbound'
        ? `Allow inbound TCP ${ports} from ${network} on ${hop.groups?.[0] ?? 'the security group'}`
        : `Allow outbound TCP ${ports} to ${cidrs} on ${hop.groups?.[0] ?? 'the security group'}`;
    case 'route':
      // Public sources (replication over the internet) are answered through an internet gateway.
      if (
        direction === 'inbound' &&
        hop.closed.some((part) => /NAT gateway|public IPv4 address/.test(part.by))
      )
        return `Route ${cidrs} through an internet gateway in ${hop.table}, and give the interfaces public IPv4 addresses: a NAT gateway does not carry answers back`;
      return direction === 'inbound'
        ? `Route ${cidrs} back through the virtual private gateway or transit gateway in ${hop.table}`
        : `Add a route for ${cidrs} in ${hop.table}`;
    case 'nacl-inbound':
      return direction === 'inbound'
        ? `Allow inbound TCP ${ports} from ${cidrs} in ${hop.acl} ahead of any deny`
        : `Allow inbound TCP ${ephemeral} (answers) from ${cidrs} in ${hop.acl}`;
    case 'nacl-outbound':
      return direction === 'inbound'
        ? `Allow outbound TCP ${ephemeral} (answers) to ${cidrs} in ${hop.acl}`
        : `Allow outbound TCP ${ports} to ${cidrs} in ${hop.acl}`;
    default:
      // Inside a transit gateway: the closing route or prefix is named in the evidence.
      return `Fix ${hop.table ?? 'the transit gateway'}: ${hop.closed.map((part) => part.by).join('; ')}`;
  }
}

/** The TCP ports of a flow description: "1500" or "1063-1064". */
function portRange(text: string): { FromPort: number; ToPort: number } {
  const [from, to] = text.split('-').map(Number);
  return { FromPort: from ?? 0, ToPort: to ?? from ?? 0 };
}

/** The EC2 changes that open exactly the flows a hop closed, where the change is concrete. */
function hopCommands(
  hop: HopReport,
  direction: 'inbound' | 'outbound',
  routeVia: string | undefined,
): FixCommand[] {
  const closed = hop.closed.flatMap((part) => part.flows);
  if (closed.length === 0) return [];
  if (hop.hop === 'security-groups') {
    const group = hop.groups?.[0];
    if (group === undefined) return [];
    const permissions = closed.map((flow) => ({
      IpProtocol: 'tcp',
      ...portRange(flow.ports),
      ...(flow.cidrs.some((c) => !c.includes(':'))
        ? { IpRanges: flow.cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })) }
        : {}),
      ...(flow.cidrs.some((c) => c.includes(':'))
        ? { Ipv6Ranges: flow.cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })) }
        : {}),
    }));
    return [
      {
        operation: direction === 'inbound' ? 'AuthorizeSecurityGroupIngress' : 'AuthorizeSecurityGroupEgress',
        input: { GroupId: group, IpPermissions: permissions },
      },
    ];
  }
  if (hop.hop === 'route' && routeVia !== undefined && hop.table !== undefined) {
    const table = hop.table.replace(/ \(main\)$/, '');
    const target = routeVia.startsWith('tgw-') ? { TransitGatewayId: routeVia } : { GatewayId: routeVia };
    const missing = hop.closed
      .filter((part) => /^no route|is not active/.test(part.by))
      .flatMap((part) => part.flows);
    return [...new Set(missing.flatMap((flow) => flow.cidrs))].map((cidr) => ({
      operation: 'CreateRoute',
      input: {
        RouteTableId: table,
        ...(cidr.includes(':') ? { DestinationIpv6CidrBlock: cidr } : { DestinationCidrBlock: cidr }),
        ...target,
      },
    }));
  }
  return [];
}

export interface JudgeOptions {
  resource: ResourceRef;
  sources: Extract<SourceNetworks, { found: true }>;
  /** What was asked, for the evidence: "TCP 1024-1064 to vpce-0b…". */
  question: string;
  ephemeral: PortRange;
  direction?: 'inbound' | 'outbound';
  /** Extra words for the evidence of a failing answer (the outdated DataSync range). */
  explain?: (answers: readonly NetworkAnswer[]) => string | undefined;
  /** The gateway the return route should use (the VPN's virtual private gateway), for route fixes. */
  routeVia?: string;
}

/** What let the flows through, hop by hop: the evidence of an open answer. */
export function allowingEntries(answers: readonly (ReachAnswer | EndpointAnswer)[]): string {
  const byHop = new Map<string, Set<string>>();
  for (const answer of answers.flatMap(subnetAnswers)) {
    for (const hop of answer.hops) {
      const entries = hop.hop === 'route' ? (hop.routes ?? []) : (hop.entries ?? []);
      const where =
        hop.hop === 'route'
          ? `route ${hop.table}`
          : hop.hop === 'security-groups'
            ? 'groups'
            : `${hop.hop} ${hop.acl}`;
      const set = byHop.get(where) ?? new Set<string>();
      for (const entry of entries) set.add(entry);
      byHop.set(where, set);
    }
  }
  return [...byHop]
    .filter(([, entries]) => entries.size > 0)
    .map(([where, entries]) => `${where}: ${[...entries].join(', ')}`)
    .join('; ');
}

function lowPortsLabel(answers: readonly ReachAnswer[]): string {
  const ports = new Set(answers.flatMap((a) => (a.lowAnswerPortsOnly ?? []).map(portRangeText)));
  return [...ports].join(', ');
}

/** At most this many paths are kept for drawing: the failing ones first. */
const MAX_PATHS = 6;

export function pathDiagram(question: string, answers: readonly NetworkAnswer[]): PathDiagram {
  const paths = answers.flatMap(({ network, answer }) =>
    subnetAnswers(answer).map((subnet) => ({
      network,
      target: subnet.subnet,
      verdict: subnet.verdict,
      hops: subnet.hops.map(
        (hop): PathHop => ({
          hop: hop.hop,
          verdict: hop.verdict,
          label: `${HOPS[hop.hop].short} ${hop.table ?? hop.acl ?? (hop.groups?.join(', ') || '(no groups)')}`,
          where: hop.table ?? hop.acl ?? (hop.groups?.join(', ') || '(no groups)'),
          entries: hop.hop === 'route' ? (hop.routes ?? []) : (hop.entries ?? []),
          closedBy: hop.closed.map((part) => part.by),
        }),
      ),
    })),
  );
  const order = (verdict: string) => (verdict === 'open' ? 1 : 0);
  return { question, paths: paths.sort((a, b) => order(a.verdict) - order(b.verdict)).slice(0, MAX_PATHS) };
}

export function judgeReach(answers: readonly NetworkAnswer[], options: JudgeOptions): Finding {
  return { ...judgeAnswers(answers, options), path: pathDiagram(options.question, answers) };
}

function judgeAnswers(answers: readonly NetworkAnswer[], options: JudgeOptions): Finding {
  const { resource, sources } = options;
  const inferred = sources.inferred ? { inferred: sources.cidrs } : {};
  const unknown = answers.filter(({ answer }) => answer.verdict === 'unknown');
  if (unknown.length > 0) {
    const missing = [...new Set(unknown.flatMap(({ answer }) => answer.unknown ?? []))];
    return {
      status: 'NOT_AVAILABLE',
      resource,
      ...because('path.unknown', { question: options.question, missing }),
    };
  }
  let failing = answers.filter(({ answer }) => answer.verdict !== 'open');
  let setAside: { setAside?: string[] } = {};
  if (sources.inferred && failing.length < answers.length) {
    // Inferred networks are every network the VPC routes privately, including those of
    // other uses (a VPN to another cloud beside the data centre). A network that this
    // path admits nowhere is taken as one of those, not as a broken source; a network
    // admitted in part shows intent and is judged. Configured networks are always judged,
    // and so are inferred ones when none is admitted at all (docs/design/rules-catalog.md).
    const unrelated = failing.filter(({ answer }) => answer.verdict === 'blocked');
    failing = failing.filter(({ answer }) => answer.verdict !== 'blocked');
    if (unrelated.length > 0) setAside = { setAside: unrelated.map((a) => a.network) };
  }
  const open = answers.filter(({ answer }) => answer.verdict === 'open');
  if (failing.length === 0) {
    return {
      status: 'PASSED',
      resource,
      ...because('path.open', {
        question: options.question,
        networks: open.map((a) => a.network),
        allowedBy: allowingEntries(open.map((a) => a.answer)),
        ...setAside,
        ...inferred,
      }),
    };
  }
  const failingSubnets = failing
    .flatMap(({ answer }) => subnetAnswers(answer))
    .filter((a) => a.verdict !== 'open');
  const lowOnly = failingSubnets.filter((a) => a.lowAnswerPortsOnly !== undefined);
  const hard = failing.some(({ answer }) =>
    subnetAnswers(answer).some(
      (a) =>
        a.lowAnswerPortsOnly === undefined &&
        (a.verdict === 'blocked' || a.portsClosedForEveryAddress.length > 0),
    ),
  );
  const ephemeral = portRangeText(options.ephemeral);
  const direction = options.direction ?? 'inbound';
  const closed: ClosedPath[] = [];
  const fixes: string[] = [];
  const commands = new Map<string, FixCommand>();
  for (const { network, answer } of failing) {
    for (const subnet of subnetAnswers(answer)) {
      if (subnet.verdict === 'open') continue;
      const by = subnet.hops.flatMap((hop) => hop.closed.map((part) => part.by));
      closed.push({ network, subnet: subnet.subnet, verdict: subnet.verdict, by });
      for (const hop of subnet.hops) {
        const fix = hopFix(hop, network, ephemeral, direction);
        if (fix !== undefined && !fixes.includes(fix)) fixes.push(fix);
        for (const command of hopCommands(hop, direction, options.routeVia))
          commands.set(JSON.stringify(command), command);
      }
    }
  }
  const lowOnlyRefused = lowOnly.length > 0 && lowOnly.length === failingSubnets.length;
  const extra = options.explain?.(answers);
  return {
    status: hard ? 'FAILED' : 'WARNING',
    resource,
    ...because('path.closed', {
      question: options.question,
      closed,
      ...(lowOnlyRefused ? { lowAnswerPorts: lowPortsLabel(lowOnly) } : {}),
      ...(extra ? { extra } : {}),
      ...setAside,
      ...inferred,
    }),
    remediation: fixes.join('; ') || `Open ${options.question}`,
    ...(commands.size > 0 ? { commands: [...commands.values()] } : {}),
  };
}

/** Evidence for a rule whose source networks are missing. */
export function noSources(resource: ResourceRef, reason: string): Finding {
  return { status: 'NOT_AVAILABLE', resource, evidence: reason };
}

const SEVERITY_ORDER: readonly Status[] = ['PASSED', 'NOT_APPLICABLE', 'WARNING', 'NOT_AVAILABLE', 'FAILED'];

/** The finding that matters most of several about one resource (several ports, endpoints or configurations). */
export function worstFinding(findings: readonly Finding[]): Finding {
  const [first, ...rest] = findings;
  if (first === undefined) throw new Error('worstFinding needs at least one finding');
  return rest.reduce(
    (a, b) => (SEVERITY_ORDER.indexOf(b.status) > SEVERITY_ORDER.indexOf(a.status) ? b : a),
    first,
  );
}
