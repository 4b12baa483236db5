import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { liveConnections, VPN_INPUTS } from '../support/vpn.js';

/**
 * Compliant when a VPN gateway has at least two available connections to different customer
 * gateways — different peers, told apart by their public IP address: two customer gateway
 * objects with one address are one device (Site-to-Site VPN redundancy).
 */
export const redundantConnections = defineRule({
  id: 'VPN.3',
  slug: 'redundant-connections',
  title: 'VPN gateway has redundant connections',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-redundant-connection.html',
  inputs: [...VPN_INPUTS, 'ec2.CustomerGateways'],
  evaluate(context) {
    const addresses = new Map(
      (context.inventory.ec2?.CustomerGateways ?? []).map((g) => [g.CustomerGatewayId, g.IpAddress]),
    );
    const byGateway = new Map<string, { peers: Map<string, string[]>; unknown: string[]; all: number }>();
    for (const connection of liveConnections(context.inventory)) {
      if (connection.VpnGatewayId === undefined) continue;
      const entry = byGateway.get(connection.VpnGatewayId) ?? {
        peers: new Map<string, string[]>(),
        unknown: [],
        all: 0,
      };
      entry.all += 1;
      const customerGateway = connection.CustomerGatewayId;
      if (connection.State === 'available' && customerGateway) {
        const address = addresses.get(customerGateway);
        if (address === undefined) entry.unknown.push(customerGateway);
        else entry.peers.set(address, [...(entry.peers.get(address) ?? []), customerGateway]);
      }
      byGateway.set(connection.VpnGatewayId, entry);
    }
    return [...byGateway].map(([gatewayId, entry]): Finding => {
      const ref = resource.vpnGateway(context, gatewayId);
      const peers = [...entry.peers].map(
        ([address, gateways]) => `${address} (${[...new Set(gateways)].join(', ')})`,
      );
      if (entry.peers.size >= 2)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `${gatewayId} has available connections to ${entry.peers.size} customer gateway devices: ${peers.join(', ')}`,
        };
      // A customer gateway whose address is not in the snapshot may or may not be a second device.
      if (entry.unknown.length > 0 && entry.peers.size + new Set(entry.unknown).size >= 2)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `the IP address of customer gateway ${[...new Set(entry.unknown)].join(', ')} is not in the snapshot: whether ${gatewayId}'s connections end on different devices is unknown`,
        };
      const sharing = [...entry.peers].filter(([, gateways]) => new Set(gateways).size > 1);
      return {
        status: 'WARNING',
        resource: ref,
        evidence: `${gatewayId} has ${entry.peers.size} available connection(s) to distinct customer gateway devices (${entry.all} in all${peers.length > 0 ? `: ${peers.join(', ')}` : ''})${sharing.length > 0 ? `; ${sharing.map(([address]) => address).join(', ')} is one device behind several customer gateway objects` : ''}; a single customer gateway is a single point of failure`,
        remediation: `Add a second VPN connection on ${gatewayId} from a second customer gateway device`,
      };
    });
  },
});
