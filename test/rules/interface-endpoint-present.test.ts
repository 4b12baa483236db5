import { interfaceEndpointPresent } from '../../lib/rules/s3pl/interface-endpoint-present.js';
import { ec2Of } from '../support/landing-zone.js';
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
  ],
);
