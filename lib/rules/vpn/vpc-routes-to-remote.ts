import { defineRule, type Finding } from '../../catalog/rule.js';
import { routeAndTransit } from '../../network/reach.js';
import { resource } from '../resources.js';
import { databases } from '../support/databases.js';
import { inventoryIndex } from '../support/inventory-index.js';
import { networkIndex, REACH_INPUTS } from '../support/network.js';
import { transitVpcs } from '../support/transit.js';
import { attachedVpc, liveConnections, remoteNetworksOfVpc } from '../support/vpn.js';

/**
 * Compliant when the route tables of the attached VPC's database subnets (or all its
 * subnets) route every remote network through the VPN gateway (Alibaba Cloud DTS over
 * IPsec VPN guide) — or through a transit gateway the snapshot(s) hold, whose table for
 * the VPC's attachment sends them, actively, to a VPN attachment (issue 14).
 */
export const vpcRoutesToRemote = defineRule({
  id: 'VPN.5',
  slug: 'vpc-routes-to-remote',
  title: 'VPC route tables send the remote networks through the VPN',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html',
  inputs: [...REACH_INPUTS, 'rds.DBInstances', 'rds.DBClusters'],
  evaluate(context) {
    const index = networkIndex(context);
    const findings: Finding[] = [];
    const vpcIds = new Set([
      ...liveConnections(context.inventory).flatMap(
        (connection) => attachedVpc(context.inventory, connection) ?? [],
      ),
      ...transitVpcs(context.inventory).map((vpc) => vpc.vpcId),
    ]);
    const dbSubnetsOfVpc = new Map<string, string[]>();
    for (const db of databases(context))
      if (db.vpcId !== undefined)
        dbSubnetsOfVpc.set(db.vpcId, [...(dbSubnetsOfVpc.get(db.vpcId) ?? []), ...db.subnetIds]);
    const lookups = inventoryIndex(context.inventory);
    for (const vpcId of vpcIds) {
      const remote = remoteNetworksOfVpc(context, vpcId);
      if (remote === undefined) continue;
      const { gateway } = remote;
      const dbSubnets = dbSubnetsOfVpc.get(vpcId) ?? [];
      const subnets =
        dbSubnets.length > 0
          ? [...new Set(dbSubnets)]
          : (lookups.subnetsOfVpc.get(vpcId) ?? []).map((s) => s.SubnetId);
      const tables = new Map<string, string>();
      for (const subnetId of subnets) {
        const subnet = index.subnets.get(subnetId);
        const table = subnet === undefined ? undefined : index.routeTableOf(subnet)?.table.RouteTableId;
        if (table !== undefined && !tables.has(table)) tables.set(table, subnetId);
      }
      for (const [tableId, subnetId] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
        const ref = resource.routeTable(context, tableId);
        if (!remote.known) {
          findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: remote.reason });
          continue;
        }
        const networks = remote.cidrs;
        if (networks.length === 0) {
          findings.push({
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `no remote networks to route for ${vpcId}: ${remote.why}`,
          });
          continue;
        }
        const used = new Set<string>();
        const missing: string[] = [];
        const reasons: string[] = [];
        let unknown: string | undefined;
        for (const network of networks) {
          const toRemoteCloud = remote.remoteCloud.includes(network);
          // A remote cloud's network is reached over the VPN: the hub must send its answers to a
          // VPN attachment, through an inspection VPC in appliance mode if it passes one (the
          // engine follows it there, as for NET.4 and VPN.7).
          const answer = routeAndTransit(
            [network],
            subnetId,
            index,
            toRemoteCloud ? { arrivesBy: 'vpn' } : {},
          );
          if ('unknown' in answer) {
            unknown = answer.unknown;
            break;
          }
          const { route, transit } = answer;
          // The VPC's virtual private gateway, or a transit gateway: held ones are judged by their
          // hops below, others stay opaque private paths.
          const offPath = (route.routes ?? []).filter((label) => !/-> (vgw-|tgw-)/.test(label));
          for (const label of route.routes ?? []) used.add(label);
          // Inside a held transit gateway: every hop open, and a remote cloud's network sent to a VPN attachment.
          const hubClosures = transit.flatMap((hop) => hop.closed.map((c) => c.by));
          const notToVpn = transit
            .filter((hop) => toRemoteCloud && hop.hop === 'tgw-return-route')
            .flatMap((hop) =>
              (hop.routes ?? [])
                .filter((label) =>
                  // Every attachment of the route (several for equal-cost VPN paths) must be a VPN.
                  (label.split(' -> ')[1] ?? '')
                    .split(', ')
                    .some(
                      (target) =>
                        index.transitGateways.typeOf(target) !== 'vpn' &&
                        !index.transitGateways.isApplianceVpc(target),
                    ),
                )
                .map((label) => `${hop.table}: ${label} (not a VPN attachment)`),
            );
          for (const hop of transit) for (const label of hop.routes ?? []) used.add(`${hop.table}: ${label}`);
          if (
            route.verdict !== 'open' ||
            offPath.length > 0 ||
            hubClosures.length > 0 ||
            notToVpn.length > 0
          ) {
            missing.push(network);
            reasons.push(...route.closed.map((c) => c.by), ...offPath, ...hubClosures, ...notToVpn);
          }
        }
        if (unknown !== undefined) {
          findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: unknown });
          continue;
        }
        findings.push(
          missing.length === 0
            ? {
                status: 'PASSED',
                resource: ref,
                evidence: `${tableId} routes ${networks.join(', ')} through ${gateway} (${[...used].join('; ')}); ${remote.why}`,
              }
            : {
                status: 'FAILED',
                resource: ref,
                evidence: `${tableId} (${dbSubnets.length > 0 ? 'database subnets' : 'subnets'} of ${vpcId}) does not send ${missing.join(', ')} through ${gateway}: ${[...new Set(reasons)].join('; ')}`,
                remediation: gateway.startsWith('tgw-')
                  ? `Route ${missing.join(', ')} to ${gateway} in ${tableId}, and in ${gateway} route them from this VPC's attachment to the VPN attachment (not to a blackhole)`
                  : `Add routes for ${missing.join(', ')} to ${gateway} in ${tableId}, or enable route propagation from ${gateway}`,
                commands: missing.map((cidr) => ({
                  operation: 'CreateRoute' as const,
                  input: {
                    RouteTableId: tableId,
                    DestinationCidrBlock: cidr,
                    ...(gateway.startsWith('tgw-') ? { TransitGatewayId: gateway } : { GatewayId: gateway }),
                  },
                })),
              },
        );
      }
    }
    return findings;
  },
});
