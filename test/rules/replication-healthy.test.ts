import { replicationHealthy } from '../../lib/rules/drs/replication-healthy.js';
import { zoneTable } from '../support/zone-table.js';

const SERVERS = ['s-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];
type Change = Parameters<typeof zoneTable>[2][number]['change'];
const server =
  (change: (info: Record<string, unknown>) => void): Change =>
  (_s, region) => {
    const info = region.drs?.SourceServers?.[1]?.dataReplicationInfo;
    if (info) change(info as Record<string, unknown>);
  };

zoneTable(replicationHealthy, SERVERS, [
  {
    name: 'stalled: agent cannot reach the replication server',
    change: server((info) => {
      info.dataReplicationState = 'STALLED';
      info.dataReplicationError = { error: 'FAILED_TO_CONNECT_AGENT_TO_REPLICATION_SERVER' };
    }),
    resourceId: SERVERS[1] as string,
    status: 'FAILED',
    evidence: 'is STALLED with error FAILED_TO_CONNECT_AGENT_TO_REPLICATION_SERVER',
    remediation: 'TCP 1500 from the source server to the staging subnet',
  },
  {
    name: 'cannot authenticate with the service',
    change: server((info) => {
      info.dataReplicationError = { error: 'FAILED_TO_AUTHENTICATE_WITH_SERVICE' };
    }),
    resourceId: SERVERS[1] as string,
    status: 'FAILED',
    evidence: 'with error FAILED_TO_AUTHENTICATE_WITH_SERVICE',
    remediation: 'TCP 443 to DRS, S3 and EC2',
  },
  {
    name: 'a failed network initiation step',
    change: server((info) => {
      info.dataReplicationInitiation = {
        steps: [{ name: 'DOWNLOAD_REPLICATION_SOFTWARE', status: 'FAILED' }],
      };
    }),
    resourceId: SERVERS[1] as string,
    status: 'FAILED',
    evidence: 'initiation step DOWNLOAD_REPLICATION_SOFTWARE FAILED',
  },
  {
    name: 'disconnected without an error',
    change: server((info) => {
      info.dataReplicationState = 'DISCONNECTED';
    }),
    resourceId: SERVERS[1] as string,
    status: 'FAILED',
    evidence: 'is DISCONNECTED',
  },
  {
    name: 'no replication info',
    change: (_s, region) => {
      const s = region.drs?.SourceServers?.[0];
      if (s) delete s.dataReplicationInfo;
    },
    resourceId: SERVERS[0] as string,
    status: 'NOT_AVAILABLE',
    evidence: 'has no dataReplicationInfo',
  },
]);
