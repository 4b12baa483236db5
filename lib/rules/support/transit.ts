/**
 * What the transit-gateway and Direct Connect rules (NET.4–NET.7) share: the routes a
 * VPC sends into transit gateways, the networks asked about, and the CIDR blocks of VPCs
 * that another snapshot of the audit describes.
 */
import type { RuleContext } from '../../catalog/rule.js';
import type { InventoryList } from '../../inventory/lists.js';
import type { RegionInventory } from '../../inventory/types.js';
import { type Cidr, overlaps, parseCidr } from '../../ip/cidr.js';
import { isHybridVpc, sourceNetworks, vpcCidrs } from './sources.js';

export const TRANSIT_INPUTS: readonly InventoryList[] = [
  'ec2.Vpcs',
  'ec2.RouteTables',
  'ec2.TransitGateways',
  'ec2.TransitGatewayAttachments',
  'ec2.TransitGatewayVpcAttachments',
];

const routesByVpc = new WeakMap<RegionInventory, Map<string, Map<string, Cidr[]>>>();

/** The active routes of a VPC's tables into each transit gateway: gateway → destinations. */
export function transitRoutes(inventory: RegionInventory, vpcId: string): Map<string, Cidr[]> {
  let all = routesByVpc.get(inventory);
  if (all === undefined) {
    // One pass over the region's tables, for every VPC at once.
    all = new Map();
    for (const table of inventory.ec2?.RouteTables ?? []) {
      for (const route of table.Routes ?? []) {
        if (route.TransitGatewayId === undefined || (route.State !== undefined && route.State !== 'active'))
          continue;
        const parsed = route.DestinationCidrBlock ? parseCidr(route.DestinationCidrBlock) : undefined;
        if (!parsed?.ok) continue;
        const found = all.get(table.VpcId) ?? new Map<string, Cidr[]>();
        all.set(table.VpcId, found);
        const list = found.get(route.TransitGatewayId) ?? [];
        if (!list.some((block) => block.text === parsed.cidr.text)) list.push(parsed.cidr);
        found.set(route.TransitGatewayId, list);
      }
    }
    routesByVpc.set(inventory, all);
  }
  return all.get(vpcId) ?? new Map();
}

/** The hybrid VPCs of the region that route something into a transit gateway. */
export function transitVpcs(inventory: RegionInventory): { vpcId: string; routes: Map<string, Cidr[]> }[] {
  return (inventory.ec2?.Vpcs ?? [])
    .filter((vpc) => isHybridVpc(inventory, vpc.VpcId))
    .map((vpc) => ({ vpcId: vpc.VpcId, routes: transitRoutes(inventory, vpc.VpcId) }))
    .filter((vpc) => vpc.routes.size > 0);
}

/**
 * The networks that reach a VPC through a transit gateway: the configured source networks
 * of every scenario (the user's word), else those inferred from the VPC's routes; and the
 * VPN's remote networks. Each is kept when the VPC routes some of it into that gateway.
 */
export function networksThrough(
  context: RuleContext,
  vpcId: string,
  destinations: readonly Cidr[],
): { found: true; networks: string[]; inferred: boolean } | { found: false; reason: string } {
  const { config } = context;
  const configured = [
    ...(config.sourceCidrs ?? []),
    ...(config.drs.sourceCidrs ?? []),
    ...(config.dataSync.sourceCidrs ?? []),
    ...(config.s3PrivateLink.sourceCidrs ?? []),
  ];
  const sources = sourceNetworks([...new Set(configured)], 'sourceCidrs', context.inventory, vpcId);
  if (!sources.found && config.vpn.remoteCidrs.length === 0) return sources;
  const candidates = [...new Set([...(sources.found ? sources.cidrs : []), ...config.vpn.remoteCidrs])];
  const networks = candidates.filter((text) => {
    const parsed = parseCidr(text);
    return parsed.ok && destinations.some((block) => overlaps(block, parsed.cidr));
  });
  return { found: true, networks, inferred: sources.found && sources.inferred };
}

/**
 * A VPC's CIDR blocks, from this account's own snapshot only: a result depends on its account's
 * snapshot and the network inventory, never on another audited account's snapshot, so the
 * command line (given every account) and the worker (given one) judge it alike.
 */
export function ownVpcBlocks(context: RuleContext, vpcId: string): string[] {
  return vpcCidrs(context.inventory, vpcId);
}

/**
 * The IPv4 blocks among these texts: the hub rules judge the IPv4 paths the scenarios use
 * (DRS, DataSync and the VPN guides are IPv4); an IPv6 block is left out, not failed.
 */
export function ipv4Blocks(texts: readonly string[]): Cidr[] {
  return texts.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok && parsed.cidr.family === 4 ? [parsed.cidr] : [];
  });
}
