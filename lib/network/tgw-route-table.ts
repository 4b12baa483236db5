/**
 * A transit gateway route table as the hub evaluates it (Transit Gateway Guide, "Route
 * evaluation order"): its routes parsed and ordered once, the one route selected per prefix,
 * and how it routes a whole block to one attachment. What the snapshot lacks (a prefix-list
 * route, a competitor without its Type) is a `Known` value, never an exception.
 */
import type { TransitGatewayRouteTableWithRoutes } from '../inventory/types.js';
import { type Cidr, parseCidr } from '../ip/cidr.js';
import { intervalsOut, lineOf, touches } from './flow-set.js';
import { type Known, known, unknown } from './known.js';

export type Route = NonNullable<TransitGatewayRouteTableWithRoutes['Routes']>[number];

/** A table's active routes that lead somewhere, with every attachment each leads to. */
export function activeRoutes(
  table: TransitGatewayRouteTableWithRoutes,
): Known<{ block: Cidr; targets: string[] }[]> {
  const sorted = longestFirst(table);
  if (!sorted.known) return sorted;
  return known(
    sorted.value.flatMap(({ route, block }) => {
      const targets = targetsOf(route);
      return route.State === 'active' && targets.length > 0 ? [{ block, targets }] : [];
    }),
  );
}

/** Every attachment a route leads to: one, or several for equal-cost (ECMP) VPN paths. */
export function targetsOf(route: Route): string[] {
  return [
    ...new Set((route.TransitGatewayAttachments ?? []).flatMap((a) => a.TransitGatewayAttachmentId ?? [])),
  ];
}

export function routeLabel(route: Route, block: Cidr): string {
  const targets = targetsOf(route);
  return route.State === 'blackhole'
    ? `${block.text} -> blackhole`
    : `${block.text} -> ${targets.join(', ') || '(no attachment)'}${route.State === 'active' ? '' : ` (${route.State})`}`;
}

/** Sorted once per table: a hub's table holds a route per VPC, and every question reads it. */
const sortedRoutes = new WeakMap<Route[], Known<{ route: Route; block: Cidr }[]>>();

export function longestFirst(
  table: TransitGatewayRouteTableWithRoutes,
): Known<{ route: Route; block: Cidr }[]> {
  if (table.Routes === undefined) return known([]);
  let sorted = sortedRoutes.get(table.Routes);
  if (sorted === undefined) {
    sorted = sortRoutes(table);
    sortedRoutes.set(table.Routes, sorted);
  }
  return sorted;
}

/**
 * The transit gateway's route evaluation order for routes of the same prefix (Transit
 * Gateway Guide, "Route evaluation order"): static routes (blackholes included), prefix-list
 * references, then propagated routes by where they come from — VPC, Direct Connect gateway,
 * Connect, Site-to-Site VPN.
 */
const PROPAGATED_ORDER: Record<string, number> = {
  vpc: 2,
  'direct-connect-gateway': 3,
  connect: 4,
  vpn: 5,
};

function evaluationRank(route: Route): number | undefined {
  if (route.Type === 'static') return 0;
  if (route.PrefixListId !== undefined) return 1;
  if (route.Type !== 'propagated') return undefined;
  const type = route.TransitGatewayAttachments?.[0]?.ResourceType;
  return type === undefined ? undefined : (PROPAGATED_ORDER[type] ?? 6);
}

/** Why the route a table selects for a prefix is unknown: competitors whose kind the snapshot lacks. */
export const ambiguity = new WeakMap<Route, string>();

function sortRoutes(table: TransitGatewayRouteTableWithRoutes): Known<{ route: Route; block: Cidr }[]> {
  const entries: { route: Route; block: Cidr; rank: number | undefined }[] = [];
  for (const route of table.Routes ?? []) {
    if (route.DestinationCidrBlock === undefined) {
      if (route.PrefixListId !== undefined)
        return unknown(
          `${table.TransitGatewayRouteTableId} routes prefix list ${route.PrefixListId}, which the engine does not expand`,
        );
      continue;
    }
    const parsed = parseCidr(route.DestinationCidrBlock);
    if (!parsed.ok) return unknown(`${table.TransitGatewayRouteTableId}: ${parsed.reason}`);
    entries.push({ route, block: parsed.cidr, rank: evaluationRank(route) });
  }
  const parsed = entries.sort((a, b) => b.block.prefix - a.block.prefix || (a.rank ?? 7) - (b.rank ?? 7));
  // Only the route the table selects for each prefix counts; the others are never used.
  const winners: { route: Route; block: Cidr }[] = [];
  let selected: (typeof parsed)[number] | undefined;
  for (const entry of parsed) {
    if (selected !== undefined && selected.block.text === entry.block.text) {
      if (selected.rank === undefined || entry.rank === undefined)
        ambiguity.set(
          selected.route,
          `${table.TransitGatewayRouteTableId} has two routes to ${entry.block.text} and the snapshot lacks the Type or origin of one: which one the transit gateway selects is unknown`,
        );
      continue;
    }
    selected = entry;
    winners.push({ route: entry.route, block: entry.block });
  }
  return known(winners);
}

/**
 * How a table routes every address of the target subnet: the longest match decides each
 * part, and the subnet is reached only if every part goes, actively, to the attachment.
 */
export function subnetRouting(
  table: TransitGatewayRouteTableWithRoutes,
  subnet: Cidr,
  attachment: string,
): Known<Routing> {
  let remaining = [lineOf(subnet)];
  const used: string[] = [];
  const sorted = longestFirst(table);
  if (!sorted.known) return sorted;
  for (const { route, block } of sorted.value) {
    if (remaining.length === 0) break;
    if (!touches(remaining, block)) continue;
    remaining = intervalsOut(remaining, block);
    const ambiguous = ambiguity.get(route);
    if (ambiguous !== undefined) return unknown(ambiguous);
    const target = route.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId;
    const label = routeLabel(route, block);
    if (route.State !== 'active' || target !== attachment)
      return known({
        ok: false,
        by: `${table.TransitGatewayRouteTableId}: ${label}${route.State === 'active' && target !== attachment ? ` (not ${attachment})` : ''}`,
      });
    used.push(label);
  }
  if (remaining.length > 0)
    return known({
      ok: false,
      by: `no route to ${used.length === 0 ? subnet.text : `all of ${subnet.text}`} in ${table.TransitGatewayRouteTableId}`,
    });
  return known({ ok: true, used });
}

export type Routing = { ok: true; used: string[] } | { ok: false; by: string };

/** How a table routes every address of several blocks: each must be reached, as `subnetRouting` says. */
export function blocksRouting(
  table: TransitGatewayRouteTableWithRoutes,
  blocks: readonly Cidr[],
  attachment: string,
): Known<Routing> {
  const used: string[] = [];
  for (const block of blocks) {
    const routing = subnetRouting(table, block, attachment);
    if (!routing.known || !routing.value.ok) return routing;
    used.push(...routing.value.used);
  }
  return known({ ok: true, used: [...new Set(used)] });
}
