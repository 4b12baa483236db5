/**
 * Validation of a snapshot read from outside (a file written by `hna collect`, or
 * assembled by hand from AWS CLI output). Items are checked on the fields the
 * rules and the reachability engine read and keep every other field untouched;
 * the containers are strict so that a misspelt list name is refused instead of
 * being read as "not collected".
 *
 * The containers come from the list registry (registry.ts), the items' schemas from items.ts:
 * a list added there is read here with no edit.
 */
import { z } from 'zod';
import { list, str } from './items.js';
import { GLOBAL_SERVICES, INVENTORY_LISTS, LISTS, splitList } from './registry.js';

/** One service's part of an inventory: each of its registered lists (or records), optional. */
function serviceSchema(service: string) {
  const shape: Record<string, z.ZodType> = {};
  for (const name of INVENTORY_LISTS) {
    const [owner, key] = splitList(name);
    if (owner !== service) continue;
    const spec = LISTS[name];
    shape[key] = 'record' in spec ? spec.item.optional() : list(spec.item);
  }
  return z.strictObject(shape).optional();
}

const REGIONAL_SERVICES = [...new Set(INVENTORY_LISTS.map((name) => splitList(name)[0]))].filter(
  (service) => !GLOBAL_SERVICES.has(service),
);

const region = z.strictObject(
  Object.fromEntries(REGIONAL_SERVICES.map((service) => [service, serviceSchema(service)])),
);

const collectionError = z.strictObject({
  region: str,
  service: z.string(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
  resourceId: str,
});

export const snapshotSchema = z.strictObject({
  version: z.literal(1),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .optional(),
  partition: str,
  collectedAt: str,
  regions: z.record(z.string(), region).optional(),
  s3: serviceSchema('s3'),
  route53: serviceSchema('route53'),
  errors: list(collectionError),
});
