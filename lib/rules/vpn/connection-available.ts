import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { attachedVpc, liveConnections, VPN_INPUTS } from '../support/vpn.js';

/** Compliant when the VPN connection is available and ends on an attached virtual private gateway or a transit gateway (Site-to-Site VPN User Guide). */
export const connectionAvailable = defineRule({
  id: 'VPN.1',
  slug: 'connection-available',
  title: 'VPN connection is available and attached',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html',
  inputs: [...VPN_INPUTS],
  evaluate(context) {
    return liveConnections(context.inventory).map((connection): Finding => {
      const ref = resource.vpnConnection(context, connection.VpnConnectionId);
      const problems: string[] = [];
      if (connection.State !== 'available') problems.push(`is in state ${connection.State ?? 'unknown'}`);
      if (connection.TransitGatewayId === undefined) {
        if (connection.VpnGatewayId === undefined)
          problems.push('ends on neither a virtual private gateway nor a transit gateway');
        else if (attachedVpc(context.inventory, connection) === undefined) {
          problems.push(`ends on ${connection.VpnGatewayId}, which is attached to no VPC`);
        }
      }
      return problems.length === 0
        ? {
            status: 'PASSED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} is available on ${connection.TransitGatewayId ?? `${connection.VpnGatewayId}, attached to ${attachedVpc(context.inventory, connection)}`}`,
          }
        : {
            status: 'FAILED',
            resource: ref,
            evidence: `${connection.VpnConnectionId} ${problems.join(' and ')}`,
            remediation: `Attach ${connection.VpnGatewayId ?? 'the gateway'} to the VPC and wait for ${connection.VpnConnectionId} to become available`,
          };
    });
  },
});
