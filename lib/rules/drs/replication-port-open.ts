import { defineRule, type Finding } from '../../catalog/rule.js';
import { type ReachAnswer, reach } from '../../network/reach.js';
import { resource } from '../resources.js';
import { DRS_INPUTS, defaultGroupPermission, drsSources, replicationSettings } from '../support/drs.js';
import { ephemeralPorts, networkIndex, PUBLIC_IPV4, REACH_INPUTS } from '../support/network.js';
import {
  allowingEntries,
  judgeReach,
  noSources,
  pathDiagram,
  worstFinding,
} from '../support/reach-finding.js';
import { sourceNetworks } from '../support/sources.js';

/** Compliant when the source networks reach the staging subnet and the replication server groups on TCP 1500 (DRS network requirements). */
/**
 * PUBLIC_IP without drs.publicSourceCidrs: the site's public addresses are unknown, so
 * the rule checks only that TCP 1500 is open from the internet at all, and says to whom.
 */
function internetAdmits(
  ref: Finding['resource'],
  label: string,
  subnetId: string,
  answer: ReachAnswer,
): Finding {
  const answers = [answer];
  const path = pathDiagram(
    `TCP 1500 from the internet to the replication servers of ${label} in ${subnetId}`,
    [{ network: 'the public internet', answer }],
  );
  const unknown = answers.find((a) => a.verdict === 'unknown');
  if (unknown !== undefined)
    return { status: 'NOT_AVAILABLE', resource: ref, evidence: (unknown.unknown ?? []).join('; ') };
  const admitting = answers.filter((a) => a.verdict !== 'blocked');
  if (admitting.length === 0) {
    // Name the hops that shut the internet out, not each of the public address blocks.
    const shut = new Set<string>();
    for (const answer of answers)
      for (const hop of answer.hops)
        if (hop.verdict === 'blocked')
          shut.add(
            hop.hop === 'security-groups'
              ? `no permission of ${hop.groups?.join(', ') || '(no groups)'} admits a public address on TCP 1500`
              : hop.hop === 'route' && hop.closed[0] !== undefined
                ? `the answers to public addresses cannot leave ${hop.table}: ${[...new Set(hop.closed.map((part) => part.by))].join('; ')}`
                : `${hop.hop} ${hop.acl ?? hop.table ?? ''} closes TCP 1500 from public addresses`.replace(
                    '  ',
                    ' ',
                  ),
          );
    return {
      status: 'FAILED',
      resource: ref,
      path,
      evidence: `${label} replicates over the internet, but no public address reaches TCP 1500 in ${subnetId}: ${[...shut].join('; ')}`,
      remediation: [
        ...(answer.hops.some((hop) => hop.hop === 'route' && hop.verdict === 'blocked')
          ? [
              `Route the answers to the source site through an internet gateway in the staging route table, with public addresses on the replication servers (createPublicIP): a NAT gateway does not carry them back`,
            ]
          : []),
        `Allow inbound TCP 1500 from the source site's public addresses on the replication servers' security group, and set drs.publicSourceCidrs to judge them`,
      ].join('; '),
    };
  }
  return {
    status: 'PASSED',
    resource: ref,
    path,
    evidence: `${label} replicates over the internet; TCP 1500 in ${subnetId} is open to public addresses through ${allowingEntries(admitting)} (set drs.publicSourceCidrs to judge the site's own addresses)`,
  };
}

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
      if (settings.dataPlaneRouting === undefined) {
        bySubnet.set(subnetId, [
          ...(bySubnet.get(subnetId) ?? []),
          { status: 'NOT_AVAILABLE', resource: ref, evidence: `${label} has no dataPlaneRouting` },
        ]);
        continue;
      }
      const overInternet = settings.dataPlaneRouting === 'PUBLIC_IP';
      const groups = settings.replicationServersSecurityGroupsIDs ?? [];
      const ask = (...networks: string[]) =>
        reach(
          {
            direction: 'inbound',
            sources: networks,
            ports: { from: 1500, to: 1500 },
            ephemeral,
            subnetId,
            securityGroupIds: groups,
            assumedPermissions: defaultGroupPermission(settings),
            // Over the internet the answers still leave by the staging route table: through an
            // internet gateway, which serves only replication servers with a public address.
            ...(typeof settings.createPublicIP === 'boolean'
              ? { publicAddress: settings.createPublicIP }
              : {}),
          },
          index,
        );
      // Over the internet the traffic comes from the site's public addresses, never its private ranges.
      const publicSources = context.config.drs.publicSourceCidrs ?? [];
      const sources = overInternet
        ? publicSources.length > 0
          ? { found: true as const, cidrs: [...publicSources], inferred: false }
          : undefined
        : sourceNetworks(
            drsSources(context),
            'drs.sourceCidrs',
            context.inventory,
            index.subnets.get(subnetId)?.VpcId,
          );
      let finding: Finding;
      if (sources === undefined) finding = internetAdmits(ref, label, subnetId, ask(...PUBLIC_IPV4));
      else if (!sources.found) finding = noSources(ref, sources.reason);
      else {
        const answers = sources.cidrs.map((network) => ({ network, answer: ask(network) }));
        finding = judgeReach(answers, {
          resource: ref,
          sources,
          question: `TCP 1500 to the replication servers of ${label} in ${subnetId}${overInternet ? ' from the public addresses in drs.publicSourceCidrs (over the internet)' : ''}`,
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
