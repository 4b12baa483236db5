/** The RDS databases of a VPC, with the subnets, groups and port that VPN.5 and VPN.7 ask about. */

import type { ResourceRef, RuleContext } from '../../catalog/rule.js';
import type { RegionInventory } from '../../inventory/types.js';
import { resource } from '../resources.js';

export interface Database {
  ref: ResourceRef;
  name: string;
  vpcId: string | undefined;
  subnetIds: string[];
  groupIds: string[];
  port: number | undefined;
}

export function databases(context: RuleContext, inventory: RegionInventory = context.inventory): Database[] {
  const instances = inventory.rds?.DBInstances ?? [];
  const byId = new Map(instances.map((instance) => [instance.DBInstanceIdentifier, instance]));
  const groupsOf = (memberships: { VpcSecurityGroupId?: string; Status?: string }[] | undefined) =>
    (memberships ?? [])
      .filter((m) => m.Status === undefined || m.Status === 'active')
      .flatMap((m) => m.VpcSecurityGroupId ?? []);
  const result: Database[] = instances
    .filter((instance) => instance.DBClusterIdentifier === undefined)
    .map((instance) => ({
      ref: resource.dbInstance(context, instance.DBInstanceIdentifier, instance.DBInstanceArn),
      name: instance.DBInstanceIdentifier,
      vpcId: instance.DBSubnetGroup?.VpcId,
      subnetIds: (instance.DBSubnetGroup?.Subnets ?? []).flatMap((s) => s.SubnetIdentifier ?? []),
      groupIds: groupsOf(instance.VpcSecurityGroups),
      port: instance.Endpoint?.Port ?? (instance.DbInstancePort || undefined),
    }));
  for (const cluster of inventory.rds?.DBClusters ?? []) {
    // A cluster names its subnet group only; its member instances carry the subnets.
    const members = (cluster.DBClusterMembers ?? []).flatMap((m) =>
      m.DBInstanceIdentifier ? (byId.get(m.DBInstanceIdentifier) ?? []) : [],
    );
    const subnetGroup = members.find((m) => m.DBSubnetGroup !== undefined)?.DBSubnetGroup;
    result.push({
      ref: resource.dbCluster(context, cluster.DBClusterIdentifier, cluster.DBClusterArn),
      name: cluster.DBClusterIdentifier,
      vpcId: subnetGroup?.VpcId,
      subnetIds: (subnetGroup?.Subnets ?? []).flatMap((s) => s.SubnetIdentifier ?? []),
      groupIds: groupsOf(cluster.VpcSecurityGroups),
      port: cluster.Port,
    });
  }
  return result;
}
