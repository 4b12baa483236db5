import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { liveConnections, VPN_INPUTS } from '../support/vpn.js';

/** Compliant when a VPN gateway has at least two available connections to different customer gateways (Site-to-Site VPN redundancy). */
export const redundantConnections = defineRule({
  id: 'VPN.3',
  slug: 'redundant-connections',
  title: 'VPN gateway has redundant connections',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-redundant-connection.html',
  inputs: [...VPN_INPUTS],
  evaluate(context) {
    const byGateway = new Map<string, { available: Set<string>; all: number }>();
    for (const connection of liveConnections(context.inventory)) {
      if (connection.VpnGatewayId === undefined) continue;
      const entry = byGateway.get(connection.VpnGatewayId) ?? { available: new Set<string>(), all: 0 };
      entry.all += 1;
      if (connection.State === 'available' && connection.CustomerGatewayId)
        entry.available.add(connection.CustomerGatewayId);
      byGateway.set(connection.VpnGatewayId, entry);
    }
    return [...byGateway].map(([gatewayId, entry]): Finding => {
      const ref = resource.vpnGateway(context, gatewayId);
      if (entry.available.size >= 2)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${gatewayId} has available connections to ${entry.available.size} customer gateways (${[...entry.available].join(', ')})`,
        };
      return {
        status: 'WARNING',
        resource: ref,
        evidence: `${gatewayId} has ${entry.available.size} available connection(s) to distinct customer gateways (${entry.all} in all); a single customer gateway is a single point of failure`,
        remediation: `Add a second VPN connection on ${gatewayId} from a second customer gateway device`,
      };
    });
  },
});
