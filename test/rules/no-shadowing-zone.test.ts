// Route 53, "Considerations when working with a private hosted zone":
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html
import { noShadowingZone } from '../../lib/rules/dns/no-shadowing-zone.js';
import { pair, zone } from '../support/dns-fixture.js';
import { HEALTHY_CONFIG, IDS, NET_IDS } from '../support/landing-zone.js';
import { ruleTable } from '../support/rule-table.js';

const DRS_ZONE = 'Z0A1B2C3D4E5F6DRS001';
const S3_ZONE = 'Z0A1B2C3D4E5F6S3001';
const REGION_ZONE = 'Z0REGIONZONE000001';

/** A zone for the whole region, holding one record (ssm), associated with these VPCs. */
function regionZone(vpcs: string[]) {
  return {
    Id: `/hostedzone/${REGION_ZONE}`,
    Name: 'eu-west-1.amazonaws.com.',
    CallerReference: 'region-zone',
    Config: { PrivateZone: true },
    VPCs: vpcs.map((VPCId) => ({ VPCId, VPCRegion: 'eu-west-1' })),
    ResourceRecordSets: [
      { Name: 'ssm.eu-west-1.amazonaws.com.', Type: 'A', ResourceRecords: [{ Value: '10.70.1.99' }] },
    ],
  };
}

ruleTable(noShadowingZone, {
  valid: [
    {
      name: 'the centralised pattern: zones aliasing the service names to live endpoints',
      snapshot: pair(),
      config: HEALTHY_CONFIG,
      resources: [DRS_ZONE, S3_ZONE],
    },
    {
      name: 'a region-wide zone where more specific zones answer every service name',
      snapshot: pair(({ network }) => {
        network.route53?.HostedZones?.push(regionZone([NET_IDS.sharedVpc]));
      }),
      config: HEALTHY_CONFIG,
      resources: [DRS_ZONE, S3_ZONE, REGION_ZONE],
    },
  ],
  invalid: [
    {
      name: 'a region-wide zone in a VPC where it is the most specific for s3: NXDOMAIN',
      snapshot: pair(({ network }) => {
        network.route53?.HostedZones?.push(regionZone([IDS.vpc]));
      }),
      config: HEALTHY_CONFIG,
      resourceId: REGION_ZONE,
      status: 'FAILED',
      evidence: `s3.eu-west-1.amazonaws.com in ${IDS.vpc} and holds no record for it`,
      remediation: /alias record/,
    },
    {
      name: 'the s3 zone lost its records: it shadows the name wherever it is associated',
      snapshot: pair(({ network }) => {
        const s3 = zone(network, NET_IDS.s3Zone);
        s3.ResourceRecordSets = (s3.ResourceRecordSets ?? []).filter(
          (r) => r.Type === 'SOA' || r.Type === 'NS',
        );
      }),
      config: HEALTHY_CONFIG,
      resourceId: S3_ZONE,
      status: 'FAILED',
      evidence: 'answers NXDOMAIN',
    },
    {
      name: 'the alias leads to an endpoint that is being deleted',
      snapshot: pair(({ networkRegion }) => {
        const endpoint = networkRegion.ec2?.VpcEndpoints?.find((e) => e.VpcEndpointId === NET_IDS.centralDrs);
        if (endpoint) endpoint.State = 'deleting';
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS_ZONE,
      status: 'FAILED',
      evidence: `aliased to ${NET_IDS.centralDrs}, deleting`,
    },
    {
      name: 'the records were not read',
      snapshot: pair(({ network }) => {
        delete zone(network, NET_IDS.drsZone).ResourceRecordSets;
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS_ZONE,
      status: 'NOT_AVAILABLE',
      evidence: 'were not read',
    },
  ],
});
