import { interfaceEndpointReachable } from '../../lib/rules/s3pl/interface-endpoint-reachable.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  interfaceEndpointReachable,
  [IDS.s3Interface, IDS.analyticsS3Interface],
  [
    {
      name: 'the endpoint group admits only the VPC itself',
      change: (_s, region) => {
        find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.endpointGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.50.0.0/16' }] },
        ];
      },
      resourceId: IDS.s3Interface,
      status: 'FAILED',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60002 allows tcp 443 from 10.20.0.0/16'),
      remediation: 'Allow inbound TCP 443 from 10.20.0.0/16 on sg-0d1e2f3a4b5c60002',
    },
  ],
);
