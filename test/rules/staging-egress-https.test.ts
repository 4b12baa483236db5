import { stagingEgressHttps } from '../../lib/rules/drs/staging-egress-https.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const noInternet = (region: Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1]) => {
  const table = find(ec2Of(region).RouteTables, (t) => t.RouteTableId === IDS.stagingTable);
  table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
};

zoneTable(
  stagingEgressHttps,
  [IDS.staging],
  [
    {
      name: 'no internet route and no drs endpoint',
      change: (_s, region) => {
        noInternet(region);
        ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
          (e) => e.VpcEndpointId !== IDS.drsEndpoint,
        );
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'no available drs interface endpoint in vpc-0a1b2c3d4e5f60001',
      remediation: 'add drs and ec2 interface endpoints (private DNS on) and an s3 gateway endpoint',
    },
    {
      name: 'egress restricted to port 80',
      change: (_s, region) => {
        find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.drsGroup).IpPermissionsEgress = [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ];
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'no permission of sg-0d1e2f3a4b5c60001 allows tcp 443 to',
    },
    {
      // PrivateLink, "Enable private DNS" (https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html):
      // the endpoint's private DNS name resolves only in a VPC with DNS hostnames and DNS resolution on.
      name: 'the private path without DNS hostnames in the VPC (NET.3 fails it too)',
      change: (_s, region) => {
        noInternet(region);
        const attributes = ec2Of(region).VpcAttributes?.[IDS.vpc];
        if (attributes) attributes.EnableDnsHostnames = false;
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'vpc-0a1b2c3d4e5f60001 has EnableDnsHostnames false: the private DNS name of',
    },
  ],
  [
    {
      name: 'the private path through endpoints when there is no internet route',
      change: (_s, region) => noInternet(region),
      resources: [IDS.staging],
    },
  ],
);
