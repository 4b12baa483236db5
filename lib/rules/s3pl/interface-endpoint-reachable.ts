import { defineRule, type Finding } from '../../catalog/rule.js';
import { heldEndpoints } from '../../inventory/shared-network.js';
import { reachEndpoint } from '../../network/reach.js';
import { resource } from '../resources.js';
import { centralisedEndpoints, judgeCentralised, notFoundInAudit } from '../support/centralised.js';
import { pinnedIdsOf } from '../support/dns.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, noSources } from '../support/reach-finding.js';
import { backupBuckets, s3InterfaceEndpoints } from '../support/s3.js';
import { isHybridVpc, sourceNetworks } from '../support/sources.js';

/** Compliant when the backup networks reach the S3 interface endpoint on TCP 443 (S3 PrivateLink interface endpoints). */
export const interfaceEndpointReachable = defineRule({
  id: 'S3PL.2',
  slug: 'interface-endpoint-reachable',
  title: 'Backup networks can reach the S3 interface endpoint on TCP 443',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', ...REACH_INPUTS],
  evaluate(context) {
    const buckets = backupBuckets(context);
    if (buckets.length === 0) return [];
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    // Centralised endpoints of other audited accounts that the spoke's names or its bucket policies lead to.
    const hybridVpcs = (context.inventory.ec2?.Vpcs ?? [])
      .map((v) => v.VpcId)
      .filter((id) => isHybridVpc(context.inventory, id));
    const pinned = [...new Set(buckets.flatMap(pinnedIdsOf))];
    const centralised = centralisedEndpoints(context, 's3', hybridVpcs, pinned).map((c): Finding => {
      const ref = resource.vpcEndpoint(
        { ...context, accountId: c.held.accountId ?? context.accountId },
        c.held.endpoint.VpcEndpointId,
      );
      const sources = sourceNetworks(
        context.config.s3PrivateLink.sourceCidrs ?? context.config.sourceCidrs,
        's3PrivateLink.sourceCidrs',
        context.inventory,
        hybridVpcs[0],
      );
      return sources.found
        ? judgeCentralised(context, ref, c, sources, 443, 'the backup networks')
        : noSources(ref, sources.reason);
    });
    const held = new Set(
      heldEndpoints(context.snapshot, context.accounts, context.region).map((h) =>
        h.item.VpcEndpointId.toLowerCase(),
      ),
    );
    const notFound = pinned
      .filter((id) => !held.has(id))
      .flatMap((id): Finding[] => {
        const why = notFoundInAudit(context, [id]);
        return why === undefined
          ? []
          : [
              {
                status: 'NOT_AVAILABLE',
                resource: resource.vpcEndpoint(context, id),
                evidence: `the S3 interface endpoint ${why}: its path from the backup networks cannot be judged`,
              },
            ];
      });
    const own = s3InterfaceEndpoints(context).map((endpoint): Finding => {
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      const sources = sourceNetworks(
        context.config.s3PrivateLink.sourceCidrs ?? context.config.sourceCidrs,
        's3PrivateLink.sourceCidrs',
        context.inventory,
        endpoint.VpcId,
      );
      if (!sources.found) return noSources(ref, sources.reason);
      const answers = sources.cidrs.map((network) => ({
        network,
        answer: reachEndpoint(
          { direction: 'inbound', sources: [network], ports: { from: 443, to: 443 }, ephemeral },
          endpoint.VpcEndpointId,
          index,
        ),
      }));
      return judgeReach(answers, {
        resource: ref,
        sources,
        question: `TCP 443 from the backup networks to ${endpoint.VpcEndpointId}`,
        ephemeral,
      });
    });
    return [...own, ...centralised, ...notFound];
  },
});
