import { defineRule, type Finding } from '../../catalog/rule.js';
import { reach } from '../../network/reach.js';
import { resource } from '../resources.js';
import { DRS_INPUTS, defaultGroupPermission, drsSources, replicationSettings } from '../support/drs.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, noSources, worstFinding } from '../support/reach-finding.js';
import { sourceNetworks } from '../support/sources.js';

/** Compliant when the source networks reach the staging subnet and the replication server groups on TCP 1500 (DRS network requirements). */
export const replicationPortOpen = defineRule({
  id: 'DRS.2',
  slug: 'replication-port-open',
  title: 'Source servers can reach the DRS staging subnet on TCP 1500',
  severity: 'CRITICAL',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html',
  inputs: [...DRS_INPUTS, ...REACH_INPUTS],
  evaluate(context) {
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const bySubnet = new Map<string, Finding[]>();
    for (const { label, settings } of replicationSettings(context)) {
      const subnetId = settings.stagingAreaSubnetId;
      if (subnetId === undefined || !index.subnets.has(subnetId)) continue; // DRS.1 reports it
      const ref = resource.subnet(context, subnetId);
      const sources = sourceNetworks(
        drsSources(context),
        'drs.sourceCidrs',
        context.inventory,
        index.subnets.get(subnetId)?.VpcId,
      );
      let finding: Finding;
      if (!sources.found) finding = noSources(ref, sources.reason);
      else {
        const overInternet = settings.dataPlaneRouting === 'PUBLIC_IP';
        const groups = settings.replicationServersSecurityGroupsIDs ?? [];
        const answers = sources.cidrs.map((network) => ({
          network,
          answer: reach(
            {
              direction: 'inbound',
              sources: [network],
              ports: { from: 1500, to: 1500 },
              ephemeral,
              subnetId,
              securityGroupIds: groups,
              assumedPermissions: defaultGroupPermission(settings),
              skipRoute: overInternet,
            },
            index,
          ),
        }));
        finding = judgeReach(answers, {
          resource: ref,
          sources,
          question: `TCP 1500 to the replication servers of ${label} in ${subnetId}${overInternet ? ' (over the internet: the route is not judged)' : ''}`,
          ephemeral,
        });
        if (settings.associateDefaultSecurityGroup && finding.status === 'PASSED') {
          finding = {
            ...finding,
            evidence: `${finding.evidence ? `${finding.evidence}; ` : ''}the DRS-managed default group is taken to allow TCP 1500 from anywhere`,
          };
        }
      }
      bySubnet.set(subnetId, [...(bySubnet.get(subnetId) ?? []), finding]);
    }
    // One result per staging subnet: the worst of the configurations that stage there.
    return [...bySubnet.values()].map(worstFinding);
  },
});
