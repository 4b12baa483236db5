/**
 * The healthy landing zone and its network account for the DNS rules (issue 31): the data
 * centre's DNS server forwards the region's AWS names to the network account's inbound Resolver
 * endpoint, whose VPC resolves them through private hosted zones to the centralised endpoints.
 * `pair(change)` gives both snapshots after one change.
 */
import type { HostedZoneItem, RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { find, healthy, healthyNetwork, west } from './landing-zone.js';

export interface Pair {
  spoke: Snapshot;
  network: Snapshot;
  spokeRegion: RegionInventory;
  networkRegion: RegionInventory;
}

export function pair(change: (pair: Pair) => void = () => {}): Snapshot[] {
  const spoke = healthy();
  const network = healthyNetwork();
  change({ spoke, network, spokeRegion: west(spoke), networkRegion: west(network) });
  return [spoke, network];
}

export function zone(network: Snapshot, id: string): HostedZoneItem {
  return find(network.route53?.HostedZones, (z) => z.Id === id);
}
