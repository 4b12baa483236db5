import { defineRule, type Finding } from '../../catalog/rule.js';
import type { Protocol } from '../../network/question.js';
import { reach } from '../../network/reach.js';
import { resource } from '../resources.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, worstFinding } from '../support/reach-finding.js';

const PROTOCOLS: readonly Protocol[] = ['udp', 'tcp'];

/** Compliant when each inbound Resolver endpoint a forwarder targets is OPERATIONAL, in two Availability Zones, and reached from the forwarders on UDP and TCP 53 (Route 53 Resolver: forwarding inbound queries; security groups for inbound endpoints). */
export const inboundEndpointReachable = defineRule({
  id: 'DNS.2',
  slug: 'inbound-endpoint-reachable',
  title: 'On-premises DNS servers reach the inbound Resolver endpoint on UDP and TCP 53',
  severity: 'HIGH',
  source:
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html',
  inputs: ['route53resolver.ResolverEndpoints', ...REACH_INPUTS],
  evaluate(context) {
    const forwarders = context.config.dns.forwarders ?? [];
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const inbound = (context.inventory.route53resolver?.ResolverEndpoints ?? []).filter(
      (e) => e.Direction === 'INBOUND',
    );
    return inbound.flatMap((endpoint): Finding[] => {
      const ref = resource.resolverEndpoint(context, endpoint.Id, endpoint.Arn);
      if (forwarders.length === 0)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `whether on-premises DNS servers forward to ${endpoint.Id} is not in AWS: configure dns.forwarders (their addresses, domains and targets) to judge it`,
          },
        ];
      if (endpoint.IpAddresses === undefined)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the addresses of ${endpoint.Id} were not read (ListResolverEndpointIpAddresses)`,
          },
        ];
      const own = new Set(endpoint.IpAddresses.flatMap((a) => (a.Ip ? [a.Ip] : [])));
      const senders = [
        ...new Set(forwarders.filter((f) => f.targets.some((t) => own.has(t))).flatMap((f) => f.addresses)),
      ];
      if (senders.length === 0)
        return [
          {
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `no forwarder of dns.forwarders targets ${endpoint.Id} (${[...own].join(', ') || 'no addresses'})`,
          },
        ];
      if (endpoint.Status !== 'OPERATIONAL')
        return [
          {
            status: 'FAILED',
            resource: ref,
            evidence: `${endpoint.Id} is ${endpoint.Status ?? 'of unknown status'}${endpoint.StatusMessage ? ` (${endpoint.StatusMessage})` : ''}, not OPERATIONAL: it answers no query from ${senders.join(', ')}`,
            remediation: `Repair ${endpoint.Id} (its status message says what it needs) or point the forwarders at an OPERATIONAL inbound endpoint`,
          },
        ];
      const subnets = [...new Set(endpoint.IpAddresses.flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])))];
      const groups = endpoint.SecurityGroupIds ?? [];
      const sources = { found: true as const, cidrs: senders.map((a) => `${a}/32`), inferred: false };
      const judged = PROTOCOLS.map((protocol) =>
        judgeReach(
          sources.cidrs.flatMap((network) =>
            subnets.map((subnetId) => ({
              network,
              answer: reach(
                {
                  direction: 'inbound',
                  sources: [network],
                  ports: { from: 53, to: 53 },
                  protocol,
                  ephemeral,
                  subnetId,
                  securityGroupIds: groups,
                },
                index,
              ),
            })),
          ),
          {
            resource: ref,
            sources,
            question: `${protocol.toUpperCase()} 53 from the forwarders to ${endpoint.Id}`,
            ephemeral,
          },
        ),
      );
      const worst = worstFinding(judged);
      if (worst.status !== 'PASSED') return [worst];
      const zones = new Set(
        subnets.map(
          (id) => index.subnets.get(id)?.AvailabilityZone ?? `the zone of ${id} (not in the snapshot)`,
        ),
      );
      const unknownZone = subnets.find((id) => index.subnets.get(id)?.AvailabilityZone === undefined);
      if (unknownZone !== undefined)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the Availability Zone of subnet ${unknownZone} of ${endpoint.Id} is not in the snapshot`,
          },
        ];
      if (zones.size < 2)
        return [
          {
            status: 'WARNING',
            resource: ref,
            evidence: `${endpoint.Id} has addresses in one Availability Zone only (${[...zones].join(', ')}): an outage of that zone stops on-premises resolution; ${judged.map((f) => f.evidence).join('; ')}`,
            remediation: `Add an address in a subnet of another Availability Zone to ${endpoint.Id} (AWS recommends two or more)`,
          },
        ];
      return [
        {
          ...worst,
          evidence: `${endpoint.Id} is OPERATIONAL in ${[...zones].sort().join(', ')}; ${judged.map((f) => f.evidence).join('; ')}`,
          path: {
            question: `UDP and TCP 53 from the forwarders to ${endpoint.Id}`,
            paths: judged.flatMap((f) => f.path?.paths ?? []),
          },
        },
      ];
    });
  },
});
