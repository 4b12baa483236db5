/**
 * A Terraform plan's `configuration`: what each resource's configuration sets and what its
 * expressions refer to, through `root_module.module_calls.<name>.module` recursively. A
 * reference is made absolute where the plan keeps the way: inside a module
 * (`aws_route_table.private` in `module.vpc` is `module.vpc.aws_route_table.private`), through
 * a module's input (`var.vpc_id` is what the call passes) and a module's output
 * (`module.vpc.vpc_id` is what the output's expression refers to). What the plan does not keep
 * (`local.*`, a root `var.*`, `data.*`) stays as written, to be named, never resolved.
 */

/** The parts of `configuration.root_module` (and of each `module_calls.<name>.module`) read here. */
interface ModuleConfig {
  resources?: { address?: unknown; mode?: unknown; expressions?: unknown; provider_config_key?: unknown }[];
  module_calls?: Record<string, { expressions?: unknown; module?: ModuleConfig }>;
  outputs?: Record<string, { expression?: unknown }>;
}

export interface Configuration {
  provider_config?: Record<
    string,
    { name?: unknown; expressions?: { region?: { constant_value?: unknown } } }
  >;
  root_module?: ModuleConfig;
}

interface Scope {
  /** `module.a.module.b.`, `` for the root. */
  prefix: string;
  module: ModuleConfig;
  /** The call that made this module, and the scope it was made in. */
  call?: { expressions: Record<string, unknown>; parent: Scope };
}

/** Marks a reference that takes the referring resource's own instance key (`count.index`, `each.key`). */
export const SAME_INSTANCE = 'count.index';

const referencesOf = (expression: unknown): string[] => {
  const refs = (expression as { references?: unknown } | null)?.references;
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
};

/** A reference made absolute (see the file's comment); `depth` stops a cycle of module calls. */
function absolute(reference: string, scope: Scope, depth = 0): string[] {
  if (depth > 16) return [reference];
  if (reference === 'count.index' || reference.startsWith('each.')) return [SAME_INSTANCE];
  if (reference.startsWith('var.')) {
    const name = reference.slice(4).split(/[.[]/)[0] as string;
    if (scope.call === undefined) return [reference];
    const passed = referencesOf(scope.call.expressions[name]);
    return passed.flatMap((r) => absolute(r, scope.call?.parent as Scope, depth + 1));
  }
  if (reference.startsWith('module.')) {
    const [, name, output] = reference.split('.');
    const child = scope.module.module_calls?.[(name ?? '').replace(/\[.*$/, '')];
    // A module the plan does not describe: the reference stays as written, to be named.
    if (child?.module === undefined || output === undefined) return [reference];
    const childScope: Scope = {
      prefix: `${scope.prefix}module.${name}.`,
      module: child.module,
      call: { expressions: recordOf(child.expressions), parent: scope },
    };
    const out = child.module.outputs?.[output.replace(/\[.*$/, '')];
    // `module.vpc.private_route_table_ids[1]` of an output that lists a counted resource: its instance [1].
    const element = /^[^[]+(\[\d+\])/.exec(output)?.[1];
    return referencesOf(out?.expression)
      .flatMap((r) => absolute(r, childScope, depth + 1))
      .map((r) =>
        element !== undefined && /^(module\.[^.]+\.)*[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/.test(r)
          ? `${r}${element}`
          : r,
      );
  }
  if (/^(local|data|path|terraform|self)\./.test(reference)) return [reference];
  return [`${scope.prefix}${reference}`];
}

const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function readConfiguration(configuration: Configuration | undefined): {
  configured: Map<string, Set<string>>;
  references: Map<string, Map<string, string[]>>;
  region?: string;
  providerRegions: Map<string, string | null>;
} {
  const configured = new Map<string, Set<string>>();
  const references = new Map<string, Map<string, string[]>>();
  const providerRegions = new Map<string, string | null>();
  const providers = configuration?.provider_config ?? {};
  const regionOf = (key: string): string | undefined => {
    const value = providers[key]?.expressions?.region?.constant_value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const region = regionOf('aws');
  const visit = (scope: Scope) => {
    for (const resource of scope.module.resources ?? []) {
      if (typeof resource.address !== 'string' || resource.mode === 'data') continue;
      const address = `${scope.prefix}${resource.address}`;
      const expressions = recordOf(resource.expressions);
      configured.set(address, new Set(Object.keys(expressions)));
      references.set(
        address,
        new Map(
          Object.entries(expressions).map(([name, expression]) => [
            name,
            [...new Set(referencesOf(expression).flatMap((r) => absolute(r, scope)))],
          ]),
        ),
      );
      // A provider of its own (an alias, or a module's): its region when it differs from the default's.
      const key = typeof resource.provider_config_key === 'string' ? resource.provider_config_key : 'aws';
      if (key !== 'aws' && providers[key] !== undefined && regionOf(key) !== region)
        providerRegions.set(address, regionOf(key) ?? null);
    }
    for (const [name, call] of Object.entries(scope.module.module_calls ?? {}))
      if (call.module !== undefined)
        visit({
          prefix: `${scope.prefix}module.${name}.`,
          module: call.module,
          call: { expressions: recordOf(call.expressions), parent: scope },
        });
  };
  if (configuration?.root_module !== undefined) visit({ prefix: '', module: configuration.root_module });
  return { configured, references, ...(region === undefined ? {} : { region }), providerRegions };
}
