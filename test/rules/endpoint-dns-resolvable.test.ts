import { endpointDnsResolvable } from '../../lib/rules/s3pl/endpoint-dns-resolvable.js';
import { ec2Of, find, HEALTHY_CONFIG, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Region = Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1];
/** The data centre's DNS server forwards to the spoke's own inbound endpoint (its addresses in the example). */
const FORWARDING_TO_SPOKE = {
  ...HEALTHY_CONFIG,
  dns: {
    forwarders: [
      { addresses: ['10.20.0.53'], domains: ['eu-west-1.amazonaws.com'], targets: ['10.50.2.53'] },
    ],
  },
};
const dnsFromDataCentre = (region: Region, protocols: string[]) => {
  const group = find(ec2Of(region).SecurityGroups, (g) => g.GroupId === 'sg-0d1e2f3a4b5c60002');
  for (const protocol of protocols)
    group.IpPermissions?.push({
      IpProtocol: protocol,
      FromPort: 53,
      ToPort: 53,
      IpRanges: [{ CidrIp: '10.20.0.0/16' }],
    });
};
const inboundOnly = (region: Region) => {
  const endpoint = find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === IDS.s3Interface);
  endpoint.PrivateDnsEnabled = true;
  endpoint.DnsOptions = { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true };
};

zoneTable(
  endpointDnsResolvable,
  [IDS.s3Interface, IDS.analyticsS3Interface],
  [
    {
      name: 'private DNS for the inbound resolver only, without a gateway endpoint',
      change: (_s, region) => {
        inboundOnly(region);
        ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
          (e) => e.VpcEndpointId !== IDS.s3Gateway,
        );
      },
      resourceId: IDS.s3Interface,
      status: 'FAILED',
      evidence: 'requires an S3 gateway endpoint',
      remediation: 'Create an S3 gateway endpoint in vpc-0a1b2c3d4e5f60001',
    },
    {
      name: 'private DNS for the inbound resolver only, without an inbound resolver',
      change: (_s, region) => {
        inboundOnly(region);
        if (region.route53resolver) region.route53resolver.ResolverEndpoints = [];
      },
      resourceId: IDS.s3Interface,
      status: 'WARNING',
      evidence: 'no INBOUND Route 53 Resolver endpoint',
    },
    {
      // AWS: the inbound endpoint's group "must allow TCP and UDP access on port 53"
      // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html).
      name: 'the inbound resolver the data centre forwards to admits UDP 53 only',
      change: (_s, region) => {
        inboundOnly(region);
        dnsFromDataCentre(region, ['udp']);
      },
      config: FORWARDING_TO_SPOKE,
      resourceId: IDS.s3Interface,
      status: 'WARNING',
      evidence: 'do not admit TCP 53 from 10.20.0.53',
      remediation: 'Allow UDP and TCP 53 from 10.20.0.53',
    },
  ],
  [
    {
      name: 'private DNS for the inbound resolver, gateway and resolver present',
      change: (_s, region) => inboundOnly(region),
      resources: [IDS.s3Interface, IDS.analyticsS3Interface],
    },
    {
      name: 'the inbound resolver the data centre forwards to admits UDP and TCP 53',
      change: (_s, region) => {
        inboundOnly(region);
        dnsFromDataCentre(region, ['udp', 'tcp']);
      },
      config: FORWARDING_TO_SPOKE,
      resources: [IDS.s3Interface, IDS.analyticsS3Interface],
    },
  ],
);
