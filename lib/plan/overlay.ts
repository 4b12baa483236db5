/**
 * A Terraform plan laid over a snapshot (cli.md, "hna plan"): the *after* snapshot. Created
 * resources take their planned id, or `tf:<address>` when the id is known only after apply;
 * updated ones replace the item with the same id; deleted ones disappear; items without an id
 * of their own (a security group rule) are matched by content.
 *
 * Mapped so far: security groups and their rules (`aws_security_group` — inline rules replace
 * the whole set — `aws_vpc_security_group_ingress_rule`/`_egress_rule`, `aws_security_group_rule`),
 * VPC routes (`aws_route`) and transit gateway routes (`aws_ec2_transit_gateway_route`, a
 * blackhole included), each matched by its table and destination, and network ACL entries
 * (`aws_network_acl_rule`, matched by ACL, rule number and direction), VPC endpoints
 * (`aws_vpc_endpoint`: what is known only after apply — its DNS names, its interfaces — is left
 * out, so the results that read it are NOT_AVAILABLE naming `address.attribute`) and bucket
 * policies (`aws_s3_bucket_policy`: a policy unknown at plan time, as one built from an endpoint
 * created in the same plan, makes the bucket's policy unread: NOT_AVAILABLE, never FAILED).
 * A resource type the rules read that is not mapped yet, or a mapped one whose values are
 * known only after apply, makes the list it would change unavailable in the after snapshot,
 * naming the address: the rules that read it are NOT_AVAILABLE, never PASSED on a guess.
 */

import { type InventoryList, LISTS, splitList } from '../inventory/registry.js';
import type { Ec2SecurityGroup, Snapshot } from '../inventory/types.js';
import { bucketPolicyChange, endpointChange } from './endpoints.js';
import { apiProtocol } from './protocols.js';
import { aclChange, routeChange } from './table-entries.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { anyUnknown, type Json, record, strings } from './values.js';

export { aclProtocol, apiProtocol, PROTOCOLS, terraformProtocol } from './protocols.js';

type IpPermission = NonNullable<Ec2SecurityGroup['IpPermissions']>[number];

/** Resource types whose changes hna maps onto the snapshot. */
const MAPPED = new Set([
  'aws_vpc_endpoint',
  'aws_s3_bucket_policy',
  'aws_network_acl_rule',
  'aws_route',
  'aws_ec2_transit_gateway_route',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_security_group_rule',
]);

/** Resource types the rules read, with the lists a change of them alters (not mapped yet unless in MAPPED). */
export const READ_BY_RULES: Readonly<Record<string, readonly InventoryList[]>> = {
  aws_security_group: ['ec2.SecurityGroups'],
  aws_vpc_security_group_ingress_rule: ['ec2.SecurityGroups'],
  aws_vpc_security_group_egress_rule: ['ec2.SecurityGroups'],
  aws_security_group_rule: ['ec2.SecurityGroups'],
  aws_network_acl: ['ec2.NetworkAcls'],
  aws_network_acl_rule: ['ec2.NetworkAcls'],
  aws_network_acl_association: ['ec2.NetworkAcls'],
  aws_route_table: ['ec2.RouteTables'],
  aws_route: ['ec2.RouteTables'],
  aws_route_table_association: ['ec2.RouteTables'],
  aws_main_route_table_association: ['ec2.RouteTables'],
  aws_vpn_gateway_route_propagation: ['ec2.RouteTables'],
  aws_vpc_endpoint: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
  aws_vpc_endpoint_subnet_association: ['ec2.VpcEndpoints'],
  aws_vpc_endpoint_route_table_association: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
  aws_vpc_endpoint_security_group_association: ['ec2.VpcEndpoints'],
  aws_s3_bucket_policy: ['s3.Buckets'],
  aws_ec2_managed_prefix_list: ['ec2.ManagedPrefixLists'],
  aws_ec2_managed_prefix_list_entry: ['ec2.ManagedPrefixLists'],
  aws_vpn_connection: ['ec2.VpnConnections'],
  aws_vpn_connection_route: ['ec2.VpnConnections'],
  aws_ec2_transit_gateway_route: ['ec2.TransitGatewayRouteTables'],
  aws_ec2_transit_gateway_route_table_association: ['ec2.TransitGatewayRouteTables'],
  aws_ec2_transit_gateway_route_table_propagation: ['ec2.TransitGatewayRouteTables'],
  aws_ec2_transit_gateway_vpc_attachment: [
    'ec2.TransitGatewayVpcAttachments',
    'ec2.TransitGatewayAttachments',
  ],
  aws_subnet: ['ec2.Subnets'],
  aws_vpc: ['ec2.Vpcs'],
  aws_vpc_dhcp_options: ['ec2.Vpcs'],
  aws_drs_replication_configuration_template: ['drs.ReplicationConfigurationTemplates'],
  aws_datasync_agent: ['datasync.Agents'],
};

