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

export function leadsToRemoteCloud(context: RuleContext, connection: Ec2VpnConnection): boolean {
  const marker =
    context.config.vpn.remoteCidrs.length > 0 ? context.config.vpn.remoteCidrs : context.config.vpn.dtsCidrs;
  const routes = blocks(staticRoutes(connection));
  return blocks(marker).some((wanted) => routes.some((route) => overlaps(route, wanted)));
}

export interface RemoteNetworks {
  cidrs: string[];
  /** Whether the remote-cloud (DTS) scenario applies to the connection. */
  remoteCloud: boolean;
}

export function remoteNetworks(context: RuleContext, connection: Ec2VpnConnection): RemoteNetworks {
  const { vpn } = context.config;
  if (!leadsToRemoteCloud(context, connection))
    return { cidrs: staticRoutes(connection), remoteCloud: false };
  const remote = vpn.remoteCidrs.length > 0 ? vpn.remoteCidrs : staticRoutes(connection);
  return { cidrs: [...new Set([...remote, ...vpn.dtsCidrs])], remoteCloud: true };
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
