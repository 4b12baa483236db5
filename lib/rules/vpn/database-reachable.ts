import { defineRule, type Finding } from '../../catalog/rule.js';
import { reach } from '../../network/reach.js';
import { databases } from '../support/databases.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';
import { judgeReach, worstFinding } from '../support/reach-finding.js';
import { transitVpcs } from '../support/transit.js';
import { attachedVpc, liveConnections, remoteNetworksOfVpc, type VpcRemoteNetworks } from '../support/vpn.js';

/** Compliant when the remote networks (DTS included) reach each database in the VPN's VPC on its port (Alibaba Cloud DTS over IPsec VPN guide), through the VPN's virtual private gateway or a transit gateway the snapshot(s) hold. */
export const databaseReachable = defineRule({
  id: 'VPN.7',
  slug: 'database-reachable',
  title: 'Remote networks can reach the databases over the VPN',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html',
  inputs: [...REACH_INPUTS, 'rds.DBInstances', 'rds.DBClusters'],
  evaluate(context) {
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const remoteByVpc = new Map<string, VpcRemoteNetworks>();
    for (const connection of liveConnections(context.inventory)) {
      const vpcId = attachedVpc(context.inventory, connection);
      if (vpcId === undefined || remoteByVpc.has(vpcId)) continue;
      const remote = remoteNetworksOfVpc(context, vpcId);
      if (remote !== undefined) remoteByVpc.set(vpcId, remote);
    }
    // VPCs that reach the remote cloud through a VPN on a transit gateway the snapshot(s) hold.
    for (const { vpcId } of transitVpcs(context.inventory)) {
      if (remoteByVpc.has(vpcId)) continue;
      const remote = remoteNetworksOfVpc(context, vpcId);
      if (remote !== undefined) remoteByVpc.set(vpcId, remote);
    }
    const findings: Finding[] = [];
    for (const db of databases(context)) {
      const remote = db.vpcId === undefined ? undefined : remoteByVpc.get(db.vpcId);
      if (remote !== undefined && !remote.known) {
        findings.push({ status: 'NOT_AVAILABLE', resource: db.ref, evidence: remote.reason });
        continue;
      }
      const networks = remote?.known && remote.remoteCloud.length > 0 ? remote.remoteCloud : undefined;
      if (networks === undefined) {
        findings.push({
          status: 'NOT_APPLICABLE',
          resource: db.ref,
          evidence: `no VPN to a remote cloud ends in ${db.vpcId ?? 'the database VPC'}`,
        });
        continue;
      }
      const ports =
        context.config.vpn.databasePorts.length > 0
          ? context.config.vpn.databasePorts
          : db.port === undefined
            ? []
            : [db.port];
      if (ports.length === 0 || db.subnetIds.length === 0) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: db.ref,
          evidence: `${db.name}: port or subnets unknown; set vpn.databasePorts`,
        });
        continue;
      }
      const sources = { found: true as const, cidrs: [...networks], inferred: false };
      const judged = ports.map((port) => {
        const answers = [...networks].flatMap((network) =>
          db.subnetIds.map((subnetId) => ({
            network,
            answer: reach(
              {
                direction: 'inbound',
                sources: [network],
                ports: { from: port, to: port },
                ephemeral,
                subnetId,
                securityGroupIds: db.groupIds,
                // On a transit gateway the answers must leave by the VPN the remote cloud comes by.
                arrivesBy: 'vpn',
              },
              index,
            ),
          })),
        );
        return judgeReach(answers, {
          resource: db.ref,
          sources,
          question: `TCP ${port} from the remote networks to ${db.name}`,
          ephemeral,
          ...(remote?.gateway ? { routeVia: remote.gateway } : {}),
        });
      });
      findings.push(worstFinding(judged));
    }
    return findings;
  },
});
