/**
 * Remote networks of site-to-site VPN connections (docs/design/rules-catalog.md, "Remote networks of a VPN"). The
 * remote-cloud (DTS) requirements apply to the connections that lead to that
 * cloud: those whose routes overlap `vpn.remoteCidrs` or, without it, a DTS
 * range. Other connections (to a data centre) are judged on their own routes, so
 * that a plain VPN is never failed for lacking the DTS range.
 */

import type { RuleContext } from '../../catalog/rule.js';
import type { Ec2VpnConnection, RegionInventory } from '../../inventory/types.js';
import { overlaps, parseCidr } from '../../ip/cidr.js';
import { inventoryIndex } from './inventory-index.js';
import { networkIndex } from './network.js';
import { transitRoutes } from './transit.js';

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

/**
 * A connection's static routes: its own `Routes`, or — on a transit gateway the snapshot
 * holds — the routes of the hub's tables to its attachment, where AWS keeps them.
 */
export function connectionRoutes(context: RuleContext, connection: Ec2VpnConnection): string[] {
  const hubId = connection.TransitGatewayId;
  if (hubId === undefined) return staticRoutes(connection);
  const hub = networkIndex(context).transitGateways;
  if (!hub.holds(hubId)) return staticRoutes(connection);
  const onHub = hub.destinationsTo(hubId, 'vpn', connection.VpnConnectionId);
  // A table without its routes: the connection's own list is all that is known.
  if (!onHub.known) return staticRoutes(connection);
  return [...new Set([...staticRoutes(connection), ...onHub.value])];
}

/** The networks that mark the remote cloud: `vpn.remoteCidrs` when set, else the DTS ranges. */
function remoteMarker(context: RuleContext): string[] {
  const { vpn } = context.config;
  return vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : vpn.dtsCidrs;
}

/** Named in `vpn.remoteConnections`, by connection id or by its customer gateway's IP address. */
function namedRemote(context: RuleContext, connection: Ec2VpnConnection): boolean {
  const named = context.config.vpn.remoteConnections;
  if (named.length === 0) return false;
  if (named.includes(connection.VpnConnectionId)) return true;
  const address = inventoryIndex(context.inventory).customerGatewayAddress.get(
    connection.CustomerGatewayId ?? '',
  );
  return address !== undefined && named.includes(address);
}

