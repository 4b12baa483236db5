import { databaseReachable } from '../../lib/rules/vpn/database-reachable.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  databaseReachable,
  ['orders-db'],
  [
    {
      name: 'the database group does not admit DTS',
      change: (_s, region) => {
        find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.dbGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '172.16.0.0/16' }] },
        ];
      },
      resourceId: 'orders-db',
      status: 'FAILED',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60005 allows tcp 5432 from 100.104.0.0/16'),
      remediation: 'Allow inbound TCP 5432 from 100.104.0.0/16 on sg-0d1e2f3a4b5c60005',
    },
    {
      name: 'a configured database port that is closed',
      change: () => {},
      config: { vpn: { remoteCidrs: ['172.16.0.0/16'], databasePorts: [3306] } },
      resourceId: 'orders-db',
      status: 'FAILED',
      evidence: 'TCP 3306 from the remote networks to orders-db',
    },
  ],
  [
    {
      name: 'no VPN to a remote cloud',
      change: (_s, region) => {
        ec2Of(region).VpnConnections = ec2Of(region).VpnConnections?.filter(
          (c) => c.VpnConnectionId !== IDS.vpnAlibaba,
        );
      },
      config: { sourceCidrs: ['10.20.0.0/16'] },
      resources: ['orders-db'],
      status: 'NOT_APPLICABLE',
    },
  ],
);
