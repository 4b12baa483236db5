import { vpcRoutesToRemote } from '../../lib/rules/vpn/vpc-routes-to-remote.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  vpcRoutesToRemote,
  [IDS.dbTable],
  [
    {
      name: 'the database table lacks the DTS range',
      change: (_s, region) => {
        const table = find(ec2Of(region).RouteTables, (t) => t.RouteTableId === IDS.dbTable);
        table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '100.104.0.0/16');
      },
      resourceId: IDS.dbTable,
      status: 'FAILED',
      evidence:
        'does not send 100.104.0.0/16 through vgw-0c1d2e3f4a5b60001: no route in rtb-0a9b8c7d6e5f40003',
      remediation: 'Add routes for 100.104.0.0/16 to vgw-0c1d2e3f4a5b60001 in rtb-0a9b8c7d6e5f40003',
    },
    {
      name: 'the remote network goes through a NAT gateway instead',
      change: (_s, region) => {
        const table = find(ec2Of(region).RouteTables, (t) => t.RouteTableId === IDS.dbTable);
        table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '172.16.0.0/16');
        table.Routes?.push({
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: 'nat-0d1e2f3a4b5c60001',
          State: 'active',
        });
      },
      resourceId: IDS.dbTable,
      status: 'FAILED',
      evidence: 'does not send 172.16.0.0/16 through vgw-0c1d2e3f4a5b60001',
    },
  ],
);
