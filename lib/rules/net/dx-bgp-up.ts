import { defineRule, type Finding } from '../../catalog/rule.js';
import type { DirectConnectInventory } from '../../inventory/types.js';
import { resource } from '../resources.js';

type VirtualInterface = NonNullable<DirectConnectInventory['VirtualInterfaces']>[number];

const GONE = new Set(['deleted', 'deleting', 'rejected']);

/** The gateway a private or transit interface carries traffic to: a Direct Connect gateway or a virtual private gateway. */
function gatewayOf(vif: VirtualInterface): string | undefined {
  return vif.directConnectGatewayId || vif.virtualGatewayId || undefined;
}

function peersUp(vif: VirtualInterface): { up: number; total: number } {
  const peers = (vif.bgpPeers ?? []).filter((peer) => !GONE.has(peer.bgpPeerState ?? ''));
  const up = vif.virtualInterfaceState === 'available' ? peers.filter((p) => p.bgpStatus === 'up').length : 0;
  return { up, total: peers.length };
}

/**
 * Compliant when the BGP peers of every virtual interface that carries a hybrid path (a
 * private or transit interface on a Direct Connect gateway with an association, or on a
 * virtual private gateway) are up: a down session withdraws every route it carried
 * (Direct Connect virtual interfaces; BGP status).
 */
export const dxBgpUp = defineRule({
  id: 'NET.7',
  slug: 'dx-bgp-up',
  title: 'Direct Connect BGP sessions of the hybrid path are up',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html',
  inputs: ['directconnect.VirtualInterfaces'],
  evaluate(context) {
    const interfaces = (context.inventory.directconnect?.VirtualInterfaces ?? []).filter(
      (vif) => !GONE.has(vif.virtualInterfaceState ?? ''),
    );
    // Associations are global, listed in one region: a gateway carries a path when any region lists one for it.
    const listed = Object.values(context.snapshot.regions ?? {}).flatMap(
      (region) => region.directconnect?.DirectConnectGatewayAssociations ?? [],
    );
    const associationsKnown = Object.values(context.snapshot.regions ?? {}).some(
      (region) => region.directconnect?.DirectConnectGatewayAssociations !== undefined,
    );
    const associated = new Set(
      listed
        .filter((a) => a.associationState === undefined || a.associationState === 'associated')
        .flatMap((a) => a.directConnectGatewayId ?? []),
    );
    const findings: Finding[] = [];
    for (const vif of interfaces) {
      const owner = vif.ownerAccount ?? context.accountId;
      const ref = resource.virtualInterface(
        context,
        vif.region ?? context.region,
        owner,
        vif.virtualInterfaceId,
      );
      const gateway = gatewayOf(vif);
      if (vif.virtualInterfaceType === 'public' || gateway === undefined) {
        findings.push({
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `${vif.virtualInterfaceId} is a ${vif.virtualInterfaceType ?? 'detached'} interface: it carries no path to a VPC`,
        });
        continue;
      }
      if (vif.directConnectGatewayId && !associated.has(vif.directConnectGatewayId)) {
        findings.push(
          associationsKnown
            ? {
                status: 'NOT_APPLICABLE',
                resource: ref,
                evidence: `${vif.directConnectGatewayId} of ${vif.virtualInterfaceId} is associated with no gateway: it carries no path to a VPC`,
              }
            : {
                status: 'NOT_AVAILABLE',
                resource: ref,
                evidence: `the associations of ${vif.directConnectGatewayId} are not in the snapshot: which path ${vif.virtualInterfaceId} carries is unknown`,
              },
        );
        continue;
      }
      if (vif.bgpPeers === undefined || vif.virtualInterfaceState === undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${vif.virtualInterfaceId} has no BGP peers or state in the snapshot`,
        });
        continue;
      }
      const { up, total } = peersUp(vif);
      const peerText = (vif.bgpPeers ?? [])
        .map((p) => `${p.bgpPeerId ?? p.customerAddress ?? 'peer'} ${p.bgpStatus ?? 'unknown'}`)
        .join(', ');
      if (total > 0 && up === total) {
        findings.push({
          status: 'PASSED',
          resource: ref,
          evidence: `${vif.virtualInterfaceId} (${vif.virtualInterfaceType} to ${gateway}) is ${vif.virtualInterfaceState} with every BGP peer up: ${peerText}`,
        });
        continue;
      }
      // With no session up, the path still runs when another interface to the same gateway has one.
      const others = interfaces.filter(
        (other) => other !== vif && gatewayOf(other) === gateway && peersUp(other).up > 0,
      );
      const status = up > 0 || others.length > 0 ? 'WARNING' : 'FAILED';
      findings.push({
        status,
        resource: ref,
        evidence: `${vif.virtualInterfaceId} (${vif.virtualInterfaceType} to ${gateway}, ${vif.virtualInterfaceState}): ${up} of ${total} BGP peers up (${peerText || 'no peers'})${
          up === 0
            ? others.length > 0
              ? `; the path to ${gateway} still runs over ${others.map((o) => o.virtualInterfaceId).join(', ')}, without redundancy`
              : `; no interface to ${gateway} has a session up: the path is down`
            : '; the path runs without redundancy'
        }`,
        remediation:
          `Restore the BGP session of ${vif.virtualInterfaceId}: check the customer router's BGP configuration (ASN ${vif.asn ?? '?'}, MD5 key, peer addresses) and the physical connection ${vif.connectionId ?? ''}`.trim(),
      });
    }
    return findings;
  },
});
