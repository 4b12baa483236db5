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
      if (!connection.Options?.StaticRoutesOnly) {
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
      const missing = cidrs.filter((text) => {
        const wanted = parseCidr(text);
        return wanted.ok && !routes.some((route) => contains(route, wanted.cidr));
      });
      return missing.length === 0
        ? { status: 'PASSED', resource: ref }
        : {
            status: 'FAILED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} has static routes ${routes.map((r) => r.text).join(', ') || '(none)'} but none covering ${missing.join(', ')}`,
            remediation: `Add static routes ${missing.join(', ')} to ${connection.VpnConnectionId}`,
          };
    });
  },
});
