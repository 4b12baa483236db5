import { endpointDnsResolvable } from '../../lib/rules/s3pl/endpoint-dns-resolvable.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Region = Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1];
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
  ],
  [
    {
      name: 'private DNS for the inbound resolver, gateway and resolver present',
      change: (_s, region) => inboundOnly(region),
      resources: [IDS.s3Interface, IDS.analyticsS3Interface],
    },
  ],
);
