import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { forwarderAnswers, usedEndpoints, usedName } from '../support/dns.js';

/** Compliant when every name a scenario uses from on-premises resolves to its private endpoint (Route 53 Resolver inbound endpoints; PrivateLink private DNS). */
export const namesResolvePrivately = defineRule({
  id: 'DNS.1',
  slug: 'names-resolve-privately',
  title: 'Names the scenarios use resolve to the private endpoint from on-premises',
  severity: 'HIGH',
  source:
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html',
  inputs: ['ec2.VpcEndpoints', 'ec2.NetworkInterfaces', 'ec2.RouteTables', 'ec2.VpnGateways', 's3.Buckets'],
  evaluate(context) {
    return usedEndpoints(context).map(({ held, scenario }): Finding => {
      const id = held.endpoint.VpcEndpointId;
      const ref = resource.vpcEndpoint({ ...context, accountId: held.accountId ?? context.accountId }, id);
      const used = usedName(context, held);
      if (used === undefined)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${id} (${scenario}) has private DNS off and no DNS entries in the snapshot: the name its clients use is unknown`,
        };
      if ('unknown' in used)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the name ${scenario} clients use for ${id} cannot be told: ${used.unknown}`,
        };
      if (used.specific)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${scenario} clients use the endpoint-specific name ${used.name}, a public DNS record that answers the private addresses of ${id} from anywhere`,
        };
      const forwarders = context.config.dns.forwarders;
      if (forwarders === undefined || forwarders.length === 0)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${scenario} clients use ${used.name}, which resolves to ${id} only through a forwarder to an inbound Resolver endpoint; configure dns.forwarders (the on-premises DNS servers, their forwarded domains and targets) to judge it`,
        };
      const answers = forwarderAnswers(context, used.name, held);
      const unknown = answers.filter((a) => a.outcome === 'unknown');
      const elsewhere = answers.filter((a) => a.outcome === 'elsewhere');
      const privately = answers.filter((a) => a.outcome === 'private');
      const say = (list: typeof answers) => list.map((a) => `${a.address} ${a.says}`).join('; ');
      if (unknown.length > 0 && elsewhere.length === 0)
        return { status: 'NOT_AVAILABLE', resource: ref, evidence: say(unknown) };
      if (elsewhere.length === 0)
        return { status: 'PASSED', resource: ref, evidence: `${used.name} (${scenario}): ${say(privately)}` };
      const remediation = `On the on-premises DNS servers ${elsewhere.map((a) => a.address).join(', ')}, forward ${used.name} (or its region's amazonaws.com domain) to the addresses of an OPERATIONAL inbound Resolver endpoint in a VPC where it resolves to ${id} (private DNS on, or a private hosted zone aliasing it)`;
      if (privately.length > 0)
        return {
          status: 'WARNING',
          resource: ref,
          evidence: `${used.name} resolves privately only from ${privately.map((a) => a.address).join(', ')}; from the others it leaves the private path: ${say(elsewhere)}`,
          remediation,
        };
      return {
        status: 'FAILED',
        resource: ref,
        evidence: `${used.name} (${scenario}) does not resolve to ${id} from on-premises — the traffic would leave the private path: ${say(elsewhere)}`,
        remediation,
      };
    });
  },
});
