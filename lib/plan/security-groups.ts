/**
 * Security groups of a plan laid over the snapshot: `aws_security_group` (its inline rules
 * replace the whole set), and the rule resources `aws_vpc_security_group_ingress_rule`/
 * `_egress_rule` and `aws_security_group_rule`, each matched by content in its group (a rule
 * has no id of its own in the describe output).
 */
import type { Ec2SecurityGroup } from '../inventory/types.js';
import { apiProtocol } from './protocols.js';
import { idOf, listOf, type Mapping } from './target.js';
import { type Json, record, strings } from './values.js';

type IpPermission = NonNullable<Ec2SecurityGroup['IpPermissions']>[number];

function permission(rule: {
  protocol: string;
  from: unknown;
  to: unknown;
  cidrs?: string[];
  ipv6?: string[];
  prefixLists?: string[];
  groups?: string[];
}): IpPermission | string {
  const protocol = apiProtocol(rule.protocol);
  if (protocol === undefined) return `protocol "${rule.protocol}" is not one hna knows`;
  return {
    IpProtocol: protocol,
    ...(protocol === '-1' ? {} : { FromPort: Number(rule.from), ToPort: Number(rule.to) }),
    IpRanges: (rule.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: (rule.ipv6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: (rule.prefixLists ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: (rule.groups ?? []).map((GroupId) => ({ GroupId })),
  };
}

/** An inline `ingress`/`egress` block of `aws_security_group`. */
function inlinePermission(block: Json, groupId: string): IpPermission | string {
  return permission({
    protocol: String(block.protocol ?? ''),
    from: block.from_port,
    to: block.to_port,
    cidrs: strings(block.cidr_blocks),
    ipv6: strings(block.ipv6_cidr_blocks),
    prefixLists: strings(block.prefix_list_ids),
    groups: [...strings(block.security_groups), ...(block.self === true ? [groupId] : [])],
  });
}

/** One rule resource as a permission, and the group and direction it belongs to. */
function ruleOf(
  type: string,
  values: Json,
): { groupId: string; egress: boolean; permission: IpPermission | string } {
  if (type === 'aws_security_group_rule')
    return {
      groupId: String(values.security_group_id ?? ''),
      egress: values.type === 'egress',
      permission: permission({
        protocol: String(values.protocol ?? ''),
        from: values.from_port,
        to: values.to_port,
        cidrs: strings(values.cidr_blocks),
        ipv6: strings(values.ipv6_cidr_blocks),
        prefixLists: strings(values.prefix_list_ids),
        groups: [
          ...(typeof values.source_security_group_id === 'string' ? [values.source_security_group_id] : []),
          ...(values.self === true ? [String(values.security_group_id ?? '')] : []),
        ],
      }),
    };
  const one = (value: unknown) => (typeof value === 'string' && value !== '' ? [value] : []);
  return {
    groupId: String(values.security_group_id ?? ''),
    egress: type === 'aws_vpc_security_group_egress_rule',
    permission: permission({
      protocol: String(values.ip_protocol ?? ''),
      from: values.from_port ?? -1,
      to: values.to_port ?? -1,
      cidrs: one(values.cidr_ipv4),
      ipv6: one(values.cidr_ipv6),
      prefixLists: one(values.prefix_list_id),
      groups: one(values.referenced_security_group_id),
    }),
  };
}

const sameRule = (a: IpPermission, b: IpPermission) =>
  a.IpProtocol === b.IpProtocol && a.FromPort === b.FromPort && a.ToPort === b.ToPort;

/** Removes one rule's sources from the permissions that hold them (matched by content). */
function withoutRule(permissions: IpPermission[], removed: IpPermission): IpPermission[] {
  const drop = <T>(list: T[] | undefined, gone: T[] | undefined, key: (item: T) => unknown) =>
    (list ?? []).filter((item) => !(gone ?? []).some((g) => key(g) === key(item)));
  return permissions
    .map((p) =>
      sameRule(p, removed)
        ? {
            ...p,
            IpRanges: drop(p.IpRanges, removed.IpRanges, (r) => r.CidrIp),
            Ipv6Ranges: drop(p.Ipv6Ranges, removed.Ipv6Ranges, (r) => r.CidrIpv6),
            PrefixListIds: drop(p.PrefixListIds, removed.PrefixListIds, (r) => r.PrefixListId),
            UserIdGroupPairs: drop(p.UserIdGroupPairs, removed.UserIdGroupPairs, (r) => r.GroupId),
          }
        : p,
    )
    .filter(
      (p) =>
        !sameRule(p, removed) ||
        (p.IpRanges?.length ?? 0) +
          (p.Ipv6Ranges?.length ?? 0) +
          (p.PrefixListIds?.length ?? 0) +
          (p.UserIdGroupPairs?.length ?? 0) >
          0,
    );
}

/** `aws_security_group`: the group as planned, its inline rules the whole set. */
export const securityGroupChange: Mapping = (change, steps, target) => {
  const groups = listOf(target, 'SecurityGroups');
  if (typeof groups === 'string') return groups;
  const id = idOf(change);
  const was = idOf(change, 'id', 'before');
  // What the plan does not describe (its owner, its description) stays as the snapshot has it, unless replaced.
  let previous: Ec2SecurityGroup | undefined;
  for (const step of steps) {
    if (!step.add) {
      const index = groups.findIndex((g) => g.GroupId === was);
      if (index >= 0) [previous] = groups.splice(index, 1);
      if (was !== id) previous = undefined;
      continue;
    }
    const values = step.values;
    const ingress = (Array.isArray(values.ingress) ? values.ingress : []).map((b) =>
      inlinePermission(record(b), id),
    );
    const egress = (Array.isArray(values.egress) ? values.egress : []).map((b) =>
      inlinePermission(record(b), id),
    );
    const bad = [...ingress, ...egress].find((p): p is string => typeof p === 'string');
    if (bad !== undefined) return bad;
    const item = {
      ...(previous ?? {}),
      GroupId: id,
      ...(typeof values.vpc_id === 'string' ? { VpcId: values.vpc_id } : {}),
      ...(typeof values.name === 'string' ? { GroupName: values.name } : {}),
      IpPermissions: ingress as IpPermission[],
      IpPermissionsEgress: egress as IpPermission[],
    } as Ec2SecurityGroup;
    groups.push(item);
  }
  return { ids: [...new Set(steps.map((step) => (step.add ? id : was)))] };
};

/** A rule resource: the before rule leaves its group, the after rule joins it. */
export const securityGroupRuleChange: Mapping = (change, steps, target) => {
  const groups = listOf(target, 'SecurityGroups');
  if (typeof groups === 'string') return groups;
  const ids: string[] = [];
  for (const step of steps) {
    const rule = ruleOf(change.type, step.values);
    if (typeof rule.permission === 'string') return rule.permission;
    const group = groups.find((g) => g.GroupId === rule.groupId);
    if (group === undefined)
      return `security group ${rule.groupId || '(unknown)'} is neither in the snapshot nor created by the plan`;
    const key = rule.egress ? 'IpPermissionsEgress' : 'IpPermissions';
    group[key] = step.add
      ? [...(group[key] ?? []), rule.permission]
      : withoutRule(group[key] ?? [], rule.permission);
    ids.push(rule.groupId);
  }
  return { ids: [...new Set(ids)] };
};
