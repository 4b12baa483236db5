/**
 * Terraform resource addresses (`module.vpc.aws_route.private[0]`, `module.x["a"].aws_y.z`): the
 * module path, the resource and its instance key. Terraform writes a resource's configuration
 * once, at its address without any instance key, so the configuration of
 * `module.vpc.aws_route.private[0]` is found at `module.vpc.aws_route.private`.
 */

const KEY = String.raw`\[(?:"(?:[^"\\]|\\.)*"|\d+)\]`;
const MODULE = new RegExp(String.raw`^module\.([A-Za-z_][A-Za-z0-9_-]*)(${KEY})?\.`);
const RESOURCE = new RegExp(String.raw`^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(${KEY})?`);

export interface Address {
  /** The module path as written, instance keys included (`module.vpc.`, `` for the root). */
  module: string;
  /** The module path without instance keys: where its configuration is. */
  moduleConfig: string;
  type: string;
  name: string;
  /** The instance key (`[0]`, `["a"]`), when the resource has count or for_each. */
  key?: string;
  /** What follows the resource (`.id`, `.default_network_acl_id`), without the dot. */
  rest?: string;
}

/** Reads an address or a reference (`aws_vpc.main.id`); undefined when it names no resource. */
export function parseAddress(text: string): Address | undefined {
  let rest = text;
  let module = '';
  let moduleConfig = '';
  for (let match = MODULE.exec(rest); match !== null; match = MODULE.exec(rest)) {
    module += match[0];
    moduleConfig += `module.${match[1]}.`;
    rest = rest.slice(match[0].length);
  }
  const resource = RESOURCE.exec(rest);
  if (resource === null || resource[1] !== undefined) return undefined;
  const type = resource[2] as string;
  if (['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(type))
    return undefined;
  const after = rest.slice(resource[0].length);
  if (after !== '' && !after.startsWith('.')) return undefined;
  return {
    module,
    moduleConfig,
    type,
    name: resource[3] as string,
    ...(resource[4] === undefined ? {} : { key: resource[4] }),
    ...(after === '' ? {} : { rest: after.slice(1) }),
  };
}

/** The resource without the instance key: where Terraform writes its configuration. */
export function configAddress(address: string): string {
  const parsed = parseAddress(address);
  return parsed === undefined ? address : `${parsed.moduleConfig}${parsed.type}.${parsed.name}`;
}

/** The resource with its instance key, without what follows it. */
export function resourceAddress(parsed: Address): string {
  return `${parsed.module}${parsed.type}.${parsed.name}${parsed.key ?? ''}`;
}
