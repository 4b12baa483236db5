/**
 * Which snapshot list each collector operation fills, so that a failed call marks
 * exactly the lists it would have filled as unavailable (never "empty").
 */
import { GLOBAL_SERVICES, INVENTORY_LISTS, type InventoryList, LISTS } from './registry.js';
import type { CollectionError, Snapshot } from './types.js';

export type { InventoryList } from './registry.js';

/** Which list each collector operation fills, from the registry. */
export const OPERATION_LISTS: Readonly<Record<string, InventoryList>> = Object.fromEntries(
  INVENTORY_LISTS.flatMap((list) => LISTS[list].operations.map((operation) => [operation, list] as const)),
);

export type ListStatus = { available: true } | { available: false; reason: string };

function describeError(error: CollectionError): string {
  return `${error.service} ${error.operation} failed${error.resourceId ? ` for ${error.resourceId}` : ''}: ${error.code}`;
}

/** Errors that make a whole list unavailable; an error about one resource leaves the rest of its list usable. */
export function listWideErrors(snapshot: Snapshot, region: string, list: InventoryList): CollectionError[] {
  const [service] = list.split('.');
  return (snapshot.errors ?? []).filter((error) => {
    if (error.resourceId !== undefined || error.service !== service) return false;
    if (!GLOBAL_SERVICES.has(service as string) && error.region !== region) return false;
    const filled = OPERATION_LISTS[`${error.service}:${error.operation}`];
    // An operation this table does not know could have filled any list of its service.
    return filled === undefined || filled === list;
  });
}

export function resourceErrors(snapshot: Snapshot, region: string, list: InventoryList): CollectionError[] {
  const [service] = list.split('.');
  return (snapshot.errors ?? []).filter(
    (error) =>
      error.resourceId !== undefined &&
      error.service === service &&
      (error.region === undefined || error.region === region) &&
      (OPERATION_LISTS[`${error.service}:${error.operation}`] ?? list) === list,
  );
}

function listValue(snapshot: Snapshot, region: string, list: InventoryList): unknown {
  const [service, key] = list.split('.') as [string, string];
  if (service === 's3') return snapshot.s3?.Buckets;
  if (service === 'route53') return snapshot.route53?.[key as 'HostedZones'];
  const serviceInventory = snapshot.regions?.[region]?.[service as 'ec2'] as
    | Record<string, unknown>
    | undefined;
  return serviceInventory?.[key];
}

export function listStatus(snapshot: Snapshot, region: string, list: InventoryList): ListStatus {
  const failures = listWideErrors(snapshot, region, list);
  if (failures[0] !== undefined) return { available: false, reason: describeError(failures[0]) };
  if (listValue(snapshot, region, list) === undefined) {
    return { available: false, reason: `${list} was not collected in ${region}` };
  }
  return { available: true };
}

export { describeError as describeCollectionError };
