/**
 * The `firewall` hop (docs/design/network-semantics.md, "Inspection"): flows that a route sent through a
 * Network Firewall endpoint meet its policy. Stateless rule groups first, by priority, the
 * request and its answers each on their own (stateless rules keep no state); what they forward
 * meets the stateful rules — 5-tuple rules in the policy's rule order (default action order:
 * pass before drop; strict order: first match, then the stateful default actions) — and a flow
 * the stateful engine passes has its answers passed too. Network Firewall Developer Guide,
 * "How Network Firewall evaluates rules" (rule evaluation order).
 */
import type { Ec2Subnet } from '../../inventory/types.js';
import type { FirewallData } from '../firewall-index.js';
import { type FlowFrame, type Match, regionOf, statefulMatches, statelessMatch } from '../firewall-rules.js';
import { type Box, box, describeFlows, intersect, isEmpty, lineOf, subtract, union } from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import {
  type ClosedPart,
  everyPort,
  type HopReport,
  hopVerdict,
  type PortRange,
  type Protocol,
  parseBlock,
} from '../question.js';
import type { Inspected } from './inspection.js';

/** Parsed once per rule and protocol: thousands of questions meet the same rules. */
const parsed = new WeakMap<object, Map<string, unknown>>();

function once<T>(rule: object, key: string, compute: () => T): T {
  let perRule = parsed.get(rule);
  if (perRule === undefined) {
    perRule = new Map();
    parsed.set(rule, perRule);
  }
  if (!perRule.has(key)) perRule.set(key, compute());
  return perRule.get(key) as T;
}

interface Verdicts {
  pass: Box[];
  drop: { flows: Box[]; by: string }[];
  forward: Box[];
}

type Reference = { ResourceArn?: string; Priority?: number };

function ordered(references: readonly Reference[] | undefined): Reference[] {
  return [...(references ?? [])].sort((x, y) => (x.Priority ?? 0) - (y.Priority ?? 0));
}

const ACTIONS = ['aws:pass', 'aws:drop', 'aws:forward_to_sfe'] as const;

/** The stateless rule groups in priority order, for one leg of the flows. */
function stateless(
  flows: Box[],
  data: FirewallData,
  frame: FlowFrame,
  leg: 'request' | 'answer',
): Known<Verdicts> {
  const verdicts: Verdicts = { pass: [], drop: [], forward: [] };
  let remaining = flows;
  const policy: NonNullable<FirewallData['policy']['FirewallPolicy']> = data.policy.FirewallPolicy ?? {
    StatelessDefaultActions: undefined,
    StatelessFragmentDefaultActions: undefined,
  };
  for (const reference of ordered(policy.StatelessRuleGroupReferences)) {
    if (isEmpty(remaining)) break;
    const group = data.groups.get(reference.ResourceArn ?? '');
    if (group === undefined)
      return unknown(`rule group ${reference.ResourceArn} of firewall ${data.name} is not in the snapshot`);
    const name = group.RuleGroupResponse?.RuleGroupName ?? reference.ResourceArn;
    const source = group.RuleGroup?.RulesSource as
      | {
          StatelessRulesAndCustomActions?: {
            StatelessRules?: {
              Priority?: number;
              RuleDefinition?: { MatchAttributes?: object; Actions?: string[] };
            }[];
          };
        }
      | undefined;
    const rules = source?.StatelessRulesAndCustomActions?.StatelessRules;
    if (rules === undefined)
      return unknown(
        `the rules of stateless rule group ${name} (firewall ${data.name}) are not in the snapshot`,
      );
    for (const rule of [...rules].sort((x, y) => (x.Priority ?? 0) - (y.Priority ?? 0))) {
      if (isEmpty(remaining)) break;
      const where = `stateless rule group ${name}, priority ${rule.Priority}`;
      const match = once(rule, frame.protocol, () =>
        statelessMatch(rule.RuleDefinition?.MatchAttributes, frame.protocol, where),
      );
      if (!match.known) return match;
      if (match.value === undefined) continue;
      const region = regionOf(match.value, frame, leg, where);
      if (!region.known) return region;
      const matched = intersect(remaining, region.value);
      if (isEmpty(matched)) continue;
      const action = (rule.RuleDefinition?.Actions ?? []).find((a) =>
        (ACTIONS as readonly string[]).includes(a),
      );
      if (action === undefined)
        return unknown(`${where} has no pass, drop or forward action the engine reads`);
      if (action === 'aws:pass') verdicts.pass = union(verdicts.pass, matched);
      else if (action === 'aws:forward_to_sfe') verdicts.forward = union(verdicts.forward, matched);
      else verdicts.drop.push({ flows: matched, by: `${where} drops them` });
      remaining = subtract(remaining, region.value);
    }
  }
  if (!isEmpty(remaining)) {
    const defaults = policy.StatelessDefaultActions;
    const action = defaults?.find((a) => (ACTIONS as readonly string[]).includes(a));
    if (action === undefined)
      return unknown(`the stateless default actions of firewall ${data.name} are not in the snapshot`);
    if (action === 'aws:pass') verdicts.pass = union(verdicts.pass, remaining);
    else if (action === 'aws:forward_to_sfe') verdicts.forward = union(verdicts.forward, remaining);
    else verdicts.drop.push({ flows: remaining, by: 'the stateless default action aws:drop' });
  }
  return known(verdicts);
}

