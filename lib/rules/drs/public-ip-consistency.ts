import { defineRule, type Finding } from '../../catalog/rule.js';
import { DRS_INPUTS, replicationSettings } from '../support/drs.js';

/** Compliant when private-IP replication is not combined with public IPs on replication servers or a default (public) subnet (DRS data routing). */
export const publicIpConsistency = defineRule({
  id: 'DRS.9',
  slug: 'public-ip-consistency',
  title: 'DRS private replication is not mixed with public addresses',
  severity: 'LOW',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/data-routing.html',
  inputs: [...DRS_INPUTS, 'ec2.Subnets'],
  evaluate(context) {
    const subnets = new Map((context.inventory.ec2?.Subnets ?? []).map((s) => [s.SubnetId, s]));
    return replicationSettings(context).map(({ ref, label, settings }): Finding => {
      if (settings.dataPlaneRouting === undefined)
        return { status: 'NOT_AVAILABLE', resource: ref, evidence: `${label} has no dataPlaneRouting` };
      if (settings.dataPlaneRouting !== 'PRIVATE_IP')
        return {
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${label} replicates over ${settings.dataPlaneRouting}: private-IP settings do not apply`,
        };
      const subnet = settings.stagingAreaSubnetId ? subnets.get(settings.stagingAreaSubnetId) : undefined;
      if (
        settings.createPublicIP === undefined ||
        (subnet !== undefined && subnet.DefaultForAz === undefined)
      )
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${label}: ${settings.createPublicIP === undefined ? 'createPublicIP' : `DefaultForAz of ${subnet?.SubnetId}`} was not returned`,
        };
      const problems: string[] = [];
      const fixes: string[] = [];
      if (settings.createPublicIP) {
        problems.push('replication servers also get public IP addresses (createPublicIP)');
        fixes.push('turn off "create public IP"');
      }
      if (subnet?.DefaultForAz) {
        problems.push(`the staging subnet ${subnet.SubnetId} is a default (public) subnet`);
        fixes.push('stage in a private subnet');
      }
      return problems.length === 0
        ? {
            status: 'PASSED',
            resource: ref,
            evidence: `${label} replicates over private IP with createPublicIP false${subnet ? `, staging in ${subnet.SubnetId}, not a default subnet` : ''}`,
          }
        : {
            status: 'WARNING',
            resource: ref,
            evidence: `${label} replicates over private IP but ${problems.join(' and ')}`,
            remediation: `On ${label}, ${fixes.join(' and ')}`,
          };
    });
  },
});
