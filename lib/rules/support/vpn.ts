/**
 * Remote networks of site-to-site VPN connections (rules-catalog.md, VPN). The
 * remote-cloud (DTS) requirements apply to the connections that lead to that
 * cloud: those whose routes overlap `vpn.remoteCidrs` or, without it, a DTS
 * range. Other connections (to a data centre) are judged on their own routes, so
 * that a plain VPN is never failed for lacking the DTS range.
 */

import type { RuleContext } from '../../catalog/rule.js';
import type { Ec2VpnConnection, RegionInventory } from '../../inventory/types.js';
import { overlaps, parseCidr } from '../../network/cidr.js';

function blocks(texts: readonly string[]) {
  return texts.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.cidr] : [];
  });
}

export function staticRoutes(connection: Ec2VpnConnection): string[] {
  return (connection.Routes ?? [])
    .filter((route) => route.State === undefined || route.State === 'available' || route.State === 'pending')
    .flatMap((route) => (route.DestinationCidrBlock ? [route.DestinationCidrBlock] : []));
}

/** The networks that mark the remote cloud: `vpn.remoteCidrs` when set, else the DTS ranges. */
function remoteMarker(context: RuleContext): string[] {
  const { vpn } = context.config;
  return vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : vpn.dtsCidrs;
}

/** Named in `vpn.remoteConnections`, by connection id or by its customer gateway's IP address. */
function namedRemote(context: RuleContext, connection: Ec2VpnConnection): boolean {
  const named = new Set(context.config.vpn.remoteConnections);
  if (named.has(connection.VpnConnectionId)) return true;
  const gateway = (context.inventory.ec2?.CustomerGateways ?? []).find(
    (g) => g.CustomerGatewayId === connection.CustomerGatewayId,
  );
  return gateway?.IpAddress !== undefined && named.has(gateway.IpAddress);
}

/** Why a connection leads to the remote cloud, from its static routes or the configuration; undefined if neither says so. */
export function remoteCloudEvidence(context: RuleContext, connection: Ec2VpnConnection): string | undefined {
  if (namedRemote(context, connection))
    return `${connection.VpnConnectionId} is named in vpn.remoteConnections`;
  const marker = blocks(remoteMarker(context));
  const routes = blocks(staticRoutes(connection));
  const overlapping = routes.filter((route) => marker.some((wanted) => overlaps(route, wanted)));
  return overlapping.length > 0
    ? `${connection.VpnConnectionId} has static routes to ${overlapping.map((r) => r.text).join(', ')}`
    : undefined;
}

/** AWS returns Routes (possibly empty) and a destination for each: otherwise the static routes are unknown. */
export function routesKnown(connection: Ec2VpnConnection): boolean {
  return connection.Routes?.every((route) => route.DestinationCidrBlock !== undefined) ?? false;
}

/** Whether a connection uses dynamic (BGP) routing; undefined when Options were not returned. */
export function isDynamic(connection: Ec2VpnConnection): boolean | undefined {
  const staticOnly = connection.Options?.StaticRoutesOnly;
  return staticOnly === undefined ? undefined : !staticOnly;
}

/** Routes of the VPC to a remote network propagated from the gateway: what BGP learned from the remote cloud. */
function propagatedRemoteRoutes(context: RuleContext, vpcId: string, gatewayId: string): string[] {
  const marker = blocks(remoteMarker(context));
  const found = new Set<string>();
  for (const table of context.inventory.ec2?.RouteTables ?? []) {
    if (table.VpcId !== vpcId) continue;
    for (const route of table.Routes ?? []) {
      if (route.GatewayId !== gatewayId || route.Origin !== 'EnableVgwRoutePropagation') continue;
      const destination = route.DestinationCidrBlock ? parseCidr(route.DestinationCidrBlock) : undefined;
      if (destination?.ok && marker.some((wanted) => overlaps(destination.cidr, wanted)))
        found.add(destination.cidr.text);
    }
  }
  return [...found];
}

export interface RemoteNetworks {
  cidrs: string[];
  /** Whether the remote-cloud (DTS) scenario applies to the connection. */
  remoteCloud: boolean;
}

/** The remote networks of one connection, placed by its static routes or the configuration (VPN.4). */
export function remoteNetworks(context: RuleContext, connection: Ec2VpnConnection): RemoteNetworks {
  const { vpn } = context.config;
  if (remoteCloudEvidence(context, connection) === undefined)
    return { cidrs: staticRoutes(connection), remoteCloud: false };
  const remote = vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : staticRoutes(connection);
  return { cidrs: [...new Set([...remote, ...vpn.dtsCidrs])], remoteCloud: true };
}

