/** The reachability engine as rules use it: one index per region, the configured ephemeral range. */

import type { RuleContext } from '../../catalog/rule.js';
import { parsePortRange } from '../../config/ports.js';
import type { InventoryList } from '../../inventory/lists.js';
import type { RegionInventory } from '../../inventory/types.js';
import { NetworkIndex } from '../../network/network-index.js';
import type { PortRange } from '../../network/reach.js';

const indexes = new WeakMap<RegionInventory, NetworkIndex>();

export function networkIndex(context: RuleContext): NetworkIndex {
  let index = indexes.get(context.inventory);
  if (index === undefined) {
    index = new NetworkIndex(context.inventory);
    indexes.set(context.inventory, index);
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
