import { replicationPortOpen } from '../../lib/rules/drs/replication-port-open.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { acl } from '../support/network-fixture.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  replicationPortOpen,
  [IDS.staging],
  [
    {
      name: 'the replication group admits half of the data centre',
      change: (_s, region) => {
        find(
          find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.drsGroup).IpPermissions,
          (p) => p.FromPort === 1500,
        ).IpRanges = [{ CidrIp: '10.20.0.0/17' }];
      },
      resourceId: IDS.staging,
      status: 'WARNING',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60001 allows tcp 1500 from 10.20.128.0/17'),
      remediation: 'Allow inbound TCP 1500 from 10.20.0.0/16 on sg-0d1e2f3a4b5c60001',
    },
    {
      name: 'the network ACL denies TCP 1500',
      change: (_s, region) => {
        find(ec2Of(region).NetworkAcls, (a) => a.NetworkAclId === IDS.acl).Entries?.push(
          acl(50, 'deny', '0.0.0.0/0', '6', [1500, 1500]),
        );
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      reason: closedBy('acl-0b1c2d3e4f5a60001 rule 50 (ingress) denies tcp 1500 from 10.20.0.0/16'),
    },
  ],
  [
    {
      name: 'the DRS-managed default group keeps 1500 open',
      change: (_s, region) => {
        find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.drsGroup).IpPermissions = [];
        for (const c of [
          ...(region.drs?.ReplicationConfigurationTemplates ?? []),
          ...(region.drs?.ReplicationConfigurations ?? []),
        ]) {
          c.associateDefaultSecurityGroup = true;
        }
      },
      resources: [IDS.staging],
    },
  ],
);
