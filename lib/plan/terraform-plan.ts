/**
 * Terraform's JSON plan (`terraform show -json PLANFILE`, Terraform's documented "JSON Output
 * Format"): what `hna plan` reads of it — `format_version`, and each `resource_changes[]` entry's
 * address, type, mode and `change` (`actions`, `before`, `after`, `after_unknown`). A document
 * that is not a plan is refused naming the file and the JSON path at fault.
 */
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import { configAddress } from './addresses.js';
import { type Configuration, readConfiguration } from './terraform-configuration.js';

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
  /**
   * The region of each resource's provider, by configuration address, when it differs from
   * `region` or `region` is not a constant (a provider alias of another region); null: the
   * resource's provider states no constant region.
   */
  providerRegions?: ReadonlyMap<string, string | null>;
  /** The file the plan was read from, and where each resource is in it (SARIF's physical location). */
  source?: { file: string; lines: ReadonlyMap<string, number> };
}

/** A resource's configuration is at its address without the instance key (`aws_route.private[0]` → `aws_route.private`). */
export function configuredOf(plan: PlanChanges, address: string): ReadonlySet<string> | undefined {
  return plan.configured.get(address) ?? plan.configured.get(configAddress(address));
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * The text of a plan file as Terraform writes it: UTF-8 with or without a byte-order mark, or
 * UTF-16 with one (PowerShell's `>` on Windows writes UTF-16LE).
 */
export function decodePlanText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('utf-8').decode(bytes);
}

/** The line of each `"address": "…"` in the plan text (1-based): where SARIF points for a resource. */
function addressLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let line = 1;
  let from = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    for (let i = from; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = match.index;
    const address = JSON.parse(`"${match[1]}"`) as string;
    if (!lines.has(address)) lines.set(address, line);
  }
  return lines;
}

export function parseTerraformPlan(text: string | Uint8Array, source: string): PlanChanges {
  const decoded = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : decodePlanText(text);
  const document = parseJsonText(
    decoded,
    (reason) => new InputError(`${source}: not valid JSON (${reason})`),
  );
  const shape = document as Record<string, unknown> | null;
  // `terraform show -json` of a state (not of a plan): the resources as they are, no change to judge.
  if (
    typeof shape === 'object' &&
    shape !== null &&
    !Array.isArray(shape) &&
    shape.resource_changes === undefined &&
    shape.planned_values === undefined &&
    // A state's values, a state file, or `terraform show -json` of an empty state (its version alone).
    (shape.values !== undefined ||
      shape.version !== undefined ||
      (typeof shape.format_version === 'string' && shape.configuration === undefined))
  )
    throw new InputError(
      `${source}: a Terraform state, not a plan (no resource_changes, no planned_values): give terraform show -json PLANFILE`,
    );
  const version = shape?.format_version;
  if (typeof version === 'string' && !/^[01](\.|$)/.test(version))
    throw new InputError(
      `${source}: format_version "${version}": a major version hna does not know (it reads Terraform's JSON plan format 0.x and 1.x)`,
    );
  const parsed = planSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${pathOf(issue.path)}: `;
    throw new InputError(
      `${source}: ${where}${issue?.message ?? 'invalid'} (expected the output of terraform show -json PLANFILE)`,
    );
  }
  const configuration = readConfiguration(parsed.data.configuration as Configuration | undefined);
  return {
    configured: configuration.configured,
    references: configuration.references,
    changes: (parsed.data.resource_changes ?? []).filter((c) => (c.mode ?? 'managed') === 'managed'),
    ...(configuration.region === undefined ? {} : { region: configuration.region }),
    providerRegions: configuration.providerRegions,
    source: { file: source, lines: addressLines(decoded) },
  };
}
