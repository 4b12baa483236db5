import { taskInterfacesHttpsOpen } from '../../lib/rules/dsync/task-interfaces-https-open.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { closedBy, unknownBecause } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  taskInterfacesHttpsOpen,
  [IDS.tasks],
  [
    {
      name: 'the task group admits only part of the agent network',
      change: (_s, region) => {
        find(region.ec2?.SecurityGroups, (g) => g.GroupId === IDS.taskGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/17' }] },
        ];
      },
      resourceId: IDS.tasks,
      status: 'WARNING',
      reason: closedBy('tcp 443 from 10.20.128.0/17'),
      remediation: 'Allow inbound TCP 443 from 10.20.0.0/16 on sg-0d1e2f3a4b5c60004',
    },
    {
      name: 'the task group is gone',
      change: (_s, region) => {
        ec2Of(region).SecurityGroups = region.ec2?.SecurityGroups?.filter((g) => g.GroupId !== IDS.taskGroup);
      },
      resourceId: IDS.tasks,
      status: 'NOT_AVAILABLE',
      reason: unknownBecause('security group sg-0d1e2f3a4b5c60004 is not in the snapshot'),
    },
  ],
);
