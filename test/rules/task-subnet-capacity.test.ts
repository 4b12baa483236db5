import { taskSubnetCapacity } from '../../lib/rules/dsync/task-subnet-capacity.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  taskSubnetCapacity,
  [IDS.tasks],
  [
    {
      name: 'too few free addresses for two agents',
      change: (_s, region) => {
        find(region.ec2?.Subnets, (s) => s.SubnetId === IDS.tasks).AvailableIpAddressCount = 7;
      },
      resourceId: IDS.tasks,
      status: 'FAILED',
      evidence:
        'has 7 free addresses; 2 agent(s) (nas-gateway-1, nas-gateway-2) × 1 task(s) × 4 network interfaces need 8',
      remediation: 'Free at least 1 addresses',
    },
    {
      name: 'enough for one task each but not for the configured concurrency',
      change: () => {},
      config: { sourceCidrs: ['10.20.0.0/16'], dataSync: { concurrentTasksPerAgent: 2 } },
      resourceId: IDS.tasks,
      status: 'FAILED',
      evidence: 'need 16',
    },
    {
      name: 'the task subnet is not in the snapshot',
      change: (_s, region) => {
        ec2Of(region).Subnets = region.ec2?.Subnets?.filter((s) => s.SubnetId !== IDS.tasks);
      },
      resourceId: IDS.tasks,
      status: 'NOT_AVAILABLE',
      evidence: 'is not in the snapshot',
    },
  ],
  [
    {
      name: 'exactly enough',
      change: (_s, region) => {
        find(region.ec2?.Subnets, (s) => s.SubnetId === IDS.tasks).AvailableIpAddressCount = 8;
      },
      resources: [IDS.tasks],
    },
  ],
);
