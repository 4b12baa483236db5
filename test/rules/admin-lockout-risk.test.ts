import { adminLockoutRisk } from '../../lib/rules/s3pl/admin-lockout-risk.js';
import { find } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  adminLockoutRisk,
  ['acme-veeam-backups', 'acme-archive-backups'],
  [
    {
      name: 'a Deny on aws:SourceVpce with no exception',
      change: (snapshot) => {
        find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups').Policy = JSON.stringify({
          Statement: [
            {
              Sid: 'Pin',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
            },
          ],
        });
      },
      resourceId: 'acme-archive-backups',
      status: 'WARNING',
      evidence:
        'Pin deny every principal outside the endpoint: console and administrator access to this bucket are denied too',
      remediation: 'ArnNotLike',
    },
    {
      // IAM NotPrincipal page: without the account ARN beside the role, the role is denied too.
      name: 'a NotPrincipal that lists the role without the account ARN',
      change: (snapshot) => {
        find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups').Policy = JSON.stringify({
          Statement: [
            {
              Sid: 'Pin',
              Effect: 'Deny',
              NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/Admin' },
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
            },
          ],
        });
      },
      resourceId: 'acme-archive-backups',
      status: 'WARNING',
      evidence: 'a NotPrincipal without the account ARN beside the role exempts nobody in practice',
      remediation: 'hna-member-audit',
    },
  ],
  [
    {
      name: 'a NotPrincipal exception with the account ARN beside the role, as IAM asks',
      change: (snapshot) => {
        find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups').Policy = JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              NotPrincipal: {
                AWS: ['arn:aws:iam::123456789012:role/Admin', 'arn:aws:iam::123456789012:root'],
              },
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
            },
          ],
        });
      },
      resources: ['acme-veeam-backups', 'acme-archive-backups'],
    },
  ],
);
