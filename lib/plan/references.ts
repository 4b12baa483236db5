/**
 * A value the plan knows only after apply, that the configuration takes from another resource
 * of the same plan (`vpc_id = aws_vpc.main.id`, `route_table_id =
 * element(aws_route_table.private.*.id, count.index)` in a module): docs/design/cli.md resolves it to that
 * resource's id in the after snapshot — `tf:<address>` while it is being created, or the value
 * the plan already knows (a bucket's planned name). References are absolute
 * (terraform-configuration.ts); one that names a resource with `count`/`for_each` takes the
 * referring resource's own instance key when the expression uses `count.index`/`each`, else the
 * one instance there is. What does not resolve stays unknown, and is named with the
 * configuration's references (`aws_s3_bucket_policy.pin.policy (from aws_vpc_endpoint.s3)`).
 */
import { type Address, configAddress, parseAddress, resourceAddress } from './addresses.js';
import { SAME_INSTANCE } from './terraform-configuration.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { type Json, record } from './values.js';

interface Index {
  byAddress: Map<string, ResourceChange>;
  /** The instances of each resource, by its address without the instance key. */
  instances: Map<string, string[]>;
}

const cache = new WeakMap<PlanChanges, Index>();

function indexOf(plan: PlanChanges): Index {
  let index = cache.get(plan);
  if (index === undefined) {
    index = { byAddress: new Map(), instances: new Map() };
    for (const change of plan.changes) {
      index.byAddress.set(change.address, change);
      const base = change.address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/, '');
      index.instances.set(base, [...(index.instances.get(base) ?? []), change.address]);
    }
    cache.set(plan, index);
  }
  return index;
}

/**
 * The attribute a reference without one stands for: `route_table_id = aws_route_table.private`
 * (an `element(...)` over it) is that table's id — the only id of a type named for the attribute.
 */
function attributeFor(
  name: string,
  reference: Address,
  target: ResourceChange | undefined,
): string | undefined {
  if (reference.rest !== undefined) return reference.rest.split('.')[0];
  // `default_network_acl_id = aws_vpc.this[0]…`: the referenced resource's attribute of that name.
  const values = {
    ...record(target?.change.before),
    ...record(target?.change.after),
    ...record(target?.change.after_unknown),
  };
  if (name in values) return name;
  const stem = name.replace(/_(ids?|arns?)$/, '');
  if (name === 'bucket' && reference.type === 'aws_s3_bucket') return 'bucket';
  return reference.type === `aws_${stem}` || reference.type.endsWith(`_${stem}`)
    ? name.endsWith('arn') || name.endsWith('arns')
      ? 'arn'
      : 'id'
    : undefined;
}

/** The instances a reference names, as the referring resource sees them. */
function instancesOf(reference: Address, own: Address | undefined, sameInstance: boolean, index: Index) {
  // Inside the same module instance, the module's keys are the referring resource's.
  const module =
    own !== undefined && reference.moduleConfig === own.moduleConfig ? own.module : reference.module;
  const base = `${module}${reference.type}.${reference.name}`;
  if (reference.key !== undefined) return [`${base}${reference.key}`];
  if (sameInstance && own?.key !== undefined && index.byAddress.has(`${base}${own.key}`))
    return [`${base}${own.key}`];
  return index.byAddress.has(base) ? [base] : (index.instances.get(base) ?? []);
}

/** The value of one attribute of a resource of the plan in the after snapshot, when the plan holds it. */
function plannedValue(target: ResourceChange, attribute: string): string | undefined {
  const known = record(target.change.after)[attribute];
  if (typeof known === 'string' && known !== '') return known;
  if (anyTrue(record(target.change.after_unknown)[attribute])) {
    const creating = target.change.actions.includes('create');
    return creating && (attribute === 'id' || attribute === 'arn') ? `tf:${target.address}` : undefined;
  }
  // Not planned to change: the value it has (an attribute the plan leaves as it is).
  const before = record(target.change.before)[attribute];
  return typeof before === 'string' && before !== '' ? before : undefined;
}

const anyTrue = (value: unknown): boolean => value === true;

/**
 * What an attribute's references resolve to: the values of the resources they name (one
 * resource; several only for a list attribute), or undefined when they do not resolve.
 */
