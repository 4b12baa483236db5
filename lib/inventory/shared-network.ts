/**
 * Several snapshots, one network (docs/design/snapshot-format.md): an organization's network account
 * owns the transit gateways and Direct Connect gateways that other accounts' VPCs attach
 * to. Each snapshot's region inventory borrows the transit-gateway and Direct Connect
 * lists of the other snapshots (the same region; Direct Connect gateways and their
 * associations from any region, as they are global), so that a path is followed into a
 * transit gateway another account owns. Nothing else is merged: every other resource stays
 * in the snapshot, and so the account, that owns it; interface endpoints, private hosted zones
 * and Resolver objects of other accounts are found by the lookups below (the centralised
 * pattern), never copied into a snapshot.
 */
import { INVENTORY_LISTS, LISTS, splitList } from './registry.js';
import type { Ec2Inventory, RegionInventory, Snapshot } from './types.js';

/** The transit gateway lists a member's view borrows from the other accounts of the same region. */
const TRANSIT_LISTS = INVENTORY_LISTS.filter((list) => LISTS[list].shared === 'region').map((list) => ({
  key: splitList(list)[1] as keyof Ec2Inventory,
  id: LISTS[list].id as string,
}));

/**
 * Items of one list from every snapshot, each id once: the own item first, completed by
 * the fields another account's view adds (a member lists its attachment to a shared transit
 * gateway without the association that only the gateway's owner sees).
 */
function union<T extends Record<string, unknown>>(lists: (T[] | undefined)[], id: string): T[] | undefined {
  if (lists.every((list) => list === undefined)) return undefined;
  const seen = new Map<unknown, T>();
  for (const list of lists)
    for (const item of list ?? []) {
      const earlier = seen.get(item[id]);
      seen.set(item[id], earlier === undefined ? item : { ...item, ...earlier });
    }
  return [...seen.values()];
}

export function shareNetwork(snapshots: readonly Snapshot[]): Snapshot[] {
  // One snapshot too: its Direct Connect gateways and associations, listed once in its first
  // region, belong to every region's transit gateways.
  // An association names the account that owns its Direct Connect gateway; where a snapshot
  // lacks that field, its lister is the owner. Rules report an association in its owner's audit only.
  const allDirectConnect = snapshots.flatMap((s) =>
    Object.values(s.regions ?? {}).map((r) =>
      r.directconnect?.DirectConnectGatewayAssociations === undefined
        ? r.directconnect
        : {
            ...r.directconnect,
            DirectConnectGatewayAssociations: r.directconnect.DirectConnectGatewayAssociations.map((a) => ({
              ...a,
              ...(a.directConnectGatewayOwnerAccount === undefined && s.accountId
                ? { directConnectGatewayOwnerAccount: s.accountId }
                : {}),
            })),
          },
    ),
  );
  return snapshots.map((snapshot, own) => {
    const others = snapshots.filter((_, i) => i !== own);
    const regions: Record<string, RegionInventory> = {};
    for (const [name, inventory] of Object.entries(snapshot.regions ?? {})) {
      const peers = others.map((other) => other.regions?.[name]);
      const ec2: Ec2Inventory = { ...inventory.ec2 };
      for (const { key, id } of TRANSIT_LISTS) {
        const merged = union(
          [inventory.ec2?.[key], ...peers.map((peer) => peer?.ec2?.[key])] as (
            | Record<string, unknown>[]
            | undefined
          )[],
          id,
        );
        if (merged !== undefined) (ec2 as Record<string, unknown>)[key] = merged;
      }
      const gateways = union(
        [
          inventory.directconnect?.DirectConnectGateways,
          ...allDirectConnect.map((d) => d?.DirectConnectGateways),
        ] as (Record<string, unknown>[] | undefined)[],
        LISTS['directconnect.DirectConnectGateways'].id,
      );
      const associations = union(
        [
          inventory.directconnect?.DirectConnectGatewayAssociations?.map((a) => ({
            ...a,
            ...(a.directConnectGatewayOwnerAccount === undefined && snapshot.accountId
              ? { directConnectGatewayOwnerAccount: snapshot.accountId }
              : {}),
          })),
          ...allDirectConnect.map((d) => d?.DirectConnectGatewayAssociations),
        ] as (Record<string, unknown>[] | undefined)[],
        LISTS['directconnect.DirectConnectGatewayAssociations'].id,
      );
      regions[name] = {
        ...inventory,
        ...(inventory.ec2 === undefined && TRANSIT_LISTS.every(({ key }) => ec2[key] === undefined)
          ? {}
          : { ec2 }),
        ...(gateways || associations || inventory.directconnect
          ? {
              directconnect: {
                ...inventory.directconnect,
                ...(gateways ? { DirectConnectGateways: gateways as never } : {}),
                ...(associations ? { DirectConnectGatewayAssociations: associations as never } : {}),
              },
            }
          : {}),
      };
    }
    return { ...snapshot, regions };
  });
}

