import { defineRule } from '../../catalog/rule.js';
import { resource } from '../resources.js';

/** Compliant when both tunnels of a site-to-site VPN connection are UP (Site-to-Site VPN User Guide, VPN tunnels). */
export const tunnelsUp = defineRule({
  id: 'VPN.2',
  slug: 'tunnels-up',
  title: 'Both tunnels of the VPN connection are up',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html',
  inputs: ['ec2.VpnConnections'],
  evaluate(context) {
    return (context.inventory.ec2?.VpnConnections ?? [])
      .filter((connection) => connection.State !== 'deleted')
      .map((connection) => {
        const ref = resource.vpnConnection(context, connection.VpnConnectionId);
        const tunnels = connection.VgwTelemetry ?? [];
        if (tunnels.length === 0) {
          return {
            status: 'NOT_AVAILABLE' as const,
            resource: ref,
            evidence: `${connection.VpnConnectionId} reports no tunnel telemetry (VgwTelemetry)`,
          };
        }
        if (tunnels.some((tunnel) => tunnel.Status === undefined)) {
          return {
            status: 'NOT_AVAILABLE' as const,
            resource: ref,
            evidence: `a tunnel of ${connection.VpnConnectionId} reports no Status in VgwTelemetry`,
          };
        }
        const down = tunnels.filter((tunnel) => tunnel.Status !== 'UP');
        if (down.length === 0)
          return {
            status: 'PASSED' as const,
            resource: ref,
            evidence: `all ${tunnels.length} tunnels of ${connection.VpnConnectionId} are UP (${tunnels.map((t) => t.OutsideIpAddress ?? '?').join(', ')})`,
          };
        const detail = down
          .map(
            (tunnel) =>
              `${tunnel.OutsideIpAddress ?? '?'} ${tunnel.Status ?? 'unknown'}${tunnel.StatusMessage ? ` (${tunnel.StatusMessage})` : ''}`,
          )
          .join('; ');
        const allDown = down.length === tunnels.length;
        return {
          status: allDown ? ('FAILED' as const) : ('WARNING' as const),
          resource: ref,
          evidence: `${down.length} of ${tunnels.length} tunnels of ${connection.VpnConnectionId} are not UP: ${detail}`,
          remediation: allDown
            ? `Bring up the tunnels of ${connection.VpnConnectionId}: check the peer's IKE/IPsec settings, pre-shared keys and that UDP 500/4500 reach ${tunnels.map((t) => t.OutsideIpAddress).join(', ')}`
            : `Configure the second tunnel on the peer device so that ${connection.VpnConnectionId} keeps working during AWS tunnel maintenance`,
        };
      });
  },
});
