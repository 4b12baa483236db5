import { defineRule, type Finding } from '../../catalog/rule.js';
import { reachEndpoint, returnRoute } from '../../network/reach.js';
import { resource } from '../resources.js';
import { centralisedEndpoints, judgeCentralised, notFoundInAudit } from '../support/centralised.js';
import { DRS_INPUTS, drsSources, replicationSettings } from '../support/drs.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { ephemeralPorts, networkIndex, privateRoutes, REACH_INPUTS } from '../support/network.js';
import { judgeReach, noSources, worstFinding } from '../support/reach-finding.js';
import { isHybridVpc, sourceNetworks } from '../support/sources.js';

/** Compliant when source servers on a private network reach drs and s3 interface endpoints on TCP 443 to install the agent (DRS installing the agent on a blocked network). */
export const agentInstallEndpoints = defineRule({
  id: 'DRS.5',
  slug: 'agent-install-endpoints',
  title: 'Source servers can install the DRS agent through private endpoints',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/installing-agent-blocked.html',
  inputs: [...DRS_INPUTS, ...REACH_INPUTS, 'ec2.VpcEndpoints'],
  evaluate(context) {
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const findings: Finding[] = [];
    const stagingVpcs = new Map<string, string>();
    for (const { settings } of replicationSettings(context)) {
      const subnet = settings.stagingAreaSubnetId
        ? index.subnets.get(settings.stagingAreaSubnetId)
        : undefined;
      if (subnet !== undefined && !stagingVpcs.has(subnet.VpcId))
        stagingVpcs.set(subnet.VpcId, subnet.SubnetId);
    }
    const candidates = [...index.endpoints.values()].filter(
      (e) =>
        e.VpcEndpointType === 'Interface' &&
        isAvailable(e) &&
        e.VpcId !== undefined &&
        isHybridVpc(context.inventory, e.VpcId),
    );
    // The first candidate of each service, in its own VPC and anywhere (looked up per VPC).
    const candidatesByVpc = new Map<string, (typeof candidates)[number]>();
    for (const candidate of candidates) {
      const service = endpointService(candidate);
      for (const key of [`${candidate.VpcId} ${service}`, ` ${service}`])
        if (!candidatesByVpc.has(key)) candidatesByVpc.set(key, candidate);
    }
    for (const [vpcId, stagingSubnet] of stagingVpcs) {
      const ref = resource.vpc(context, vpcId);
      const sources = sourceNetworks(drsSources(context), 'drs.sourceCidrs', context.inventory, vpcId);
      if (!sources.found) {
        findings.push(noSources(ref, sources.reason));
        continue;
      }
      const route = returnRoute(sources.cidrs, stagingSubnet, index);
      if ('unknown' in route) {
        findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: route.unknown });
        continue;
      }
      // An internet gateway is no private path, whatever the source addresses (DRS.3).
      if (privateRoutes(route).length === 0) {
        findings.push({
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${sources.cidrs.join(', ')} are not routed privately to ${vpcId}: the agent installs over the public endpoints`,
        });
        continue;
      }
      const pick = (service: string) =>
        candidatesByVpc.get(`${vpcId} ${service}`) ?? candidatesByVpc.get(` ${service}`);
      const drs = pick('drs');
      const s3 = pick('s3');
      // Without its own, an endpoint centralised in another audited account that the staging VPC's names lead to.
      const centralised = (['drs', 's3'] as const).flatMap((service) =>
        pick(service) ? [] : centralisedEndpoints(context, service, [vpcId]).slice(0, 1),
      );
      const missing = [drs ? undefined : 'drs', s3 ? undefined : 's3'].filter(
        (s): s is string =>
          s !== undefined && !centralised.some((c) => endpointService(c.held.endpoint) === s),
      );
      const notFound = notFoundInAudit(
        context,
        missing.map((s) => `a ${s} interface endpoint`),
      );
      if (missing.length > 0 && notFound !== undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `source networks ${sources.cidrs.join(', ')} reach ${vpcId} privately; ${notFound}`,
        });
        continue;
      }
      if (missing.length > 0) {
        findings.push({
          status: 'FAILED',
          resource: ref,
          evidence: `source networks ${sources.cidrs.join(', ')} reach ${vpcId} privately, but no available ${missing.join(' and ')} interface endpoint exists in a hybrid VPC`,
          remediation: `Create ${missing.map((s) => `com.amazonaws.${context.region}.${s}`).join(' and ')} interface endpoints in ${vpcId} and install the agent with --endpoint and --s3-endpoint`,
        });
        continue;
      }
      const judgedCentralised = centralised.map((c) =>
        judgeCentralised(context, ref, c, sources, 443, 'the source servers'),
      );
      const judged = [drs, s3]
        .filter((e) => e !== undefined)
        .map((endpoint) => {
          const id = endpoint?.VpcEndpointId ?? '';
          const answers = sources.cidrs.map((network) => ({
            network,
            answer: reachEndpoint(
              { direction: 'inbound', sources: [network], ports: { from: 443, to: 443 }, ephemeral },
              id,
              index,
            ),
          }));
          return judgeReach(answers, {
            resource: ref,
            sources,
            question: `TCP 443 from the source servers to ${id}`,
            ephemeral,
          });
        });
      findings.push(worstFinding([...judged, ...judgedCentralised]));
    }
    return findings;
  },
});
