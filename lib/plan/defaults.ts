/**
 * The resources Terraform *adopts* rather than creates: `aws_default_network_acl`,
 * `aws_default_security_group`, `aws_default_route_table` (terraform-aws-modules' VPC manages
 * all three). Created, they take over the VPC's default ACL, group or main table — the one the
 * snapshot holds — and set its rules as planned (the rules they do not list are removed, as
 * Terraform does); destroyed, Terraform only forgets them and AWS keeps them as they are.
 */
import type { Mapping, Target } from './target.js';
import type { ResourceChange } from './terraform-plan.js';
import { record } from './values.js';

/** Lays the change as an update of the resource it adopts, found by `find`. */
export function adopting(
  find: (values: Record<string, unknown>, target: Target) => string | undefined,
  mapping: Mapping,
  what: string,
): Mapping {
  return (change, steps, target, configured) => {
    const actions = change.change.actions;
    // Destroyed: Terraform stops managing it; AWS keeps it as it is.
    if (!actions.includes('create') && actions.includes('delete')) return { ids: namedId(change) };
    if (!actions.includes('create')) return mapping(change, steps, target, configured);
    const found = find(record(change.change.after), target);
    if (found === undefined) return `${what} is not in the snapshot`;
    const id = found;
    // What AWS computes for the adopted resource (its VPC) is the one it has.
    const after = {
      ...record(change.change.after),
      id,
      vpc_id: record(change.change.after).vpc_id ?? vpcOf(target, id),
    };
    const adopted: ResourceChange = {
      ...change,
      change: { ...change.change, actions: ['update'], before: { ...after, id }, after: { ...after, id } },
    };
    const add = steps.filter((step) => step.add);
    const laid = add.map((s) => ({ ...s, values: { ...s.values, id, vpc_id: after.vpc_id } }));
    return mapping(adopted, [{ values: {}, add: false }, ...laid], target, configured);
  };
}

function vpcOf(target: Target, id: string): string | undefined {
  const ec2 = target.inventory()?.ec2;
  return (
    ec2?.NetworkAcls?.find((a) => a.NetworkAclId === id)?.VpcId ??
    ec2?.RouteTables?.find((t) => t.RouteTableId === id)?.VpcId ??
    ec2?.SecurityGroups?.find((g) => g.GroupId === id)?.VpcId
  );
}

const namedId = (change: ResourceChange) => {
  const id = record(change.change.before).id;
  return typeof id === 'string' ? [id] : [];
};

const textOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export const defaultAclOf = (values: Record<string, unknown>) => textOf(values.default_network_acl_id);
export const defaultRouteTableOf = (values: Record<string, unknown>) => textOf(values.default_route_table_id);
export function defaultSecurityGroupOf(values: Record<string, unknown>, target: Target): string | undefined {
  const vpcId = textOf(values.vpc_id);
  return target.inventory()?.ec2?.SecurityGroups?.find((g) => g.VpcId === vpcId && g.GroupName === 'default')
    ?.GroupId;
}
