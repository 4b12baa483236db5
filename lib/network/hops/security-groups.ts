/**
 * The security group hop (docs/design/network-semantics.md, hop 4): stateful, so only the request is
 * judged — a flow passes when a permission of any of the interface's groups allows it; a
 * permission that references a group admits the question's peer groups only.
 */
import type { Cidr } from '../../ip/cidr.js';
import {
  type Box,
  box,
  describeFlows,
  type FlowSet,
  intersectBox,
  lineOf,
  subtract,
  union,
} from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import {
  ALL_PORTS,
  flowsLabel,
  GROUP_PROTOCOL,
  type HopReport,
  hopVerdict,
  ICMP_TYPES,
  type PortRange,
  type Protocol,
  parseBlock,
  portsLabel,
  prefixListBlocks,
  type Question,
} from '../question.js';

interface GroupRules {
  rules: { box: Box; label: string }[];
  /** Permissions that reference another group: they admit members of that group. */
  references: { groupId: string; ports: PortRange; label: string }[];
  /** Permissions whose prefix list could not be read, with the ports they would open. */
  unknown: { ports: PortRange; message: string }[];
}

const groupCache = new WeakMap<NetworkIndex, Map<string, Known<GroupRules>>>();

/** A group's TCP permissions in one direction as boxes, parsed once per index. */
function groupRules(
  groupId: string,
  direction: 'inbound' | 'outbound',
  index: NetworkIndex,
  protocol: Protocol,
): Known<GroupRules> {
  let perIndex = groupCache.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    groupCache.set(index, perIndex);
  }
  const key = `${groupId} ${direction} ${protocol}`;
  let cached = perIndex.get(key);
  if (cached === undefined) {
    cached = readGroupRules(groupId, direction, index, protocol);
    perIndex.set(key, cached);
  }
  return cached;
}

function readGroupRules(
  groupId: string,
  direction: 'inbound' | 'outbound',
  index: NetworkIndex,
  protocol: Protocol,
): Known<GroupRules> {
  const group = index.groups.get(groupId);
  if (group === undefined) return unknown(`security group ${groupId} is not in the snapshot`);
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
    const texts = [
      ...(permission.IpRanges ?? []).map((range) => range.CidrIp),
      ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6),
    ];
    for (const text of texts) {
      if (!text) continue;
      const block = parseBlock(text, groupId);
      if (!block.known) return block;
      add(block.value, text);
    }
    for (const reference of permission.PrefixListIds ?? []) {
      if (!reference.PrefixListId) continue;
      const blocks = prefixListBlocks(index, reference.PrefixListId);
      // Unknown only for the ports it would open: the hop decides whether that matters.
      if (!blocks.known) result.unknown.push({ ports, message: blocks.missing });
      else for (const block of blocks.value) add(block, `${reference.PrefixListId} (${block.text})`);
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
  return known(result);
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

export function securityGroupHop(
  input: FlowSet,
  question: Question,
  index: NetworkIndex,
): Known<{ open: Box[]; report: HopReport }> {
  const side = question.direction === 'inbound' ? 'from' : 'to';
  let open: Box[] = [];
  const entries: string[] = [];
  const unknownLists: string[] = [];
  for (const assumed of question.assumedPermissions ?? []) {
    const blocks: Cidr[] = [];
    for (const text of assumed.cidrs) {
      const block = parseBlock(text, assumed.label);
      if (!block.known) return block;
      blocks.push(block.value);
    }
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
    const read = groupRules(groupId, question.direction, index, question.protocol ?? 'tcp');
    if (!read.known) return read;
    const rules = read.value;
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
    for (const gap of rules.unknown) {
      if (bounds !== undefined && gap.ports.from <= bounds.p2 && bounds.p1 <= gap.ports.to)
        unknownLists.push(gap.message);
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
  if (unknownLists.length > 0 && missingSet.length > 0) return unknown(unknownLists[0] as string);
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
  return known({ open, report });
}