export interface Overlay {
  after: Snapshot;
  /** Addresses of the planned resources that change something the rules read, with the ids they act on. */
  planned: { address: string; ids: string[]; unknown?: string[] }[];
  /** Resource types in the plan that no rule reads. */
  ignored: string[];
  /** What could not be laid over the snapshot (not mapped yet, or known only after apply): list, address, why. */
  unjudged: { list: InventoryList; address: string; why: string }[];
}

/** The attributes under `after_unknown` that are unknown, as `address.attribute`. */
function unknownAttributes(change: ResourceChange): string[] {
  return Object.entries(record(change.change.after_unknown))
    .filter(([, value]) => anyUnknown(value))
    .map(([name]) => `${change.address}.${name}`);
}

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

export function overlayPlan(before: Snapshot, plan: PlanChanges, regionOption?: string): Overlay {
  const after = structuredClone(before);
  const regions = Object.keys(after.regions ?? {});
  const region = regionOption ?? plan.region ?? (regions.length === 1 ? regions[0] : undefined);
  const overlay: Overlay = { after, planned: [], ignored: [], unjudged: [] };
  // A list the snapshot does not hold stays absent: laying a change over it would turn "not read" into "these are all".
  const groupsIn = () => (region === undefined ? undefined : after.regions?.[region]?.ec2?.SecurityGroups);
  const unjudged = (change: ResourceChange, why: string) => {
    for (const list of READ_BY_RULES[change.type] ?? [])
      overlay.unjudged.push({ list, address: change.address, why });
  };
  for (const change of plan.changes) {
    const actions = change.change.actions;
    if (actions.every((a) => a === 'no-op' || a === 'read')) continue;
    if (!(change.type in READ_BY_RULES)) {
      if (!overlay.ignored.includes(change.type)) overlay.ignored.push(change.type);
      continue;
    }
    if (!MAPPED.has(change.type)) {
      unjudged(change, `hna plan does not map ${change.type} yet`);
      continue;
    }
    if (change.type === 'aws_vpc_endpoint' || change.type === 'aws_s3_bucket_policy') {
      const done =
        change.type === 'aws_vpc_endpoint'
          ? endpointChange(
              change,
              region === undefined ? undefined : after.regions?.[region],
              plan.configured.get(change.address) ?? new Set(),
            )
          : bucketPolicyChange(change, after);
      if (typeof done === 'string') unjudged(change, done);
      else overlay.planned.push({ address: change.address, ...done });
      continue;
    }
    const groups = groupsIn();
    if (groups === undefined) {
      unjudged(
        change,
        region === undefined
          ? `the region of ${change.address} is unknown: give --region`
          : `ec2.SecurityGroups of ${region} is not in the snapshot`,
      );
      continue;
    }
    const unknown = unknownAttributes(change);
    if (
      actions.includes('create') &&
      unknown.some(
        (a) =>
          !a.endsWith('.id') &&
          !a.endsWith('.arn') &&
          !a.endsWith('.owner_id') &&
          !a.endsWith('.security_group_rule_id') &&
          !a.endsWith('.tags_all'),
      )
    ) {
      unjudged(change, `${unknown.join(', ')}: known after apply`);
      continue;
    }
    const beforeValues = record(change.change.before);
    const afterValues = record(change.change.after);
    const deleting = actions.includes('delete');
    const creating = actions.includes('create');
    // The before item leaves, the after item joins (an update or a replacement does both).
    const steps = [
      ...(deleting || actions.includes('update') ? [{ values: beforeValues, add: false }] : []),
      ...(creating || actions.includes('update') ? [{ values: afterValues, add: true }] : []),
    ];
    if (change.type === 'aws_network_acl_rule') {
      const failed = aclChange(steps, region === undefined ? undefined : after.regions?.[region]);
      if (failed !== undefined) unjudged(change, failed);
      else
        overlay.planned.push({
          address: change.address,
          ids: [...new Set(steps.map((step) => String(step.values.network_acl_id ?? '')))],
        });
      continue;
    }
    if (change.type === 'aws_route' || change.type === 'aws_ec2_transit_gateway_route') {
      const failed = routeChange(
        change.type,
        steps,
        region === undefined ? undefined : after.regions?.[region],
      );
      if (failed !== undefined) unjudged(change, failed);
      else
        overlay.planned.push({
          address: change.address,
          ids: [
            ...new Set(
              steps.map((step) =>
                String(step.values.route_table_id ?? step.values.transit_gateway_route_table_id ?? ''),
              ),
            ),
          ],
        });
      continue;
    }
    if (change.type === 'aws_security_group') {
      const id =
        (typeof afterValues.id === 'string' && afterValues.id) ||
        (typeof beforeValues.id === 'string' && beforeValues.id) ||
        `tf:${change.address}`;
      const index = groups.findIndex((g) => g.GroupId === id);
      if (deleting && index >= 0) groups.splice(index, 1);
      if (!deleting || creating) {
        const ingress = (Array.isArray(afterValues.ingress) ? afterValues.ingress : []).map((b) =>
          inlinePermission(record(b), id),
        );
        const egress = (Array.isArray(afterValues.egress) ? afterValues.egress : []).map((b) =>
          inlinePermission(record(b), id),
        );
        const bad = [...ingress, ...egress].find((p): p is string => typeof p === 'string');
        if (bad !== undefined) {
          unjudged(change, bad);
          continue;
        }
        const existing = groups.find((g) => g.GroupId === id);
        const item = {
          ...(existing ?? {}),
          GroupId: id,
          ...(typeof afterValues.vpc_id === 'string' ? { VpcId: afterValues.vpc_id } : {}),
          ...(typeof afterValues.name === 'string' ? { GroupName: afterValues.name } : {}),
          IpPermissions: ingress as IpPermission[],
          IpPermissionsEgress: egress as IpPermission[],
        } as Ec2SecurityGroup;
        if (existing === undefined) groups.push(item);
        else groups.splice(groups.indexOf(existing), 1, item);
      }
      overlay.planned.push({ address: change.address, ids: [id] });
      continue;
    }
    // A rule resource: the before rule leaves its group, the after rule joins it.
    const ids: string[] = [];
    let failed: string | undefined;
    for (const step of steps) {
      const rule = ruleOf(change.type, step.values);
      if (typeof rule.permission === 'string') {
        failed = rule.permission;
        break;
      }
      const group = groups.find((g) => g.GroupId === rule.groupId);
      if (group === undefined) {
        failed = `security group ${rule.groupId || '(unknown)'} is neither in the snapshot nor created by the plan`;
        break;
      }
      const key = rule.egress ? 'IpPermissionsEgress' : 'IpPermissions';
      group[key] = step.add
        ? [...(group[key] ?? []), rule.permission]
        : withoutRule(group[key] ?? [], rule.permission);
      ids.push(rule.groupId);
    }
    if (failed !== undefined) unjudged(change, failed);
    else overlay.planned.push({ address: change.address, ids: [...new Set(ids)] });
  }
  // What could not be laid over closes the lists it would change, naming the address (never a guess).
  for (const gap of overlay.unjudged) {
    const [service] = splitList(gap.list);
    const operation = (LISTS[gap.list].operations[0] ?? '').split(':')[1] ?? '';
    after.errors ??= [];
    for (const name of service === 's3' ? [undefined] : regions)
      after.errors.push({
        ...(name === undefined ? {} : { region: name }),
        service,
        operation,
        code: `planned change not judged: ${gap.address}: ${gap.why}`,
        message: `${gap.address}: ${gap.why}`,
      });
  }
  return overlay;
}
