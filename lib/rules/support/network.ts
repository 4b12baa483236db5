/** The reachability engine as rules use it: one index per region, the configured ephemeral range. */

import type { RuleContext } from '../../catalog/rule.js';
import { parsePortRange } from '../../config/ports.js';
import { describeCollectionError, type InventoryList, listWideErrors } from '../../inventory/lists.js';
import type { RegionInventory } from '../../inventory/types.js';
import { cidr, privateIpv4Blocks } from '../../ip/cidr.js';
import { addressesOf, box, intervalsToCidrs, lineOf, subtract } from '../../network/flow-set.js';
import { NetworkIndex } from '../../network/network-index.js';
import type { HopReport, PortRange } from '../../network/reach.js';

/** The public IPv4 internet: what a NAT or internet gateway reaches, and where internet traffic comes from. */
export const PUBLIC_IPV4: readonly string[] = intervalsToCidrs(
  addressesOf(
    subtract(
      [box(lineOf(cidr('0.0.0.0/0')), 0, 0)],
      privateIpv4Blocks().map((b) => box(lineOf(b), 0, 0)),
    ),
  ),
);

/**
 * Routes of a route hop that are private paths (virtual private gateway, transit
 * gateway, peering, appliance, Gateway Load Balancer endpoint…): an internet or NAT
 * gateway never is, whatever the source addresses (docs/rules/private-routing-consistent.md). The
 * engine says which routes it took as such.
 */
export function privateRoutes(hop: HopReport): string[] {
  return hop.privateRoutes ?? [];
}

/** The route hop let every flow through, and only over private paths. */
export function routedPrivately(hop: HopReport): boolean {
  return hop.verdict === 'open' && privateRoutes(hop).length === (hop.routes ?? []).length;
}

const indexes = new WeakMap<RegionInventory, NetworkIndex>();

/** Indexes of inventories whose Block Public Access read failed (their snapshot says so). */
const failedIndexes = new WeakMap<RegionInventory, NetworkIndex>();

export function networkIndex(context: RuleContext): NetworkIndex {
  const failure = listWideErrors(context.snapshot, context.region, 'ec2.VpcBlockPublicAccessOptions')[0];
  if (failure === undefined) return indexOf(context.inventory);
  let index = failedIndexes.get(context.inventory);
  if (index === undefined) {
    index = new NetworkIndex(context.inventory, {
      blockPublicAccessFailure: describeCollectionError(failure),
    });
    failedIndexes.set(context.inventory, index);
  }
  return index;
}

/** The index of any region's inventory (a transit gateway in another region than the rule's). */
export function indexOf(inventory: RegionInventory): NetworkIndex {
  let index = indexes.get(inventory);
  if (index === undefined) {
    index = new NetworkIndex(inventory);
    indexes.set(inventory, index);
  }
  return index;
}

export function ephemeralPorts(context: RuleContext): PortRange {
  const parsed = parsePortRange(context.config.ephemeralPorts);
  // The configuration loader has validated the range already.
  return parsed.ok ? parsed.range : { from: 1024, to: 65535 };
}

/** The lists every reachability question reads, plus what source inference reads. */
export const REACH_INPUTS: readonly InventoryList[] = [
  'ec2.Vpcs',
  'ec2.Subnets',
  'ec2.RouteTables',
  'ec2.NetworkAcls',
  'ec2.SecurityGroups',
  'ec2.ManagedPrefixLists',
  'ec2.VpnConnections',
  'ec2.VpnGateways',
];
