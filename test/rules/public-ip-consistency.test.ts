import { publicIpConsistency } from '../../lib/rules/drs/public-ip-consistency.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const TEMPLATE = 'rct-0a1b2c3d4e5f60001';
const SERVERS = ['s-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];

zoneTable(
  publicIpConsistency,
  [TEMPLATE, ...SERVERS],
  [
    {
      name: 'private IP with public IPs on the replication servers',
      change: (_s, region) => {
        const template = region.drs?.ReplicationConfigurationTemplates?.[0];
        if (template) template.createPublicIP = true;
      },
      resourceId: TEMPLATE,
      status: 'WARNING',
      evidence: 'replication servers also get public IP addresses',
      remediation: 'turn off "create public IP"',
    },
    {
      name: 'private IP in a default subnet',
      change: (_s, region) => {
        find(ec2Of(region).Subnets, (s) => s.SubnetId === IDS.staging).DefaultForAz = true;
      },
      resourceId: SERVERS[0] as string,
      others: { 'rct-0a1b2c3d4e5f60001': 'WARNING', 's-0a1b2c3d4e5f60002': 'WARNING' },
      status: 'WARNING',
      evidence: 'is a default (public) subnet',
    },
  ],
);