/** Why a connection leads to the remote cloud, from its static routes or the configuration; undefined if neither says so. */
export function remoteCloudEvidence(context: RuleContext, connection: Ec2VpnConnection): string | undefined {
  if (namedRemote(context, connection))
    return `${connection.VpnConnectionId} is named in vpn.remoteConnections`;
  const marker = blocks(remoteMarker(context));
  const routes = blocks(connectionRoutes(context, connection));
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
  for (const table of inventoryIndex(context.inventory).routeTablesOfVpc.get(vpcId) ?? []) {
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
    return { cidrs: connectionRoutes(context, connection), remoteCloud: false };
  const remote = vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : connectionRoutes(context, connection);
  return { cidrs: [...new Set([...remote, ...vpn.dtsCidrs])], remoteCloud: true };
}

/**
 * What the VPC behind a virtual private gateway must route to, over all its
 * connections (VPN.5, VPN.7). A dynamic (BGP) connection's learned routes are not
 * listed by the VPN API: it leads to the remote cloud when it is named in
 * `vpn.remoteConnections` or the VPC holds a route to a remote network propagated from
 * the gateway; a dynamic connection that can be placed neither way, while nothing else
 * places the VPC, leaves the remote networks unknown (docs/design/rules-catalog.md, "Remote networks of a VPN").
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
  const lookups = inventoryIndex(context.inventory);
  const connections = lookups.connectionsOfVpc.get(vpcId) ?? [];
  const gateway = connections[0]?.VpnGatewayId;
  if (gateway === undefined) return undefined;
  // A connection whose gateway is unknown may end in any VPC; one whose routes are unknown cannot be placed.
  const unattached = lookups.unattachedConnection;
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
  return inventoryIndex(inventory).liveConnections;
}

/** The VPC a connection's virtual private gateway is attached to. */
export function attachedVpc(inventory: RegionInventory, connection: Ec2VpnConnection): string | undefined {
  return connection.VpnGatewayId === undefined
    ? undefined
    : inventoryIndex(inventory).vpcOfGateway.get(connection.VpnGatewayId);
}

export const VPN_INPUTS = ['ec2.VpnConnections', 'ec2.VpnGateways'] as const;

/**
 * A VPC that reaches the remote cloud through a VPN connection attached to a transit
 * gateway the snapshot(s) hold (docs/design/network-semantics.md, "Beyond the VPC"): it routes a
 * remote network to the hub, or the hub routes a remote network from its attachment to a
 * VPN attachment. Such a connection lists no static routes of its own (they live in the
 * hub's tables), so its remote networks are the configured `vpn.remoteCidrs` (DTS ranges
 * added); a VPN attachment named in `vpn.remoteConnections` without them is unknown.
 */
export function transitRemoteNetworks(context: RuleContext, vpcId: string): VpcRemoteNetworks | undefined {
  const { vpn } = context.config;
  const index = networkIndex(context);
  const gateways = index.transitGateways;
  const remote = [...new Set([...vpn.remoteCidrs, ...vpn.dtsCidrs])];
  const remoteBlocks = blocks(remote);
  for (const [tgw, destinations] of transitRoutes(context.inventory, vpcId)) {
    if (!gateways.holds(tgw)) {
      // The remote cloud routed into a hub whose tables another account holds: unknown, not absent.
      const routed = destinations.filter((d) => remoteBlocks.some((r) => overlaps(d, r)));
      if (vpn.remoteCidrs.length > 0 && routed.length > 0)
        return {
          known: false,
          gateway: tgw,
          reason: `${vpcId} routes ${routed.map((d) => d.text).join(', ')} to ${tgw}, but ${gateways.absence(tgw)}; audit with the network account's snapshot as well (--snapshot)`,
        };
      continue;
    }
    const vpns = gateways.attachmentsOfType(tgw, 'vpn');
    if (vpns.length === 0) continue;
    const names = vpns.map((a) => `${a.id}${a.resourceId ? ` (${a.resourceId})` : ''}`).join(', ');
    if (vpn.remoteCidrs.length === 0) {
      const named = vpns.find((a) => vpn.remoteConnections.includes(a.resourceId ?? ''));
      if (named !== undefined)
        return {
          known: false,
          gateway: tgw,
          reason: `${named.resourceId} on ${tgw} leads to the remote cloud, but a transit gateway's VPN lists its networks in the hub's route tables, not on the connection; set vpn.remoteCidrs`,
        };
      continue;
    }
    const routedByVpc = destinations.some((d) => remoteBlocks.some((r) => overlaps(d, r)));
    const attachment = gateways.vpcAttachmentOf(tgw, vpcId);
    // A table the snapshot lacks: the VPC's own routes decide alone.
    const viaHub = attachment === undefined ? undefined : gateways.vpnDestinations(attachment.id);
    const routedByHub =
      viaHub?.known === true &&
      viaHub.value.some((text) => blocks([text]).some((d) => remoteBlocks.some((r) => overlaps(d, r))));
    if (!routedByVpc && !routedByHub) continue;
    return {
      known: true,
      cidrs: remote,
      remoteCloud: remote,
      why: `${vpcId} reaches the remote cloud through ${tgw}, which carries VPN attachment(s) ${names}; remote networks from vpn.remoteCidrs`,
      gateway: tgw,
    };
  }
  return undefined;
}

/**
 * Everything a VPC must route to over VPN: through its virtual private gateway's
 * connections and through a VPN on a transit gateway, together. The remote cloud's
 * gateway (for fixes) is the one whose connection leads there.
 */
export function remoteNetworksOfVpc(context: RuleContext, vpcId: string): VpcRemoteNetworks | undefined {
  const own = vpcRemoteNetworks(context, vpcId);
  const hub = transitRemoteNetworks(context, vpcId);
  if (own === undefined || hub === undefined) return own ?? hub;
  if (!own.known) return own;
  if (!hub.known) return hub;
  return {
    known: true,
    cidrs: [...new Set([...own.cidrs, ...hub.cidrs])],
    remoteCloud: [...new Set([...own.remoteCloud, ...hub.remoteCloud])],
    why: `${own.why}; ${hub.why}`,
    gateway: own.remoteCloud.length === 0 ? hub.gateway : own.gateway,
  };
}
