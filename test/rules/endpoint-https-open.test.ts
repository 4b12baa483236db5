import { endpointHttpsOpen } from '../../lib/rules/dsync/endpoint-https-open.js';
import { find, IDS } from '../support/landing-zone.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  endpointHttpsOpen,
  [IDS.dataSyncEndpoint],
  [
    {
      name: 'no HTTPS permission for the agents',
      change: (_s, region) => {
        const group = find(region.ec2?.SecurityGroups, (g) => g.GroupId === IDS.dataSyncEndpointGroup);
        group.IpPermissions = group.IpPermissions?.filter((p) => p.FromPort !== 443);
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'FAILED',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60003 allows tcp 443 from 10.20.0.0/16'),
      remediation: 'Allow inbound TCP 443 from 10.20.0.0/16 on sg-0d1e2f3a4b5c60003',
    },
    {
      name: 'the return route to the agents is missing',
      change: (_s, region) => {
        const table = find(region.ec2?.RouteTables, (t) => t.RouteTableId === IDS.mainTable);
        table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'FAILED',
      reason: closedBy('no route in rtb-0a9b8c7d6e5f40001 (main)'),
      remediation:
        'Route 10.20.0.0/16 back through the virtual private gateway or transit gateway in rtb-0a9b8c7d6e5f40001 (main)',
    },
  ],
);
