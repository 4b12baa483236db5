import { interfaceEndpointPresent } from '../../lib/rules/s3pl/interface-endpoint-present.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const BACKUPS = ['acme-veeam-backups', 'acme-archive-backups'];

zoneTable(
  interfaceEndpointPresent,
  BACKUPS,
  [
    {
      name: 'only a gateway endpoint',
      change: (_s, region) => {
        ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
          (e) => !(e.VpcEndpointType === 'Interface' && e.ServiceName?.endsWith('.s3')),
        );
      },
      resourceId: 'acme-veeam-backups',
      others: { 'acme-archive-backups': 'FAILED' },
      status: 'FAILED',
      evidence:
        'gateway endpoints cannot be used from on-premises, VPN, Direct Connect, transit gateway or peering',
      remediation: 'Create an interface endpoint for com.amazonaws.eu-west-1.s3',
    },
  ],
  [
    {
      name: 'a bucket named in the configuration without any policy is in scope',
      change: () => {},
      config: {
        sourceCidrs: ['10.20.0.0/16'],
        s3PrivateLink: { buckets: ['acme-veeam-backups', 'acme-app-logs'] },
      },
      resources: [...BACKUPS, 'acme-app-logs'],
    },
    {
      // PrivateLink cross-region connectivity: an interface endpoint in eu-west-1 for
      // com.amazonaws.us-east-1.s3 (ServiceRegion us-east-1) serves the buckets of us-east-1
      // (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
      name: 'a cross-region S3 interface endpoint serves the region of its service',
      change: (snapshot, region) => {
        const endpoint = find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === IDS.s3Interface);
        endpoint.ServiceName = 'com.amazonaws.us-east-1.s3';
        endpoint.ServiceRegion = 'us-east-1';
        find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-us-reports').Policy = JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface } },
            },
          ],
        });
        // The endpoint left eu-west-1's service: the analytics VPC's endpoint serves it.
        const analytics = find(
          ec2Of(region).VpcEndpoints,
          (e) => e.VpcEndpointId === IDS.analyticsS3Interface,
        );
        analytics.State = 'available';
      },
      resources: [...BACKUPS, 'acme-us-reports'],
    },
  ],
);