/**
 * What the VPC behind a virtual private gateway must route to, over all its
 * connections (VPN.5, VPN.7). A dynamic (BGP) connection's learned routes are not
 * listed by the VPN API: it leads to the remote cloud when it is named in
 * `vpn.remoteConnections` or the VPC holds a route to a remote network propagated from
 * the gateway; a dynamic connection that can be placed neither way, while nothing else
 * places the VPC, leaves the remote networks unknown (rules-catalog.md, VPN).
 */
export type VpcRemoteNetworks =
  | {
      known: true;
      /** Every network the VPC must route through the gateway: the remote cloud's and the other connections' static routes. */
      cidrs: string[];
      /** The remote cloud's networks, DTS ranges included; empty when no connection leads there. */
      remoteCloud: string[];
      why: string;
      gateway: string;
    }
  | { known: false; reason: string; gateway: string };

export function vpcRemoteNetworks(context: RuleContext, vpcId: string): VpcRemoteNetworks | undefined {
  const { vpn } = context.config;
  const connections = liveConnections(context.inventory).filter(
    (connection) => attachedVpc(context.inventory, connection) === vpcId,
  );
  const gateway = connections[0]?.VpnGatewayId;
  if (gateway === undefined) return undefined;
  // A connection whose gateway is unknown may end in any VPC; one whose routes are unknown cannot be placed.
  const unattached = liveConnections(context.inventory).find(
    (connection) => connection.VpnGatewayId === undefined && connection.TransitGatewayId === undefined,
  );
  if (unattached !== undefined)
    return {
      known: false,
      gateway,
      reason: `${unattached.VpnConnectionId} names neither a virtual private gateway nor a transit gateway in the snapshot`,
    };
  const reasons: string[] = [];
  const plain = new Set<string>();
  const remoteStatic = new Set<string>();
  const unplaced: string[] = [];
  for (const connection of connections) {
    const evidence = remoteCloudEvidence(context, connection);
    if (evidence !== undefined) {
      reasons.push(evidence);
      if (vpn.remoteCidrs.length === 0) for (const route of staticRoutes(connection)) remoteStatic.add(route);
      continue;
    }
    for (const route of staticRoutes(connection)) plain.add(route);
    if (!routesKnown(connection)) {
      if (vpn.remoteConnections.length === 0) unplaced.push(connection.VpnConnectionId);
      continue;
    }
    // Listed static routes make a connection static in effect, whatever Options say.
    if (isDynamic(connection) !== false && staticRoutes(connection).length === 0) {
      const learned = propagatedRemoteRoutes(context, vpcId, connection.VpnGatewayId ?? '');
      if (learned.length > 0)
        reasons.push(
          `${vpcId} has routes to ${learned.join(', ')} propagated from ${connection.VpnGatewayId}`,
        );
      else if (vpn.remoteConnections.length === 0) unplaced.push(connection.VpnConnectionId);
    }
  }
  if (reasons.length > 0) {
    const remote = [
      ...new Set([...(vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : remoteStatic), ...vpn.dtsCidrs]),
    ];
    return {
      known: true,
      cidrs: [...new Set([...plain, ...remote])],
      remoteCloud: remote,
      why: reasons.join('; '),
      gateway,
    };
  }
  if (unplaced.length > 0) {
    return {
      known: false,
      gateway,
      reason: `${unplaced.join(', ')} ${unplaced.length === 1 ? 'uses' : 'use'} dynamic (BGP) routing, or ${unplaced.length === 1 ? 'its' : 'their'} Options or Routes were not returned, and whether ${unplaced.length === 1 ? 'it leads' : 'they lead'} to the remote cloud cannot be told from the snapshot; name the remote connections in vpn.remoteConnections (ids or customer gateway addresses)`,
    };
  }
  return {
    known: true,
    cidrs: [...plain],
    remoteCloud: [],
    why: `the connections of ${gateway} lead to no remote cloud; their static routes are ${[...plain].join(', ') || '(none)'}`,
    gateway,
  };
}

export function liveConnections(inventory: RegionInventory): Ec2VpnConnection[] {
  return (inventory.ec2?.VpnConnections ?? []).filter((connection) => connection.State !== 'deleted');
}

/** The VPC a connection's virtual private gateway is attached to. */
export function attachedVpc(inventory: RegionInventory, connection: Ec2VpnConnection): string | undefined {
  const gateway = (inventory.ec2?.VpnGateways ?? []).find((g) => g.VpnGatewayId === connection.VpnGatewayId);
  return gateway?.VpcAttachments?.find((attachment) => attachment.State === 'attached')?.VpcId;
}

export const VPN_INPUTS = ['ec2.VpnConnections', 'ec2.VpnGateways'] as const;
