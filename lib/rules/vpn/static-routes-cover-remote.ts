import { defineRule, type Finding } from '../../catalog/rule.js';
import { contains, parseCidr } from '../../ip/cidr.js';
import { resource } from '../resources.js';
import { networkIndex } from '../support/network.js';
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
      // On a transit gateway, a connection's static routes are routes of the hub's tables to its attachment.
      const onHub = connection.TransitGatewayId;
      let listed = staticRoutes(connection);
      if (onHub !== undefined) {
        const hub = networkIndex(context).transitGateways;
        if (!hub.holds(onHub))
          return {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `${connection.VpnConnectionId} is attached to ${onHub}, whose route tables hold its static routes: ${hub.absence(onHub)}`,
          };
        const onTables = hub.destinationsTo(onHub, 'vpn', connection.VpnConnectionId);
        if (!onTables.known) return { status: 'NOT_AVAILABLE', resource: ref, evidence: onTables.missing };
        listed = onTables.value;
      }
      const routes = listed.flatMap((text) => {
        const parsed = parseCidr(text);
        return parsed.ok ? [parsed.cidr] : [];
      });
      const { cidrs, remoteCloud } = remoteNetworks(context, connection);
      // A connection to a branch office or data centre: its routes covering themselves prove nothing.
      if (!remoteCloud || cidrs.length === 0)
        return {
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${connection.VpnConnectionId} does not lead to the remote cloud: it is not named in vpn.remoteConnections and its static routes (${listed.join(', ') || 'none'}) carry none of the remote networks (${[...context.config.vpn.remoteCidrs, ...context.config.vpn.dtsCidrs].join(', ')})`,
        };
      const missing = cidrs.filter((text) => {
        const wanted = parseCidr(text);
        return wanted.ok && !routes.some((route) => contains(route, wanted.cidr));
      });
      return missing.length === 0
        ? {
            status: 'PASSED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} has available static routes ${routes.map((r) => r.text).join(', ')}${onHub ? ` (in the route tables of ${onHub})` : ''} covering ${cidrs.join(', ') || '(no remote networks)'}`,
          }
        : {
            status: 'FAILED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} has static routes ${routes.map((r) => r.text).join(', ') || '(none)'} but none covering ${missing.join(', ')}`,
            ...(onHub === undefined
              ? {
                  remediation: `Add static routes ${missing.join(', ')} to ${connection.VpnConnectionId}`,
                  commands: missing.map((cidr) => ({
                    operation: 'CreateVpnConnectionRoute' as const,
                    input: { VpnConnectionId: connection.VpnConnectionId, DestinationCidrBlock: cidr },
                  })),
                }
              : {
                  remediation: `In the route tables of ${onHub} that the VPCs' attachments use, route ${missing.join(', ')} to the attachment of ${connection.VpnConnectionId} (aws ec2 create-transit-gateway-route --region ${context.region})`,
                }),
          };
    });
  },
});
