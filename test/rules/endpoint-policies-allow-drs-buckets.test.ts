import { endpointPoliciesAllowDrsBuckets } from '../../lib/rules/drs/endpoint-policies-allow-drs-buckets.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Change = Parameters<typeof zoneTable>[2][number]['change'];
const gatewayPolicy =
  (resources: string[]): Change =>
  (_s, region) => {
    find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === IDS.s3Gateway).PolicyDocument =
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resources }],
      });
  };

zoneTable(
  endpointPoliciesAllowDrsBuckets,
  [IDS.s3Gateway, IDS.s3Interface],
  [
    {
      name: 'a gateway policy that lists only the client buckets',
      change: gatewayPolicy([
        'arn:aws:s3:::aws-drs-clients-eu-west-1/*',
        'arn:aws:s3:::aws-drs-clients-hashes-eu-west-1/*',
      ]),
      resourceId: IDS.s3Gateway,
      status: 'FAILED',
      evidence:
        'denies s3:GetObject on aws-drs-internal-eu-west-1, s3:GetObject on aws-drs-internal-hashes-eu-west-1, s3:GetObject on aws-elastic-disaster-recovery-eu-west-1, s3:GetObject on aws-elastic-disaster-recovery-hashes-eu-west-1',
      remediation: 'Allow s3:GetObject on arn:aws:s3:::aws-drs-internal-eu-west-1/*',
    },
  ],
  [
    {
      name: 'a wildcard that covers the six buckets',
      change: gatewayPolicy(['arn:aws:s3:::aws-drs-*/*', 'arn:aws:s3:::aws-elastic-disaster-recovery-*/*']),
      resources: [IDS.s3Gateway, IDS.s3Interface],
    },
  ],
);
