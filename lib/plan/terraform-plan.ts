/**
 * Terraform's JSON plan (`terraform show -json PLANFILE`, Terraform's documented "JSON Output
 * Format"): what `hna plan` reads of it — `format_version`, and each `resource_changes[]` entry's
 * address, type, mode and `change` (`actions`, `before`, `after`, `after_unknown`). A document
 * that is not a plan is refused naming the file and the JSON path at fault.
 */
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';

const change = z.looseObject({
  actions: z.array(z.enum(['no-op', 'create', 'read', 'update', 'delete', 'forget'])).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
});

const resourceChange = z.looseObject({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  change,
});

const planSchema = z.looseObject({
  format_version: z.string(),
  resource_changes: z.array(resourceChange).optional(),
  configuration: z.unknown().optional(),
});

/** One planned resource change, from a Terraform plan or a CloudFormation template or change set. */
export type ResourceChange = z.output<typeof resourceChange> & {
  /** How to name an unknown attribute when `address.attribute` is not what the user wrote (CloudFormation). */
  unknownNames?: Record<string, string>;
  /** Why the whole resource cannot be laid over the snapshot (a CloudFormation condition not known yet). */
  unresolved?: string;
};

/** The planned changes hna plan lays over the snapshot (Terraform's plan, or CloudFormation read as one). */
export interface PlanChanges {
  changes: ResourceChange[];
  /**
   * The attributes each resource's configuration sets (`configuration.root_module.resources[]
   * .expressions`), by address: an attribute unknown at plan time that the configuration sets
   * comes from something not yet known; one it does not set takes AWS's default.
   */
  configured: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The resources each attribute's expression refers to (`expressions.<attribute>.references`),
   * by address: how an unknown value resolves to a resource of the same plan.
   */
  references?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** The AWS provider's region, when the configuration states it as a constant. */
  region?: string;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

export function parseTerraformPlan(text: string, source: string): PlanChanges {
  const document = parseJsonText(text, (reason) => new InputError(`${source}: not valid JSON (${reason})`));
  const parsed = planSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${pathOf(issue.path)}: `;
    throw new InputError(
      `${source}: ${where}${issue?.message ?? 'invalid'} (expected the output of terraform show -json PLANFILE)`,
    );
  }
  const region = (
    parsed.data.configuration as
      | { provider_config?: { aws?: { expressions?: { region?: { constant_value?: unknown } } } } }
      | undefined
  )?.provider_config?.aws?.expressions?.region?.constant_value;
  const resources = (
    parsed.data.configuration as
      | { root_module?: { resources?: { address?: unknown; expressions?: unknown }[] } }
      | undefined
  )?.root_module?.resources;
  const configured = new Map<string, Set<string>>();
  const references = new Map<string, Map<string, string[]>>();
  for (const resource of Array.isArray(resources) ? resources : [])
    if (
      typeof resource.address === 'string' &&
      typeof resource.expressions === 'object' &&
      resource.expressions !== null
    ) {
      const expressions = resource.expressions as Record<string, unknown>;
      configured.set(resource.address, new Set(Object.keys(expressions)));
      references.set(
        resource.address,
        new Map(
          Object.entries(expressions).map(([name, expression]) => {
            const refs = (expression as { references?: unknown } | null)?.references;
            return [name, Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : []];
          }),
        ),
      );
    }
  return {
    configured,
    references,
    changes: (parsed.data.resource_changes ?? []).filter((c) => (c.mode ?? 'managed') === 'managed'),
    ...(typeof region === 'string' ? { region } : {}),
  };
}
