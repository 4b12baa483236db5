import { agentInstallEndpoints } from '../../lib/rules/drs/agent-install-endpoints.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  agentInstallEndpoints,
  [IDS.vpc],
  [
    {
      name: 'no s3 interface endpoint (in either hybrid VPC)',
      change: (_s, region) => {
        ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
          (e) => e.VpcEndpointId !== IDS.s3Interface && e.VpcEndpointId !== IDS.analyticsS3Interface,
        );
      },
      resourceId: IDS.vpc,
      status: 'FAILED',
      evidence: 'no available s3 interface endpoint exists in a hybrid VPC',
      remediation: 'Create com.amazonaws.eu-west-1.s3 interface endpoints',
    },
    {
      name: 'the endpoint group does not admit the source servers on 443',
      change: (_s, region) => {
        find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.endpointGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.50.0.0/16' }] },
        ];
      },
      resourceId: IDS.vpc,
      status: 'FAILED',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60002 allows tcp 443 from 10.20.0.0/16'),
    },
  ],
  [
    {
      name: 'source networks not routed privately: installation is public',
      change: (_s, region) => {
        const table = find(ec2Of(region).RouteTables, (t) => t.RouteTableId === IDS.stagingTable);
        table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      },
      resources: [IDS.vpc],
      status: 'NOT_APPLICABLE',
    },
  ],
);
