import { policyEndpointsExist } from '../../lib/rules/s3pl/policy-endpoints-exist.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
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
  [
    {
      // IAM JSON policy elements, "Condition operators": StringNotEqualsIgnoreCase ignores case
      // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
      name: 'an endpoint id in upper case under StringNotEqualsIgnoreCase names the live endpoint',
      change: pinTo({ StringNotEqualsIgnoreCase: { 'aws:SourceVpce': IDS.s3Interface.toUpperCase() } }),
      resources: ['acme-veeam-backups', 'acme-archive-backups'],
    },
    {
      // PrivateLink cross-region connectivity: the endpoint serves its service's region
      // (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
      name: 'a bucket of us-east-1 pinned to a cross-region endpoint in eu-west-1',
      change: (snapshot, region) => {
        const endpoint = find(
          ec2Of(region).VpcEndpoints,
          (e) => e.VpcEndpointId === IDS.analyticsS3Interface,
        );
        endpoint.ServiceName = 'com.amazonaws.us-east-1.s3';
        endpoint.ServiceRegion = 'us-east-1';
        endpoint.State = 'available';
        find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-us-reports').Policy = JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:SourceVpce': IDS.analyticsS3Interface } },
            },
          ],
        });
      },
      resources: ['acme-veeam-backups', 'acme-archive-backups', 'acme-us-reports'],
    },
  ],
);
