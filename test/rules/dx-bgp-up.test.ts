import type { RegionInventory } from '../../lib/inventory/types.js';
import { dxBgpUp } from '../../lib/rules/net/dx-bgp-up.js';
import { hubTable } from '../support/hub-table.js';
import { NET_IDS } from '../support/landing-zone.js';

function vif(region: RegionInventory, id: string) {
  const found = region.directconnect?.VirtualInterfaces?.find((v) => v.virtualInterfaceId === id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

const peersDown = (region: RegionInventory, id: string) => {
  for (const peer of vif(region, id).bgpPeers ?? []) peer.bgpStatus = 'down';
};

hubTable(
  dxBgpUp,
  [NET_IDS.vifA, NET_IDS.vifB],
  [
    {
      name: 'the example’s second interface with its session down: the path runs without redundancy',
      change: ({ networkRegion }) => peersDown(networkRegion, NET_IDS.vifB),
      resourceId: NET_IDS.vifB,
      status: 'WARNING',
      evidence: `still runs over ${NET_IDS.vifA}, without redundancy`,
      remediation: 'Restore the BGP session',
    },
    {
      name: 'both sessions down: the path is down',
      change: ({ networkRegion }) => {
        peersDown(networkRegion, NET_IDS.vifA);
        peersDown(networkRegion, NET_IDS.vifB);
      },
      resourceId: NET_IDS.vifA,
      others: { 'dxvif-fg5a1b2d': 'FAILED' },
      status: 'FAILED',
      evidence: 'no interface to 5f3c1e2a-7b9d-4c6e-8a1f-2d3e4f5a6b7c has a session up: the path is down',
    },
    {
      name: 'a session up on an interface that is down counts as down',
      change: ({ networkRegion }) => {
        vif(networkRegion, NET_IDS.vifA).virtualInterfaceState = 'down';
        peersDown(networkRegion, NET_IDS.vifB);
      },
      resourceId: NET_IDS.vifA,
      others: { 'dxvif-fg5a1b2d': 'FAILED' },
      status: 'FAILED',
      evidence: '0 of 1 BGP peers up',
    },
    {
      name: 'one of two peers down (IPv4 up, IPv6 down)',
      change: ({ networkRegion }) => {
        const first = vif(networkRegion, NET_IDS.vifA).bgpPeers?.[0];
        vif(networkRegion, NET_IDS.vifA).bgpPeers?.push({
          ...first,
          bgpPeerId: 'dxpeer-v6',
          addressFamily: 'ipv6',
          bgpStatus: 'down',
        });
      },
      resourceId: NET_IDS.vifA,
      status: 'WARNING',
      evidence: '1 of 2 BGP peers up',
    },
    {
      name: 'BGP peers not in the snapshot',
      change: ({ networkRegion }) => {
        delete vif(networkRegion, NET_IDS.vifA).bgpPeers;
      },
      resourceId: NET_IDS.vifA,
      status: 'NOT_AVAILABLE',
      evidence: `${NET_IDS.vifA} has no BGP peers or state in the snapshot`,
    },
  ],
  [
    {
      name: 'a Direct Connect gateway associated with nothing carries no path',
      change: ({ networkRegion }) => {
        if (networkRegion.directconnect) networkRegion.directconnect.DirectConnectGatewayAssociations = [];
        peersDown(networkRegion, NET_IDS.vifB);
      },
      resources: [NET_IDS.vifA, NET_IDS.vifB],
      status: 'NOT_APPLICABLE',
    },
  ],
);
