import { defineRule, type Finding } from '../../catalog/rule.js';
import { reachEndpoint } from '../../network/reach.js';
import { resource } from '../resources.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, noSources } from '../support/reach-finding.js';
import { backupBuckets, s3InterfaceEndpoints } from '../support/s3.js';
import { sourceNetworks } from '../support/sources.js';

/** Compliant when the backup networks reach the S3 interface endpoint on TCP 443 (S3 PrivateLink interface endpoints). */
export const interfaceEndpointReachable = defineRule({
  id: 'S3PL.2',
  slug: 'interface-endpoint-reachable',
  title: 'Backup networks can reach the S3 interface endpoint on TCP 443',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', ...REACH_INPUTS],
  evaluate(context) {
    if (backupBuckets(context).length === 0) return [];
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    return s3InterfaceEndpoints(context).map((endpoint): Finding => {
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
  },
});
