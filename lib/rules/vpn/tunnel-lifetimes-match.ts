import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { liveConnections, VPN_INPUTS } from '../support/vpn.js';

/** AWS's own values when a tunnel option is absent (VPN tunnel options). */
const AWS_PHASE1 = 28800;
const AWS_PHASE2 = 3600;

/** Compliant when every tunnel's IKE phase 1 and phase 2 lifetimes equal the configured peer values (VPN tunnel options). */
export const tunnelLifetimesMatch = defineRule({
  id: 'VPN.6',
  slug: 'tunnel-lifetimes-match',
  title: 'VPN tunnel IPsec lifetimes match the peer',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html',
  inputs: [...VPN_INPUTS],
  evaluate(context) {
    const { phase1LifetimeSeconds, phase2LifetimeSeconds } = context.config.vpn;
    return liveConnections(context.inventory).map((connection): Finding => {
      const ref = resource.vpnConnection(context, connection.VpnConnectionId);
      const tunnels = connection.Options?.TunnelOptions ?? [];
      if (tunnels.length === 0)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${connection.VpnConnectionId} has no Options.TunnelOptions in the snapshot: the tunnel lifetimes are unknown`,
        };
      const mismatches = tunnels.flatMap((tunnel) => {
        const phase1 = tunnel.Phase1LifetimeSeconds ?? AWS_PHASE1;
        const phase2 = tunnel.Phase2LifetimeSeconds ?? AWS_PHASE2;
        const found: string[] = [];
        if (phase1 !== phase1LifetimeSeconds)
          found.push(
            `${tunnel.OutsideIpAddress ?? 'tunnel'} phase 1 ${phase1} s (peer ${phase1LifetimeSeconds} s)`,
          );
        if (phase2 !== phase2LifetimeSeconds)
          found.push(
            `${tunnel.OutsideIpAddress ?? 'tunnel'} phase 2 ${phase2} s (peer ${phase2LifetimeSeconds} s)`,
          );
        return found;
      });
      // One ModifyVpnTunnelOptions per tunnel that differs (tunnels are named by their outside address).
      const commands = tunnels
        .filter(
          (t) =>
            t.OutsideIpAddress !== undefined &&
            ((t.Phase1LifetimeSeconds ?? AWS_PHASE1) !== phase1LifetimeSeconds ||
              (t.Phase2LifetimeSeconds ?? AWS_PHASE2) !== phase2LifetimeSeconds),
        )
        .map((t) => ({
          operation: 'ModifyVpnTunnelOptions' as const,
          input: {
            VpnConnectionId: connection.VpnConnectionId,
            VpnTunnelOutsideIpAddress: t.OutsideIpAddress,
            TunnelOptions: {
              Phase1LifetimeSeconds: phase1LifetimeSeconds,
              Phase2LifetimeSeconds: phase2LifetimeSeconds,
            },
          },
        }));
      return mismatches.length === 0
        ? {
            status: 'PASSED',
            resource: ref,
            evidence: `${tunnels.length} tunnels of ${connection.VpnConnectionId} use phase 1 ${phase1LifetimeSeconds} s and phase 2 ${phase2LifetimeSeconds} s, as the peer`,
          }
        : {
            status: 'FAILED',
            resource: ref,
            evidence: `${connection.VpnConnectionId}: ${mismatches.join('; ')}`,
            commands,
            remediation: `Set the tunnel options of ${connection.VpnConnectionId} to phase 1 ${phase1LifetimeSeconds} s and phase 2 ${phase2LifetimeSeconds} s, or change vpn.phase1LifetimeSeconds/phase2LifetimeSeconds to the peer's values`,
          };
    });
  },
});
