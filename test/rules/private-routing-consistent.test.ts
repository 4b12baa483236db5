import { privateRoutingConsistent } from '../../lib/rules/drs/private-routing-consistent.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const TEMPLATE = 'rct-0a1b2c3d4e5f60001';
const SERVERS = ['s-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];

zoneTable(
  privateRoutingConsistent,
  [TEMPLATE, ...SERVERS],
  [
    {
      name: 'private IP replication without a private route',
      change: (_s, region) => {
        const table = find(ec2Of(region).RouteTables, (t) => t.RouteTableId === IDS.stagingTable);
        table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      },
      resourceId: TEMPLATE,
      others: { 's-0a1b2c3d4e5f60001': 'FAILED', 's-0a1b2c3d4e5f60002': 'FAILED' },
      status: 'FAILED',
      evidence: 'does not route 10.20.0.0/16 privately: route 0.0.0.0/0 -> nat-0d1e2f3a4b5c60001',
      remediation:
        'Route 10.20.0.0/16 through the virtual private gateway or transit gateway in rtb-0a9b8c7d6e5f40002',
    },
    {
      name: 'public IP replication although a private route exists',
      change: (_s, region) => {
        const configuration = region.drs?.ReplicationConfigurations?.[1];
        if (configuration) configuration.dataPlaneRouting = 'PUBLIC_IP';
      },
      resourceId: SERVERS[1] as string,
      status: 'WARNING',
      evidence: 'replication goes over the internet although a private path exists',
      remediation: 'Enable "use private IP for data replication"',
    },
  ],
);
