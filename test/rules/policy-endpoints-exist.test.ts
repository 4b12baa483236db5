import { policyEndpointsExist } from '../../lib/rules/s3pl/policy-endpoints-exist.js';
import { find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Change = Parameters<typeof zoneTable>[2][number]['change'];
const pinTo =
  (condition: Record<string, unknown>): Change =>
  (snapshot) => {
    find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups').Policy = JSON.stringify({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: condition }],
    });
  };

zoneTable(
  policyEndpointsExist,
  ['acme-veeam-backups', 'acme-archive-backups'],
  [
    {
      name: 'an endpoint that no longer exists',
      change: pinTo({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0deadbeef00000001' } }),
      resourceId: 'acme-archive-backups',
      status: 'FAILED',
      evidence:
        'vpce-0deadbeef00000001 does not exist in eu-west-1; the policy denies the real path, and access is locked out',
    },
    {
      name: 'an endpoint of another service',
      change: pinTo({ StringNotEquals: { 'aws:SourceVpce': IDS.drsEndpoint } }),
      resourceId: 'acme-archive-backups',
      status: 'FAILED',
      evidence: 'is an endpoint for com.amazonaws.eu-west-1.drs, not S3',
    },
    {
      name: 'a VPC that does not exist',
      change: pinTo({ StringNotEquals: { 'aws:SourceVpc': 'vpc-0gone' } }),
      resourceId: 'acme-archive-backups',
      status: 'FAILED',
      evidence: 'vpc-0gone does not exist',
    },
  ],
);