/** The variables a stateful rule group defines (IP sets), with the policy's own. */
function variablesOf(group: { RuleGroup?: object } | undefined, data: FirewallData): Map<string, string[]> {
  const variables = new Map<string, string[]>();
  const sets = [
    (
      data.policy.FirewallPolicy as
        | { PolicyVariables?: { RuleVariables?: Record<string, { Definition?: string[] }> } }
        | undefined
    )?.PolicyVariables?.RuleVariables,
    (
      group?.RuleGroup as
        | { RuleVariables?: { IPSets?: Record<string, { Definition?: string[] }> } }
        | undefined
    )?.RuleVariables?.IPSets,
  ];
  for (const set of sets)
    for (const [name, value] of Object.entries(set ?? {})) variables.set(name, value.Definition ?? []);
  return variables;
}

type StatefulRule = { Action?: string; Header?: object; RuleOptions?: { Keyword?: string }[] };

/** The stateful engine over the requests forwarded to it: which pass, which are dropped and by what. */
function stateful(
  flows: Box[],
  data: FirewallData,
  frame: FlowFrame,
): Known<{ pass: Box[]; drop: { flows: Box[]; by: string }[] }> {
  const policy: NonNullable<FirewallData['policy']['FirewallPolicy']> = data.policy.FirewallPolicy ?? {
    StatelessDefaultActions: undefined,
    StatelessFragmentDefaultActions: undefined,
  };
  const strict = policy.StatefulEngineOptions?.RuleOrder === 'STRICT_ORDER';
  const references = strict
    ? ordered(policy.StatefulRuleGroupReferences)
    : (policy.StatefulRuleGroupReferences ?? []);
  let passRegion: Box[] = [];
  const drops: { flows: Box[]; by: string }[] = [];
  let remaining = flows;
  let unreadable: string | undefined;
  for (const reference of references) {
    if (strict && isEmpty(remaining)) break;
    const group = data.groups.get(reference.ResourceArn ?? '');
    if (group === undefined)
      return unknown(`rule group ${reference.ResourceArn} of firewall ${data.name} is not in the snapshot`);
    const name = group.RuleGroupResponse?.RuleGroupName ?? reference.ResourceArn ?? '';
    const source = group.RuleGroup?.RulesSource as
      | { StatefulRules?: StatefulRule[]; RulesString?: string; RulesSourceList?: unknown }
      | undefined;
    const rules = source?.StatefulRules;
    const gap = (why: string) => `stateful rule group ${name} of firewall ${data.name}: ${why}`;
    if (rules === undefined) {
      const why =
        source?.RulesString !== undefined
          ? 'a Suricata rule string, which the engine does not read'
          : source?.RulesSourceList !== undefined
            ? 'a domain list, which the engine does not follow'
            : 'its rules are not in the snapshot';
      if (strict) return isEmpty(remaining) ? known({ pass: passRegion, drop: drops }) : unknown(gap(why));
      unreadable ??= gap(why);
      continue;
    }
    const variables = variablesOf(group, data);
    for (const [position, rule] of rules.entries()) {
      if (strict && isEmpty(remaining)) break;
      const where = `stateful rule group ${name}, rule ${position + 1}`;
      const matches = once(rule, frame.protocol, () =>
        statefulMatches(rule, frame.protocol, variables, where),
      );
      const action = (rule.Action ?? '').toUpperCase();
      if (!matches.known) {
        if (strict) return unknown(matches.missing);
        unreadable ??= matches.missing;
        continue;
      }
      let region: Box[] = [];
      for (const match of matches.value as Match[]) {
        const part = regionOf(match, frame, 'request', where);
        if (!part.known) {
          if (strict) return unknown(part.missing);
          unreadable ??= part.missing;
          region = [];
          break;
        }
        region = union(region, part.value);
      }
      if (action === 'ALERT' || isEmpty(region)) continue;
      if (action === 'PASS') passRegion = union(passRegion, strict ? intersect(remaining, region) : region);
      else if (action === 'DROP' || action === 'REJECT') {
        const dropped = intersect(remaining, region);
        if (!isEmpty(dropped))
          drops.push({ flows: dropped, by: `${where} (${action.toLowerCase()}) refuses them` });
      } else return unknown(`${where} has the action ${rule.Action}, which the engine does not read`);
      if (strict) remaining = subtract(remaining, region);
    }
  }
  if (strict) {
    const defaults = policy.StatefulDefaultActions ?? [];
    const dropping = defaults.find((a) => a === 'aws:drop_strict' || a === 'aws:drop_established');
    if (dropping !== undefined && !isEmpty(remaining))
      drops.push({ flows: remaining, by: `the stateful default action ${dropping}` });
    else passRegion = union(passRegion, remaining);
    return known({ pass: intersect(flows, passRegion), drop: drops });
  }
  // Default action order: a pass rule wins over every drop; what no rule matches passes.
  const passed = intersect(flows, passRegion);
  const undecided = subtract(flows, passed);
  if (unreadable !== undefined && !isEmpty(undecided)) return unknown(unreadable);
  const refused = drops
    .map((d) => ({ flows: subtract(d.flows, passed), by: d.by }))
    .filter((d) => !isEmpty(d.flows));
  const droppedAll = refused.reduce<Box[]>((all, d) => union(all, d.flows), []);
  return known({ pass: subtract(flows, droppedAll), drop: refused });
}

