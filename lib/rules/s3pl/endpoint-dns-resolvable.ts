import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { dnsAdmitted } from '../support/dns.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { backupBuckets, s3InterfaceEndpoints } from '../support/s3.js';

/** Compliant when on-premises clients can resolve the S3 interface endpoint's names (S3 PrivateLink: private DNS for interface endpoints). */
export const endpointDnsResolvable = defineRule({
  id: 'S3PL.5',
  slug: 'endpoint-dns-resolvable',
  title: 'On-premises clients can resolve the S3 interface endpoint',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html',
  inputs: [
    's3.Buckets',
    'ec2.VpcEndpoints',
    'ec2.RouteTables',
    'ec2.VpnGateways',
    'route53resolver.ResolverEndpoints',
  ],
  evaluate(context) {
    if (backupBuckets(context).length === 0) return [];
    const all = context.inventory.ec2?.VpcEndpoints ?? [];
    const resolvers = context.inventory.route53resolver?.ResolverEndpoints ?? [];
    return s3InterfaceEndpoints(context).map((endpoint): Finding => {
      const ref = resource.vpcEndpoint(context, endpoint.VpcEndpointId);
      if (!endpoint.PrivateDnsEnabled) {
        const name =
          endpoint.DnsEntries?.find((d) => d.DnsName?.startsWith('*.'))?.DnsName ??
          endpoint.DnsEntries?.[0]?.DnsName;
        return {
          status: 'PASSED',
          resource: ref,
          // The endpoint-specific name carries a suffix AWS chooses: without DnsEntries it is not named, never guessed.
          evidence:
            name === undefined
              ? `private DNS is off: clients must use the endpoint-specific names (bucket.<the DNS name of ${endpoint.VpcEndpointId}>; its DNS entries are not in the snapshot)`
              : `private DNS is off: clients must use the endpoint-specific names, such as bucket.${name.replace(/^\*\./, '')}`,
        };
      }
      const inboundOnly = endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint;
      if (inboundOnly === undefined)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${endpoint.VpcEndpointId} has private DNS on but no DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint in the snapshot`,
        };
      if (!inboundOnly)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${endpoint.VpcEndpointId} answers s3.${context.region}.amazonaws.com privately for every resolver in ${endpoint.VpcId} (PrivateDnsOnlyForInboundResolverEndpoint false)`,
        };
      const gateway = all.some(
        (e) =>
          e.VpcId === endpoint.VpcId &&
          e.VpcEndpointType === 'Gateway' &&
          endpointService(e) === 's3' &&
          isAvailable(e),
      );
      if (!gateway) {
        return {
          status: 'FAILED',
          resource: ref,
          evidence: `${endpoint.VpcEndpointId} resolves privately only for the inbound resolver, which requires an S3 gateway endpoint in ${endpoint.VpcId}; there is none`,
          remediation: `Create an S3 gateway endpoint in ${endpoint.VpcId}`,
        };
      }
      const inbound = resolvers.filter((r) => r.Direction === 'INBOUND' && r.HostVPCId === endpoint.VpcId);
      // Only an OPERATIONAL endpoint answers (Route 53 Resolver API, ResolverEndpoint Status).
      const operational = inbound.find((r) => r.Status === 'OPERATIONAL');
      if (operational !== undefined) {
        // Its groups must admit DNS on UDP and TCP 53 from the on-premises resolvers that forward to it.
        const own = new Set((operational.IpAddresses ?? []).flatMap((a) => (a.Ip ? [a.Ip] : [])));
        const senders = [
          ...new Set(
            (context.config.dns.forwarders ?? [])
              .filter((f) => f.targets.some((t) => own.has(t)))
              .flatMap((f) => f.addresses),
          ),
        ];
        const found = `${endpoint.VpcId} has an S3 gateway endpoint and an OPERATIONAL INBOUND Route 53 Resolver endpoint (${operational.Id}) for on-premises resolution`;
        if (senders.length === 0)
          return {
            status: 'PASSED',
            resource: ref,
            evidence: `${found}; no forwarder of dns.forwarders targets it, so its groups' UDP and TCP 53 are not judged here (DNS.2 judges them for the endpoints the forwarders target)`,
          };
        const admitted = dnsAdmitted(context, operational.SecurityGroupIds ?? [], senders);
        if ('unknown' in admitted)
          return { status: 'NOT_AVAILABLE', resource: ref, evidence: `${found}, but ${admitted.unknown}` };
        if (admitted.missing.length > 0)
          return {
            status: 'WARNING',
            resource: ref,
            evidence: `${found}, but its groups (${(operational.SecurityGroupIds ?? []).join(', ')}) do not admit ${admitted.missing.join(', ')}: DNS needs both UDP and TCP 53 from the on-premises resolvers`,
            remediation: `Allow UDP and TCP 53 from ${senders.join(', ')} in a security group of ${operational.Id}`,
          };
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${found}; its groups admit UDP and TCP 53 from the on-premises resolvers ${senders.join(', ')}`,
        };
      }
      const unhealthy = inbound.filter((r) => r.Status !== 'DELETING');
      return unhealthy.length > 0
        ? {
            status: 'WARNING',
            resource: ref,
            evidence: `the INBOUND Route 53 Resolver endpoint of ${endpoint.VpcId} is not OPERATIONAL (${unhealthy.map((r) => `${r.Id}: ${r.Status ?? 'status not returned'}${r.StatusMessage ? ` — ${r.StatusMessage}` : ''}`).join('; ')}): on-premises DNS cannot resolve S3 names through it`,
            remediation: `Repair the inbound Resolver endpoint ${unhealthy[0]?.Id} in ${endpoint.VpcId} (its status message says what it needs, such as a second IP address in another zone)`,
          }
        : {
            status: 'WARNING',
            resource: ref,
            evidence: `no INBOUND Route 53 Resolver endpoint in ${endpoint.VpcId}: on-premises DNS cannot forward S3 names to the VPC`,
            remediation: `Create an inbound Resolver endpoint in ${endpoint.VpcId} and forward s3.${context.region}.amazonaws.com to it from the on-premises DNS`,
          };
    });
  },
});
