import { defineRule, type Finding } from '../../catalog/rule.js';
import { contains, parseCidr } from '../../network/cidr.js';
import { resource } from '../resources.js';
import { liveConnections, remoteNetworks, staticRoutes, VPN_INPUTS } from '../support/vpn.js';

/** Compliant when a static VPN connection has an available static route covering every remote network, the DTS range included (Alibaba Cloud DTS over IPsec VPN guide). */
export const staticRoutesCoverRemote = defineRule({
  id: 'VPN.4',
  slug: 'static-routes-cover-remote',
  title: 'Static VPN routes cover every remote network',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html',
  inputs: [...VPN_INPUTS],
  evaluate(context) {
    return liveConnections(context.inventory).map((connection): Finding => {
      const ref = resource.vpnConnection(context, connection.VpnConnectionId);
      if (connection.Options?.StaticRoutesOnly === undefined) {
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${connection.VpnConnectionId} has no Options.StaticRoutesOnly in the snapshot: static and dynamic routing cannot be told apart`,
        };
      }
      if (!connection.Options.StaticRoutesOnly) {
        return {
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${connection.VpnConnectionId} uses dynamic (BGP) routing`,
        };
      }
      const routes = staticRoutes(connection).flatMap((text) => {
        const parsed = parseCidr(text);
        return parsed.ok ? [parsed.cidr] : [];
      });
      const { cidrs } = remoteNetworks(context, connection);
      if (cidrs.length === 0)
        return {
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${connection.VpnConnectionId} leads to no remote cloud and has no static routes to check`,
        };
      const missing = cidrs.filter((text) => {
        const wanted = parseCidr(text);
        return wanted.ok && !routes.some((route) => contains(route, wanted.cidr));
      });
      return missing.length === 0
        ? {
            status: 'PASSED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} has available static routes ${routes.map((r) => r.text).join(', ')} covering ${cidrs.join(', ') || '(no remote networks)'}`,
          }
        : {
            status: 'FAILED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} has static routes ${routes.map((r) => r.text).join(', ') || '(none)'} but none covering ${missing.join(', ')}`,
            remediation: `Add static routes ${missing.join(', ')} to ${connection.VpnConnectionId}`,
            commands: missing.map((cidr) => ({
              operation: 'CreateVpnConnectionRoute' as const,
              input: { VpnConnectionId: connection.VpnConnectionId, DestinationCidrBlock: cidr },
            })),
          };
    });
  },
});
