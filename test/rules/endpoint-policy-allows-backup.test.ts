import { endpointPolicyAllowsBackup } from '../../lib/rules/s3pl/endpoint-policy-allows-backup.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Change = Parameters<typeof zoneTable>[2][number]['change'];
const policy =
  (statement: Record<string, unknown>): Change =>
  (_s, region) => {
    find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === IDS.s3Interface).PolicyDocument =
      JSON.stringify({ Statement: [statement] });
  };

zoneTable(
  endpointPolicyAllowsBackup,
  [IDS.s3Interface, IDS.analyticsS3Interface],
  [
    {
      name: 'a policy without DeleteObject',
      change: policy({
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::acme-*', 'arn:aws:s3:::acme-*/*'],
      }),
      resourceId: IDS.s3Interface,
      status: 'FAILED',
      evidence: 'denies s3:DeleteObject on acme-veeam-backups/*, s3:DeleteObject on acme-archive-backups/*',
      remediation: 'Allow s3:DeleteObject',
    },
    {
      name: 'a policy with an unsupported operator',
      change: policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringSounds: { 'aws:x': 'y' } },
      }),
      resourceId: IDS.s3Interface,
      status: 'NOT_AVAILABLE',
      evidence: 'condition operator StringSounds is not supported',
    },
  ],
  [
    {
      name: 'a custom policy scoped to the backup buckets',
      change: policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::acme-*', 'arn:aws:s3:::acme-*/*'],
      }),
      resources: [IDS.s3Interface, IDS.analyticsS3Interface],
    },
  ],
);
