import { stagingSubnetExists } from '../../lib/rules/drs/staging-subnet-exists.js';
import { zoneTable } from '../support/zone-table.js';

const TEMPLATE = 'rct-0a1b2c3d4e5f60001';
const SERVERS = ['s-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];

zoneTable(
  stagingSubnetExists,
  [TEMPLATE, ...SERVERS],
  [
    {
      name: 'the template stages in a deleted subnet',
      change: (_s, region) => {
        const template = region.drs?.ReplicationConfigurationTemplates?.[0];
        if (template) template.stagingAreaSubnetId = 'subnet-0deleted000000001';
      },
      resourceId: TEMPLATE,
      status: 'FAILED',
      evidence: 'stages in subnet-0deleted000000001, which does not exist in eu-west-1',
    },
    {
      name: 'a server configuration without a staging subnet',
      change: (_s, region) => {
        const configuration = region.drs?.ReplicationConfigurations?.[1];
        if (configuration) delete configuration.stagingAreaSubnetId;
      },
      resourceId: SERVERS[1] as string,
      status: 'FAILED',
      evidence: 'has no staging area subnet',
    },
    {
      name: 'DRS could not be read',
      change: (snapshot, region) => {
        region.drs = {};
        snapshot.errors = [
          {
            region: 'eu-west-1',
            service: 'drs',
            operation: 'DescribeReplicationConfigurationTemplates',
            code: 'AccessDeniedException',
            message: 'no',
          },
        ];
      },
      resourceId: '123456789012',
      status: 'NOT_AVAILABLE',
      evidence: 'drs DescribeReplicationConfigurationTemplates failed: AccessDeniedException',
    },
  ],
);
