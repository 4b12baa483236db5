/**
 * RDS databases of a plan laid over the snapshot (VPN.5 and VPN.7 ask whether the data centre
 * reaches them): `aws_db_instance` — its identifier, port, security groups and subnet group —
 * and `aws_db_subnet_group`, whose subnets every instance in the group takes. A new instance's
 * endpoint address is known only after apply; its port is the planned one.
 */
import { defined, replace } from './items.js';
import { type Item, items, type Mapping, type Target, text } from './target.js';
import { type Json, strings } from './values.js';

/** Subnet groups the plan creates, by region inventory: an instance created with one finds its subnets here. */
const planned = new WeakMap<object, Map<string, Item>>();

function subnetGroup(target: Target, name: string, subnetIds: string[]): Item | string {
  const inventory = target.inventory();
  const subnets = inventory?.ec2?.Subnets;
  if (subnets === undefined) return `ec2.Subnets of ${target.region ?? 'the region'} is not in the snapshot`;
  const found = subnetIds.map((id) => subnets.find((s) => s.SubnetId === id));
  const missing = subnetIds.find((_, i) => found[i] === undefined);
  if (missing !== undefined)
    return `subnet ${missing} of database subnet group ${name} is not in the snapshot`;
  return {
    DBSubnetGroupName: name,
    VpcId: found[0]?.VpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: found.map((s) =>
      defined({
        SubnetIdentifier: s?.SubnetId,
        SubnetAvailabilityZone: s?.AvailabilityZone === undefined ? undefined : { Name: s.AvailabilityZone },
        SubnetStatus: 'Active',
      }),
    ),
  };
}

export const dbSubnetGroupChange: Mapping = (_change, steps, target) => {
  const inventory = target.inventory();
  if (inventory === undefined) return target.missing;
  const instances = (inventory.rds?.DBInstances ?? []) as unknown as Item[];
  const names = new Set<string>();
  for (const step of steps.filter((s) => s.add)) {
    const name = text(step.values.name);
    if (name === undefined) return 'the database subnet group has no name';
    const group = subnetGroup(target, name, strings(step.values.subnet_ids));
    if (typeof group === 'string') return group;
    let byName = planned.get(inventory);
    if (byName === undefined) {
      byName = new Map();
      planned.set(inventory, byName);
    }
    byName.set(name, group);
    for (const instance of instances)
      if ((instance.DBSubnetGroup as Item | undefined)?.DBSubnetGroupName === name)
        instance.DBSubnetGroup = group;
    names.add(name);
  }
  // Its instances are named by their own results: the group's name is what those mention.
  const users = instances
    .filter((i) => names.has(String((i.DBSubnetGroup as Item | undefined)?.DBSubnetGroupName)))
    .map((i) => String(i.DBInstanceIdentifier));
  return { ids: [...names, ...users] };
};

export const dbInstanceChange: Mapping = (change, steps, target) => {
  const inventory = target.inventory();
  if (inventory === undefined) return target.missing;
  const list = inventory.rds?.DBInstances;
  if (list === undefined) return `rds.DBInstances of ${target.region ?? 'the region'} is not in the snapshot`;
  // The groups the instances use, read before a replaced instance leaves with its group.
  const inUse = new Map<string, Item>();
  for (const instance of list as unknown as Item[]) {
    const group = instance.DBSubnetGroup as Item | undefined;
    if (typeof group?.DBSubnetGroupName === 'string') inUse.set(group.DBSubnetGroupName, group);
  }
  const ids = replace(
    list as unknown as Item[],
    'DBInstanceIdentifier',
    change,
    steps,
    (values: Json, previous) => {
      const name = text(values.db_subnet_group_name);
      const previousGroup = previous?.DBSubnetGroup as Item | undefined;
      const group =
        name === undefined || previousGroup?.DBSubnetGroupName === name
          ? previousGroup
          : (planned.get(inventory)?.get(name) ?? inUse.get(name));
      if (name !== undefined && group === undefined)
        return `database subnet group ${name} is neither in the snapshot nor created by the plan`;
      const port = typeof values.port === 'number' ? values.port : undefined;
      return defined({
        ...(previous ?? { DBInstanceStatus: 'available' }),
        DBInstanceArn: text(values.arn) ?? previous?.DBInstanceArn,
        Engine: text(values.engine) ?? previous?.Engine,
        Endpoint: {
          ...((previous?.Endpoint as Item | undefined) ?? {}),
          ...(port === undefined ? {} : { Port: port }),
        },
        VpcSecurityGroups: Array.isArray(values.vpc_security_group_ids)
          ? strings(values.vpc_security_group_ids).map((VpcSecurityGroupId) => ({
              VpcSecurityGroupId,
              Status: 'active',
            }))
          : items(previous?.VpcSecurityGroups),
        DBSubnetGroup: group,
      });
    },
    'identifier',
  );
  return typeof ids === 'string' ? ids : { ids };
};
