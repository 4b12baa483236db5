import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';

const PORT_1500 = 'TCP 1500 from the source server to the staging subnet (see DRS.2, DRS.3)';
const PORT_443 =
  'TCP 443 to DRS, S3 and EC2, privately through endpoints on VPN or Direct Connect (see DRS.4, DRS.5, DRS.6)';

/** Errors and initiation steps that point at a network requirement, with the requirement. */
const NETWORK_CAUSES: Record<string, string> = {
  FAILED_TO_CONNECT_AGENT_TO_REPLICATION_SERVER: PORT_1500,
  FAILED_TO_PAIR_REPLICATION_SERVER_WITH_AGENT: PORT_1500,
  UNSTABLE_NETWORK: PORT_1500,
  FAILED_TO_AUTHENTICATE_WITH_SERVICE: PORT_443,
  FAILED_TO_DOWNLOAD_REPLICATION_SOFTWARE: PORT_443,
  AGENT_NOT_SEEN: PORT_443,
  CONNECT_AGENT_TO_REPLICATION_SERVER: PORT_1500,
  PAIR_REPLICATION_SERVER_WITH_AGENT: PORT_1500,
  START_DATA_TRANSFER: PORT_1500,
  AUTHENTICATE_WITH_SERVICE: PORT_443,
  DOWNLOAD_REPLICATION_SOFTWARE: PORT_443,
};

/** Compliant when a source server replicates without a stall, disconnection or network error (DRS troubleshooting communication errors). */
export const replicationHealthy = defineRule({
  id: 'DRS.8',
  slug: 'replication-healthy',
  title: 'DRS source server replicates without network errors',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/Troubleshooting-Communication-Errors.html',
  inputs: ['drs.SourceServers'],
  evaluate(context) {
    return (context.inventory.drs?.SourceServers ?? []).map((server): Finding => {
      const ref = resource.drsSourceServer(context, server.sourceServerID, server.arn);
      const info = server.dataReplicationInfo;
      if (info === undefined) {
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${server.sourceServerID} has no dataReplicationInfo`,
        };
      }
      if (info.dataReplicationState === undefined) {
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${server.sourceServerID} has no dataReplicationState`,
        };
      }
      const state = info.dataReplicationState;
      const error = info.dataReplicationError?.error;
      const failedSteps = (info.dataReplicationInitiation?.steps ?? []).filter(
        (step) =>
          step.status === 'FAILED' && step.name !== undefined && NETWORK_CAUSES[step.name] !== undefined,
      );
      const causes = [
        ...(error !== undefined && NETWORK_CAUSES[error] ? [`error ${error}`] : []),
        ...failedSteps.map((step) => `initiation step ${step.name} FAILED`),
      ];
      const stalled = state === 'STALLED' || state === 'DISCONNECTED';
      // No dataReplicationError means DRS reports no error (DescribeSourceServers).
      if (!stalled && causes.length === 0)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${server.sourceServerID} is ${state}${error === undefined ? ', no replication error' : `; error ${error} is not a network error`}${failedSteps.length === 0 ? ', no failed network initiation step' : ''}`,
        };
      const requirements = [
        ...new Set([
          ...(error && NETWORK_CAUSES[error] ? [NETWORK_CAUSES[error]] : []),
          ...failedSteps.map((step) => NETWORK_CAUSES[step.name ?? ''] as string),
        ]),
      ];
      const raw = info.dataReplicationError?.rawError ? ` ("${info.dataReplicationError.rawError}")` : '';
      return {
        status: 'FAILED',
        resource: ref,
        evidence: `${server.sourceServerID} is ${state}${causes.length > 0 ? ` with ${causes.join(', ')}` : ''}${raw}${error && !NETWORK_CAUSES[error] ? `; error ${error} is not a network error` : ''}`,
        remediation:
          requirements.length > 0
            ? `Check ${requirements.join(' and ')}`
            : 'Check the replication agent on the source server and the DRS console for the cause of the stall',
      };
    });
  },
});