/** One firewall's decision over the flows routed through it: what it lets through, and what closes the rest. */
function throughFirewall(
  flows: Box[],
  data: FirewallData,
  frame: FlowFrame,
): Known<{ open: Box[]; closed: { flows: Box[]; by: string }[] }> {
  const request = stateless(flows, data, frame, 'request');
  if (!request.known) return request;
  const answer = stateless(flows, data, frame, 'answer');
  if (!answer.known) return answer;
  const engine = stateful(request.value.forward, data, frame);
  if (!engine.known) return engine;
  // Answers forwarded to the stateful engine pass when it tracks their flow (it passed the request);
  // answers of a request passed statelessly are new to it, and the engine cannot tell their fate.
  const strays = intersect(answer.value.forward, request.value.pass);
  if (!isEmpty(strays))
    return unknown(
      `firewall ${data.name} passes requests statelessly and forwards their answers to the stateful engine`,
    );
  const requestOpen = union(request.value.pass, engine.value.pass);
  const answersOpen = union(answer.value.pass, intersect(answer.value.forward, engine.value.pass));
  const open = intersect(requestOpen, answersOpen);
  const closed = [
    ...request.value.drop.map((d) => ({ flows: d.flows, by: `firewall ${data.name}: ${d.by}` })),
    ...engine.value.drop.map((d) => ({ flows: d.flows, by: `firewall ${data.name}: ${d.by}` })),
    ...answer.value.drop.map((d) => ({
      flows: d.flows,
      by: `firewall ${data.name}: ${d.by.replace('drops them', 'drops their answers')}`,
    })),
  ];
  return known({ open, closed });
}

/**
 * The client's ephemeral range cut where some rule's ports start or end: within a piece, every
 * rule matches all of the client's ports or none, and the flow must pass whichever port the
 * client picks (as the network ACL's answers must).
 */