/**
 * Lookups across the audit's snapshots (issue 31; docs/design/snapshot-format.md, "shared across snapshots"):
 * the lists the registry marks `lookup` are never merged — each item is reported in its owner's
 * audit only — but a rule finds through these what another account owns and its own snapshot
 * names: a centralised interface endpoint with its network interfaces, a private hosted zone
 * associated with its VPC, a Resolver endpoint or rule shared through AWS RAM.
 */

/** An item with the snapshot (so the account) and the region inventory that hold it. */
export interface Held<T> {
  item: T;
  snapshot: Snapshot;
  region: string;
  inventory: RegionInventory;
}

/** The snapshots to look in: the audit's, or this one alone. */
function lookIn(own: Snapshot, accounts: readonly Snapshot[] | undefined): readonly Snapshot[] {
  return accounts === undefined || accounts.length === 0 ? [own] : accounts;
}

/** Items of a regional lookup list from every snapshot, each id once (the owner's copy first). */
function heldInRegion<T>(
  own: Snapshot,
  accounts: readonly Snapshot[] | undefined,
  region: string | undefined,
  pick: (inventory: RegionInventory) => T[] | undefined,
  id: (item: T) => string | undefined,
): Held<T>[] {
  const seen = new Set<string>();
  const held: Held<T>[] = [];
  for (const snapshot of lookIn(own, accounts))
    for (const [name, inventory] of Object.entries(snapshot.regions ?? {})) {
      if (region !== undefined && name !== region) continue;
      for (const item of pick(inventory) ?? []) {
        const key = id(item);
        if (key === undefined || seen.has(key)) continue;
        seen.add(key);
        held.push({ item, snapshot, region: name, inventory });
      }
    }
  return held;
}

export function heldEndpoints(own: Snapshot, accounts: readonly Snapshot[] | undefined, region: string) {
  return heldInRegion(
    own,
    accounts,
    region,
    (inventory) => inventory.ec2?.VpcEndpoints,
    (endpoint) => endpoint.VpcEndpointId,
  );
}

/** Resolver endpoints of every region (a forwarder's target may lie in any). */
export function heldResolverEndpoints(own: Snapshot, accounts: readonly Snapshot[] | undefined) {
  return heldInRegion(
    own,
    accounts,
    undefined,
    (inventory) => inventory.route53resolver?.ResolverEndpoints,
    (endpoint) => endpoint.Id,
  );
}

export function heldResolverRules(own: Snapshot, accounts: readonly Snapshot[] | undefined, region: string) {
  return heldInRegion(
    own,
    accounts,
    region,
    (inventory) => inventory.route53resolver?.ResolverRules,
    (rule) => rule.Id,
  );
}

export function heldRuleAssociations(
  own: Snapshot,
  accounts: readonly Snapshot[] | undefined,
  region: string,
) {
  return heldInRegion(
    own,
    accounts,
    region,
    (inventory) => inventory.route53resolver?.ResolverRuleAssociations,
    (association) => association.Id,
  );
}

/** Private hosted zones of every snapshot, each once, with the snapshot that holds it. */
export function heldZones(own: Snapshot, accounts: readonly Snapshot[] | undefined) {
  const seen = new Set<string>();
  const held: {
    item: NonNullable<NonNullable<Snapshot['route53']>['HostedZones']>[number];
    snapshot: Snapshot;
  }[] = [];
  for (const snapshot of lookIn(own, accounts))
    for (const zone of snapshot.route53?.HostedZones ?? []) {
      if (seen.has(zone.Id)) continue;
      seen.add(zone.Id);
      held.push({ item: zone, snapshot });
    }
  return held;
}

/**
 * The configured network accounts (`networkAccounts`) whose snapshots the audit does not hold.
 * An id that no held snapshot knows may belong to one of them: "not found in the audited
 * accounts", never "does not exist" — which it is only when every one of them was audited.
 */
export function unheldAccounts(
  own: Snapshot,
  accounts: readonly Snapshot[] | undefined,
  networkAccounts: readonly string[],
): string[] {
  const held = new Set(lookIn(own, accounts).map((snapshot) => snapshot.accountId));
  return [...new Set(networkAccounts)].filter((account) => !held.has(account)).sort();
}
