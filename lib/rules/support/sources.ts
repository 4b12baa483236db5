/**
 * The networks traffic comes from (docs/design/rules-catalog.md, "Source networks"): the
 * configuration first, else inferred for the VPC from its VGW/TGW routes and its
 * VPN connections' static routes, minus its own CIDRs and default routes.
 */
import type { RegionInventory } from '../../inventory/types.js';
import { contains, parseCidr } from '../../ip/cidr.js';
import { inventoryIndex } from './inventory-index.js';

export type SourceNetworks =
  | { found: true; cidrs: string[]; inferred: boolean }
  | { found: false; reason: string };

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

function isPrivatePath(route: { GatewayId?: string; TransitGatewayId?: string; State?: string }): boolean {
  if (route.State !== undefined && route.State !== 'active') return false;
  return (route.GatewayId ?? '').startsWith('vgw-') || route.TransitGatewayId !== undefined;
}

/** Virtual private gateways attached to the VPC. */
export function attachedGateways(inventory: RegionInventory, vpcId: string): string[] {
  return [...new Set(inventoryIndex(inventory).gatewaysOfVpc.get(vpcId) ?? [])];
}

const hybridCache = new WeakMap<RegionInventory, ReadonlySet<string>>();

/** The hybrid VPCs of a region, found in one pass over its route tables and gateways. */
function hybridVpcIds(inventory: RegionInventory): ReadonlySet<string> {
  let ids = hybridCache.get(inventory);
  if (ids === undefined) {
    const found = new Set<string>();
    for (const table of inventory.ec2?.RouteTables ?? []) {
      if ((table.Routes ?? []).some(isPrivatePath)) found.add(table.VpcId);
    }
    for (const gateway of inventory.ec2?.VpnGateways ?? []) {
      for (const attachment of gateway.VpcAttachments ?? []) {
        if (attachment.State === 'attached' && attachment.VpcId) found.add(attachment.VpcId);
      }
    }
    ids = found;
    hybridCache.set(inventory, ids);
  }
  return ids;
}

/** A VPC is hybrid when it routes over a VGW or TGW, or has a VPN gateway attached. */
export function isHybridVpc(inventory: RegionInventory, vpcId: string): boolean {
  return hybridVpcIds(inventory).has(vpcId);
}

export function vpcCidrs(inventory: RegionInventory, vpcId: string): string[] {
  const vpc = inventoryIndex(inventory).vpcs.get(vpcId);
  const blocks = (vpc?.CidrBlockAssociationSet ?? [])
    .filter((a) => a.CidrBlockState?.State === undefined || a.CidrBlockState.State === 'associated')
    .flatMap((a) => (a.CidrBlock ? [a.CidrBlock] : []));
  if (blocks.length === 0 && vpc?.CidrBlock) blocks.push(vpc.CidrBlock);
  for (const a of vpc?.Ipv6CidrBlockAssociationSet ?? []) if (a.Ipv6CidrBlock) blocks.push(a.Ipv6CidrBlock);
  return blocks;
}

/** Drops blocks held by another listed block, keeping the first of equal ones. */
function outermost(blocks: string[]): string[] {
  const parsed = [...new Set(blocks)].flatMap((text) => {
    const result = parseCidr(text);
    return result.ok ? [result.cidr] : [];
  });
  return parsed
    .filter(
      (block, i) =>
        !parsed.some((other, j) => j !== i && contains(other, block) && !(contains(block, other) && j > i)),
    )
    .map((block) => block.text);
}

export function inferSourceNetworks(inventory: RegionInventory, vpcId: string): string[] {
  const own = vpcCidrs(inventory, vpcId).flatMap((text) => {
    const result = parseCidr(text);
    return result.ok ? [result.cidr] : [];
  });
  const candidates: string[] = [];
  const lookups = inventoryIndex(inventory);
  for (const table of lookups.routeTablesOfVpc.get(vpcId) ?? []) {
    for (const route of table.Routes ?? []) {
      if (!isPrivatePath(route)) continue;
      const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
      if (destination) candidates.push(destination);
    }
  }
  const connections = attachedGateways(inventory, vpcId).flatMap(
    (gateway) => lookups.connectionsOfGateway.get(gateway) ?? [],
  );
  // In the order the snapshot lists them, whichever gateway each is on.
  const order = lookups.connectionOrder;
  connections.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  for (const connection of connections) {
    if (connection.State === 'deleted') continue;
    for (const route of connection.Routes ?? []) {
      if (route.DestinationCidrBlock && route.State !== 'deleted')
        candidates.push(route.DestinationCidrBlock);
    }
  }
  // A destination inside the VPC's own block, or one that contains it (a summary such as
  // 10.0.0.0/8 -> tgw in a 10.0.0.0/16 VPC), names no remote network: the local route wins
  // by longest-prefix match for the VPC's own addresses.
  const filtered = candidates.filter((text) => {
    if (DEFAULT_ROUTES.has(text)) return false;
    const result = parseCidr(text);
    return result.ok && !own.some((block) => contains(block, result.cidr) || contains(result.cidr, block));
  });
  return outermost(filtered);
}

/** Configured networks (scenario key, else `sourceCidrs`), else inferred for the VPC. */
export function sourceNetworks(
  configured: readonly string[] | undefined,
  settingName: string,
  inventory: RegionInventory,
  vpcId: string | undefined,
): SourceNetworks {
  if (configured !== undefined && configured.length > 0)
    return { found: true, cidrs: [...configured], inferred: false };
  const inferred = vpcId === undefined ? [] : inferSourceNetworks(inventory, vpcId);
  if (inferred.length > 0) return { found: true, cidrs: inferred, inferred: true };
  return {
    found: false,
    reason: `no source networks: none configured and none routed through a VPN or transit gateway of ${vpcId ?? 'the VPC'}; set ${settingName} (or sourceCidrs) in the configuration`,
  };
}