function ephemeralPieces(data: FirewallData, ephemeral: PortRange, protocol: Protocol): PortRange[] {
  const key = `${protocol} ${ephemeral.from}-${ephemeral.to}`;
  return once(data.policy, key, () => {
    const cuts = new Set<number>([ephemeral.from, ephemeral.to + 1]);
    const cut = (ranges: readonly PortRange[]) => {
      for (const range of ranges) {
        cuts.add(range.from);
        cuts.add(range.to + 1);
      }
    };
    const policy = data.policy.FirewallPolicy;
    // The ports a rule puts on the client's side: a stateless rule's both (request and answers),
    // a stateful rule's source ports (its destination ports too when it matches either way).
    for (const reference of policy?.StatelessRuleGroupReferences ?? []) {
      const group = data.groups.get(reference.ResourceArn ?? '');
      const name = group?.RuleGroupResponse?.RuleGroupName ?? reference.ResourceArn;
      const source = group?.RuleGroup?.RulesSource as
        | {
            StatelessRulesAndCustomActions?: {
              StatelessRules?: { Priority?: number; RuleDefinition?: { MatchAttributes?: object } }[];
            };
          }
        | undefined;
      for (const rule of source?.StatelessRulesAndCustomActions?.StatelessRules ?? []) {
        const where = `stateless rule group ${name}, priority ${rule.Priority}`;
        const match = once(rule, protocol, () =>
          statelessMatch(rule.RuleDefinition?.MatchAttributes, protocol, where),
        );
        if (match.known && match.value !== undefined)
          cut([...match.value.sourcePorts, ...match.value.destinationPorts]);
      }
    }
    for (const reference of policy?.StatefulRuleGroupReferences ?? []) {
      const group = data.groups.get(reference.ResourceArn ?? '');
      const rules = (group?.RuleGroup?.RulesSource as { StatefulRules?: StatefulRule[] } | undefined)
        ?.StatefulRules;
      const name = group?.RuleGroupResponse?.RuleGroupName ?? reference.ResourceArn ?? '';
      for (const [position, rule] of (rules ?? []).entries()) {
        const where = `stateful rule group ${name}, rule ${position + 1}`;
        const matches = once(rule, protocol, () =>
          statefulMatches(rule, protocol, variablesOf(group, data), where),
        );
        if (matches.known) for (const match of matches.value) cut(match.sourcePorts);
      }
    }
    const points = [...cuts]
      .filter((p) => p >= ephemeral.from && p <= ephemeral.to + 1)
      .sort((x, y) => x - y);
    return points.slice(0, -1).map((from, i) => ({ from, to: (points[i + 1] ?? ephemeral.to + 1) - 1 }));
  });
}

/** One firewall over every piece of the client's ephemeral range: open only where every piece is. */
function acrossEphemeral(
  flows: Box[],
  data: FirewallData,
  frame: FlowFrame,
): Known<{ open: Box[]; closed: { flows: Box[]; by: string }[] }> {
  let open = flows;
  const closed = new Map<string, Box[]>();
  for (const piece of ephemeralPieces(data, frame.ephemeral, frame.protocol)) {
    const decided = throughFirewall(flows, data, { ...frame, ephemeral: piece });
    if (!decided.known) return decided;
    open = intersect(open, decided.value.open);
    for (const part of decided.value.closed)
      closed.set(part.by, union(closed.get(part.by) ?? [], part.flows));
  }
  return known({ open, closed: [...closed].map(([by, boxes]) => ({ flows: boxes, by })) });
}

/** The `firewall` hop over the flows that went through a firewall's endpoint; none when no firewall is on the path. */
export function firewallHop(
  flows: Box[],
  inspected: readonly Inspected[],
  subnet: Ec2Subnet,
  index: NetworkIndex,
  question: { direction: 'inbound' | 'outbound'; protocol: Protocol; ephemeral: PortRange },
): Known<{ open: Box[]; report?: HopReport }> {
  const byFirewall = new Map<string, Inspected[]>();
  for (const entry of inspected)
    if (entry.firewall !== undefined)
      byFirewall.set(entry.firewall, [...(byFirewall.get(entry.firewall) ?? []), entry]);
  if (byFirewall.size === 0) return known({ open: flows });
  if (subnet.CidrBlock === undefined)
    return unknown(`the CIDR block of ${subnet.SubnetId} is not in the snapshot`);
  const block = parseBlock(subnet.CidrBlock, subnet.SubnetId);
  if (!block.known) return block;
  const frame: FlowFrame = {
    protocol: question.protocol,
    subnetBlock: lineOf(block.value),
    ephemeral: question.ephemeral,
    direction: question.direction,
  };
  let open = flows;
  const closed: ClosedPart[] = [];
  let reached: Box[] = [];
  const names: string[] = [];
  for (const [arn, entries] of byFirewall) {
    const through = intersect(open, everyPort(entries.flatMap((e) => e.addresses.map((a) => box(a, 0, 0)))));
    if (isEmpty(through)) continue;
    reached = union(reached, through);
    const data = index.firewalls.firewall(arn);
    if (!data.known) return data;
    names.push(data.value.name);
    const decided = acrossEphemeral(through, data.value, frame);
    if (!decided.known) return decided;
    for (const part of decided.value.closed) {
      const flowsHere = intersect(through, part.flows);
      if (!isEmpty(flowsHere)) closed.push({ flows: describeFlows(flowsHere), by: part.by });
    }
    open = subtract(open, subtract(through, decided.value.open));
  }
  if (isEmpty(reached)) return known({ open });
  return known({
    open,
    report: {
      hop: 'firewall',
      verdict: hopVerdict(reached, intersect(reached, open)),
      table: names.join(', '),
      closed,
    },
  });
}