function resolve(name: string, refs: readonly string[], change: ResourceChange, plan: PlanChanges) {
  const index = indexOf(plan);
  const own = parseAddress(change.address);
  const sameInstance = refs.includes(SAME_INSTANCE);
  // Resources only (a bool variable choosing between them is not a value); each named once.
  const named = new Map<string, Address>();
  for (const ref of refs) {
    const parsed = parseAddress(ref);
    if (parsed === undefined) continue;
    // `aws_vpc.this[0].id`, `aws_vpc.this[0]` and `aws_vpc.this` all come for one use: one resource.
    const base = `${parsed.moduleConfig}${parsed.type}.${parsed.name}`;
    const key = parsed.key === undefined ? base : `${base}${parsed.key}`;
    const unkeyed = named.get(base);
    if (parsed.key !== undefined && unkeyed !== undefined && unkeyed.key === undefined) named.delete(base);
    if (parsed.key === undefined && [...named.keys()].some((k) => k.startsWith(`${base}[`))) continue;
    const known = named.get(key);
    if (known === undefined || (known.rest === undefined && parsed.rest !== undefined))
      named.set(
        key,
        parsed.rest === undefined && unkeyed?.rest !== undefined ? { ...parsed, rest: unkeyed.rest } : parsed,
      );
  }
  // A conditional between resources (`var.x ? aws_a.one : aws_b.two`): only those the plan holds.
  const present = [...named.values()]
    .map((ref) => ({ ref, instances: instancesOf(ref, own, sameInstance, index) }))
    .filter((r) => r.instances.length > 0);
  const list = /_(ids|arns)$/.test(name);
  if (present.length === 0 || (!list && (present.length !== 1 || present[0]?.instances.length !== 1)))
    return undefined;
  const values: string[] = [];
  for (const { ref, instances } of present) {
    const attribute = attributeFor(name, ref, index.byAddress.get(instances[0] as string));
    if (attribute === undefined) return undefined;
    for (const instance of instances) {
      const value = plannedValue(index.byAddress.get(instance) as ResourceChange, attribute);
      if (value === undefined) return undefined;
      values.push(value);
    }
  }
  return values;
}

export function resolveReferences(change: ResourceChange, plan: PlanChanges): ResourceChange {
  const references =
    plan.references?.get(change.address) ?? plan.references?.get(configAddress(change.address));
  const afterUnknown = record(change.change.after_unknown);
  if (references === undefined || Object.keys(afterUnknown).length === 0) return change;
  const after: Json = { ...record(change.change.after) };
  const stillUnknown: Json = { ...afterUnknown };
  const unknownNames: Record<string, string> = { ...change.unknownNames };
  const unresolved = (name: string, named: readonly string[]) => {
    const owners = [...new Set(named.filter((r) => r !== SAME_INSTANCE).map(owner))];
    unknownNames[name] =
      owners.length === 0
        ? `${change.address}.${name}`
        : `${change.address}.${name} (from ${owners.join(', ')})`;
  };
  for (const [name, marked] of Object.entries(afterUnknown)) {
    const named = references.get(name) ?? [];
    if (named.length === 0 || marked === false) continue;
    // Only a value that is a reference (an id, an ARN, a bucket's name); one built from it (a policy document) is not known.
    if (!REFERENCE_VALUED.test(name)) {
      unresolved(name, named);
      continue;
    }
    const resolved = resolve(name, named, change, plan);
    if (resolved !== undefined && marked === true) {
      after[name] = Array.isArray(after[name]) || isListAttribute(name) ? resolved : resolved[0];
      delete stillUnknown[name];
    } else if (
      resolved !== undefined &&
      Array.isArray(marked) &&
      marked.filter((m) => m === true).length === resolved.length
    ) {
      // Known elements stay; each unknown one takes the next referenced resource's id, in order.
      const queue = [...resolved];
      const list = Array.isArray(after[name]) ? [...(after[name] as unknown[])] : [];
      after[name] = marked.map((m, i) => (m === true ? queue.shift() : list[i]));
      delete stillUnknown[name];
    } else unresolved(name, named);
  }
  return {
    ...change,
    change: { ...change.change, after, after_unknown: stillUnknown },
    ...(Object.keys(unknownNames).length === 0 ? {} : { unknownNames }),
  };
}

const REFERENCE_VALUED = /(^|_)(ids?|arns?|bucket)$/;

/** Attributes that hold a list even when one resource fills them. */
const isListAttribute = (name: string) => name.endsWith('_ids') || name.endsWith('_arns');

/** The resource (or module, variable) a reference belongs to: `aws_vpc.main.id` → `aws_vpc.main`. */
function owner(reference: string): string {
  const parsed = parseAddress(reference);
  return parsed === undefined ? reference : resourceAddress(parsed);
}
