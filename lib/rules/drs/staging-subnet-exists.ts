import { defineRule, type Finding } from '../../catalog/rule.js';
import { DRS_INPUTS, replicationSettings } from '../support/drs.js';

/** Compliant when the staging area subnet of every DRS template and server configuration exists (DRS network requirements). */
export const stagingSubnetExists = defineRule({
  id: 'DRS.1',
  slug: 'staging-subnet-exists',
  title: 'DRS staging area subnet exists',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html',
  inputs: [...DRS_INPUTS, 'ec2.Subnets'],
  evaluate(context) {
    const subnets = new Set((context.inventory.ec2?.Subnets ?? []).map((s) => s.SubnetId));
    return replicationSettings(context).map(({ ref, label, settings }): Finding => {
      const subnetId = settings.stagingAreaSubnetId;
      if (subnetId !== undefined && subnets.has(subnetId))
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${label} stages in ${subnetId}, present in ${context.region}`,
        };
      return {
        status: 'FAILED',
        resource: ref,
        evidence:
          subnetId === undefined
            ? `${label} has no staging area subnet`
            : `${label} stages in ${subnetId}, which does not exist in ${context.region}`,
        remediation: `Set the staging area subnet of ${label} to an existing subnet in the Elastic Disaster Recovery console`,
      };
    });
  },
});
