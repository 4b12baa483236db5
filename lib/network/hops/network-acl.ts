/**
 * The network ACL hops (docs/design/network-semantics.md, hops 2 and 3): stateless, so the request and
 * its answers are judged apart — the entries in ascending rule number, the first that matches
 * a flow deciding it; an answer passes only if every ephemeral port it may use is allowed back.
 */
import type { Ec2NetworkAcl, Ec2Subnet } from '../../inventory/types.js';
import {
  addressesOf,
  type Box,
  box,
  describeAddresses,
  describeFlows,
  type FlowSet,
  intersect,
  intersectBox,
  lineOf,
  portsOf,
  subtract,
  subtractBox,
} from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import {
  ACL_PROTOCOL,
  ALL_PORTS,
  type ClosedPart,
  everyPort,
  flowsLabel,
  type HopReport,
  hopVerdict,
  ICMP_TYPES,
  type PortRange,
  type Protocol,
  parseBlock,
  portsLabel,
} from '../question.js';

type AclEntry = NonNullable<Ec2NetworkAcl['Entries']>[number];

/** An entry's flows; AWS always returns each of these fields, so a missing one makes the answer unknown. */
function aclEntryBox(entry: AclEntry, acl: Ec2NetworkAcl, protocol: Protocol): Known<Box | undefined> {
  const where = `${acl.NetworkAclId} rule ${entry.RuleNumber ?? '(no number)'}`;
  if (entry.Protocol === undefined || entry.RuleNumber === undefined || entry.RuleAction === undefined)
    return unknown(`${where} lacks its protocol, number or action in the snapshot`);
  if (entry.Protocol !== '-1' && entry.Protocol !== ACL_PROTOCOL[protocol]) return known(undefined);
  const text = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (text === undefined) return unknown(`${where} has no CIDR block in the snapshot`);
  const block = parseBlock(text, where);
  if (!block.known) return block;
  const interval = lineOf(block.value);
  if (entry.Protocol === '-1') return known(box(interval, ALL_PORTS.from, ALL_PORTS.to));
  if (protocol === 'icmp') {
    // ICMP entries name a type (and code); -1 is every type.
    const type = entry.IcmpTypeCode?.Type;
    if (type === undefined) return unknown(`${where} is an ICMP entry without its type in the snapshot`);
    return known(type === -1 ? box(interval, ICMP_TYPES.from, ICMP_TYPES.to) : box(interval, type, type));
  }
  if (entry.PortRange?.From === undefined || entry.PortRange.To === undefined)
    return unknown(`${where} is a ${protocol.toUpperCase()} entry without its port range in the snapshot`);
  return known(box(interval, entry.PortRange.From, entry.PortRange.To));
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
type OrderedEntries = Record<'ingress' | 'egress', { entry: AclEntry; box: Box }[]>;
const aclCache = new WeakMap<Ec2NetworkAcl, Partial<Record<Protocol, Known<OrderedEntries>>>>();

/** An ACL's TCP-relevant entries in evaluation order, parsed once. */
function orderedEntries(
  acl: Ec2NetworkAcl,
  egress: boolean,
  protocol: Protocol,
): Known<{ entry: AclEntry; box: Box }[]> {
  let perProtocol = aclCache.get(acl);
  if (perProtocol === undefined) {
    perProtocol = {};
    aclCache.set(acl, perProtocol);
  }
  let cached = perProtocol[protocol];
  if (cached === undefined) {
    cached = orderEntries(acl, protocol);
    perProtocol[protocol] = cached;
  }
  if (!cached.known) return cached;
  return known(egress ? cached.value.egress : cached.value.ingress);
}

function orderEntries(acl: Ec2NetworkAcl, protocol: Protocol): Known<OrderedEntries> {
  const entries = acl.Entries;
  if (entries === undefined) return unknown(`${acl.NetworkAclId} has no Entries in the snapshot`);
  const undirected = entries.find((entry) => entry.Egress === undefined);
  if (undirected !== undefined)
    return unknown(`${acl.NetworkAclId} rule ${undirected.RuleNumber} has no Egress flag in the snapshot`);
  const ordered: OrderedEntries = { ingress: [], egress: [] };
  for (const entry of [...entries].sort((x, y) => (x.RuleNumber ?? 0) - (y.RuleNumber ?? 0))) {
    const entryBox = aclEntryBox(entry, acl, protocol);
    if (!entryBox.known) return entryBox;
    if (entryBox.value !== undefined)
      ordered[entry.Egress ? 'egress' : 'ingress'].push({ entry, box: entryBox.value });
  }
  return known(ordered);
}

function firstMatch(
  input: FlowSet,
  acl: Ec2NetworkAcl,
  egress: boolean,
  protocol: Protocol,
): Known<FirstMatch> {
  const ordered = orderedEntries(acl, egress, protocol);
  if (!ordered.known) return ordered;
  let remaining: Box[] = [...input];
  const result: FirstMatch = { allowed: [], allowedBy: [], denied: [], unmatched: [] };
  for (const { entry, box: entryBox } of ordered.value) {
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
  return known(result);
}

export function aclOf(subnet: Ec2Subnet, index: NetworkIndex): Known<Ec2NetworkAcl> {
  const acl = index.networkAclOf(subnet);
  return acl === undefined
    ? unknown(`no network ACL is associated with ${subnet.SubnetId} in the snapshot`)
    : known(acl);
}

/** The hop that sees the request: ingress entries for inbound questions, egress for outbound. */
export function requestAclHop(
  input: FlowSet,
  acl: Ec2NetworkAcl,
  direction: 'inbound' | 'outbound',
  side: 'from' | 'to',
  protocol: Protocol,
): Known<{ open: Box[]; report: HopReport }> {
  const egress = direction === 'outbound';
  const matched = firstMatch(input, acl, egress, protocol);
  if (!matched.known) return matched;
  const match = matched.value;
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
  return known({
    open: match.allowed,
    report: {
      hop: egress ? 'nacl-outbound' : 'nacl-inbound',
      verdict: hopVerdict(input, match.allowed),
      acl: acl.NetworkAclId,
      entries: match.allowedBy,
      closed,
    },
  });
}

/**
 * The hop that sees the answers. ACLs are stateless: an answer goes back to the
 * client's ephemeral port, which may be any port of `ephemeral`, so an address
 * passes only if every one of those ports is allowed back to it.
 */
export function answerAclHop(
  input: FlowSet,
  acl: Ec2NetworkAcl,
  direction: 'inbound' | 'outbound',
  ephemeral: PortRange,
  protocol: Protocol,
): Known<{ open: Box[]; report: HopReport; refusedPorts: PortRange[] }> {
  const egress = direction === 'inbound';
  const answers = addressesOf(input).map((interval) => box(interval, ephemeral.from, ephemeral.to));
  const matched = firstMatch(answers, acl, egress, protocol);
  if (!matched.known) return matched;
  const match = matched.value;
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
  return known({
    open,
    refusedPorts: portsOf([...match.denied.flatMap((d) => d.set), ...match.unmatched]),
    report: {
      hop: egress ? 'nacl-outbound' : 'nacl-inbound',
      verdict: hopVerdict(input, open),
      acl: acl.NetworkAclId,
      entries: match.allowedBy,
      closed,
    },
  });
}
