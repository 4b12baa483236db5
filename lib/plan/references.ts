/**
 * A value the plan knows only after apply, that the configuration takes from another resource
 * of the same plan (`vpc_id = aws_vpc.main.id`): docs/design/cli.md resolves it to that resource's id in
 * the after snapshot — `tf:<address>` while it is being created, or the value the plan already
 * knows (a bucket's planned name). What does not resolve stays unknown, and is named with the
 * configuration's references (`aws_s3_bucket_policy.pin.policy (from aws_vpc_endpoint.s3)`).
 */
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { type Json, record } from './values.js';

/** `type.name.attribute` of a managed resource of the root module; anything else (var., data., module.) is not resolved. */
function resourceReference(reference: string): { address: string; attribute: string } | undefined {
  const match = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_]+)$/.exec(reference);
  if (
    match === null ||
    ['var', 'local', 'data', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(
      match[1] as string,
    )
  )
    return undefined;
  return { address: `${match[1]}.${match[2]}`, attribute: match[3] as string };
}

/** The value a reference stands for in the after snapshot, when the plan holds it. */
function referencedValue(
  reference: string,
  byAddress: ReadonlyMap<string, ResourceChange>,
): string | undefined {
  const parsed = resourceReference(reference);
  if (parsed === undefined) return undefined;
  const target = byAddress.get(parsed.address);
  if (target === undefined) return undefined;
  const known = record(target.change.after)[parsed.attribute];
  if (typeof known === 'string' && known !== '') return known;
  const creating = target.change.actions.includes('create');
  return creating && (parsed.attribute === 'id' || parsed.attribute === 'arn')
    ? `tf:${parsed.address}`
    : undefined;
}

const cache = new WeakMap<PlanChanges, Map<string, ResourceChange>>();

export function resolveReferences(change: ResourceChange, plan: PlanChanges): ResourceChange {
  const references = plan.references?.get(change.address);
  const afterUnknown = record(change.change.after_unknown);
  if (references === undefined || Object.keys(afterUnknown).length === 0) return change;
  let byAddress = cache.get(plan);
  if (byAddress === undefined) {
    byAddress = new Map(plan.changes.map((c) => [c.address, c]));
    cache.set(plan, byAddress);
  }
  const after: Json = { ...record(change.change.after) };
  const stillUnknown: Json = { ...afterUnknown };
  const unknownNames: Record<string, string> = { ...change.unknownNames };
  for (const [name, marked] of Object.entries(afterUnknown)) {
    const named = references.get(name) ?? [];
    if (named.length === 0 || marked === false) continue;
    // Only a value that is a reference (an id, an ARN, a bucket's name); one built from it (a policy document) is not known.
    if (!REFERENCE_VALUED.test(name)) {
      unknownNames[name] = `${change.address}.${name} (from ${[...new Set(named.map(owner))].join(', ')})`;
      continue;
    }
    // `aws_vpc.main.id` and `aws_vpc.main` both come: the attribute form resolves, the other is its owner.
    const refs = named.filter((r) => resourceReference(r) !== undefined);
    const values = refs.map((r) => referencedValue(r, byAddress));
    const resolved =
      refs.length > 0 && values.every((v) => v !== undefined) ? (values as string[]) : undefined;
    if (
      resolved !== undefined &&
      marked === true &&
      (Array.isArray(after[name]) || resolved.length !== 1 || isListAttribute(name))
    ) {
      after[name] = resolved;
      delete stillUnknown[name];
    } else if (resolved !== undefined && marked === true && resolved.length === 1) {
      after[name] = resolved[0];
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
    } else
      unknownNames[name] = `${change.address}.${name} (from ${[...new Set(named.map(owner))].join(', ')})`;
  }
  return {
    ...change,
    change: { ...change.change, after, after_unknown: stillUnknown },
    ...(Object.keys(unknownNames).length === 0 ? {} : { unknownNames }),
  };
}

const REFERENCE_VALUED = /(^|_)(ids?|arns?|bucket)$/;

/** Attributes that hold a list even when one resource fills them. */
const isListAttribute = (name: string) =>
  name.endsWith('_ids') || name.endsWith('_arns') || name.endsWith('s_ids');

/** The resource (or module, variable) a reference belongs to: `aws_vpc.main.id` → `aws_vpc.main`. */
function owner(reference: string): string {
  const parsed = resourceReference(reference);
  return parsed === undefined ? reference : parsed.address;
}
