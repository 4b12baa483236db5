/**
 * A CloudFormation template (JSON or YAML, as `cdk synth` writes it) or a change set
 * (`aws cloudformation describe-change-set --include-property-values` output) read as the
 * planned changes hna plan lays over the snapshot (docs/design/cli.md, "hna plan").
 *
 * A template is a stack to be created: each resource is created, with the synthetic id
 * `cfn:LogicalId`; `Ref`/`Fn::GetAtt`/`Fn::Sub` between its resources resolve to those ids
 * (cfn-intrinsics.ts), parameters take `--parameters` or their defaults. A change set says
 * what an existing stack's update does: Add (created, `cfn:LogicalId`), Modify (updated in
 * place, or replaced when `Replacement` is True), Remove, with the properties before and after;
 * a property CloudFormation marks `{{changeSet:KNOWN_AFTER_APPLY}}` is unknown. Each resource
 * becomes the Terraform-typed change of cfn-types.ts, so one overlay serves both.
 */
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import { IntrinsicResolver, TemplateError, type TemplateScope, Unknown } from './cfn-intrinsics.js';
import { CFN_TYPES } from './cfn-types.js';
import { parseCfnYaml } from './cfn-yaml.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { type Json, record } from './values.js';

export interface CloudFormationContext {
  accountId?: string;
  region?: string;
  partition: string;
  /** `--parameters`: the file's text and name. */
  parameters?: { text: string; source: string };
}

const KNOWN_AFTER_APPLY = '{{changeSet:KNOWN_AFTER_APPLY}}';

const templateSchema = z.looseObject({
  Resources: z.record(
    z.string(),
    z.looseObject({
      Type: z.string(),
      Properties: z.record(z.string(), z.unknown()).optional(),
      Condition: z.string().optional(),
    }),
  ),
  Parameters: z.record(z.string(), z.looseObject({ Type: z.string().optional() })).optional(),
  Mappings: z.record(z.string(), z.unknown()).optional(),
  Conditions: z.record(z.string(), z.unknown()).optional(),
});

const changeSetSchema = z.looseObject({
  Changes: z.array(
    z.looseObject({
      Type: z.string().optional(),
      ResourceChange: z
        .looseObject({
          Action: z.enum(['Add', 'Modify', 'Remove', 'Import', 'Dynamic']),
          LogicalResourceId: z.string(),
          PhysicalResourceId: z.string().optional(),
          ResourceType: z.string(),
          Replacement: z.string().optional(),
          BeforeContext: z.unknown().optional(),
          AfterContext: z.unknown().optional(),
        })
        .optional(),
    }),
  ),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

function parsed<T>(schema: z.ZodType<T>, document: unknown, source: string, expected: string): T {
  const result = schema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${pathOf(issue.path)}: `;
  throw new InputError(`${source}: ${where}${issue?.message ?? 'invalid'} (expected ${expected})`);
}

function documentOf(text: string, source: string): unknown {
  if (/^\s*[{[]/.test(text))
    return parseJsonText(text, (reason) => new InputError(`${source}: not valid JSON (${reason})`));
  try {
    return parseCfnYaml(text);
  } catch (error) {
    if (error instanceof Error && error.name === 'YAMLParseError')
      throw new InputError(`${source}: not valid YAML (${error.message.split('\n')[0]})`);
    throw error;
  }
}

/** `--parameters`: `[{"ParameterKey": …, "ParameterValue": …}]` (the AWS CLI's form) or `{"Key": "Value"}`. */
function parameterValues(context: CloudFormationContext): Map<string, string> {
  if (context.parameters === undefined) return new Map();
  const { text, source } = context.parameters;
  const document = parseJsonText(text, (reason) => new InputError(`${source}: not valid JSON (${reason})`));
  if (Array.isArray(document))
    return new Map(
      document.map((entry, i) => {
        const { ParameterKey: key, ParameterValue: value } = record(entry);
        if (typeof key !== 'string' || typeof value !== 'string')
          throw new InputError(`${source}: [${i}]: expected {"ParameterKey": "…", "ParameterValue": "…"}`);
        return [key, value];
      }),
    );
  if (typeof document !== 'object' || document === null)
    throw new InputError(`${source}: expected a list of ParameterKey/ParameterValue or an object of values`);
  return new Map(
    Object.entries(document).map(([key, value]) => {
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new InputError(`${source}: ${key}: expected a string`);
      return [key, String(value)];
    }),
  );
}

/** Terraform-shaped values split into what is known and what is not (`after_unknown`), naming each unknown. */
function splitUnknown(
  values: Json,
  address: string,
): { after: Json; unknown: Json; names: Record<string, string> } {
  const after: Json = {};
  const unknown: Json = {};
  const names: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const found = firstUnknownIn(value);
    if (found === undefined) after[key] = value;
    else {
      after[key] = null;
      unknown[key] = true;
      names[key] = `${address}.${key} (${found.because})`;
    }
  }
  return { after, unknown, names };
}

function firstUnknownIn(value: unknown): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) return value.map(firstUnknownIn).find((u) => u !== undefined);
  if (typeof value === 'object' && value !== null)
    return Object.values(value)
      .map(firstUnknownIn)
      .find((u) => u !== undefined);
  return undefined;
}

function change(
  logicalId: string,
  cfnType: string,
  actions: ResourceChange['change']['actions'],
  sides: { before?: Json | null; after?: Json | null; unknown?: Json; names?: Record<string, string> },
  unresolved?: string,
): ResourceChange {
  const mapping = CFN_TYPES[cfnType];
  return {
    address: `cfn:${logicalId}`,
    mode: 'managed',
    type: mapping?.terraform ?? cfnType,
    name: logicalId,
    change: {
      actions,
      before: sides.before ?? null,
      after: sides.after ?? null,
      after_unknown: sides.unknown ?? {},
    },
    ...(sides.names === undefined ? {} : { unknownNames: sides.names }),
    ...(unresolved === undefined ? {} : { unresolved }),
  };
}

/** The computed attributes of a created resource (its id first), unknown until it exists. */
function computedOf(cfnType: string, logicalId: string) {
  const unknown: Json = { id: true };
  const names: Record<string, string> = {};
  for (const attribute of CFN_TYPES[cfnType]?.computed ?? []) {
    unknown[attribute] = true;
    names[attribute] = `cfn:${logicalId}.${attribute}`;
  }
  return { unknown, names };
}

function fromTemplate(document: unknown, source: string, context: CloudFormationContext): PlanChanges {
  const template = parsed(templateSchema, document, source, 'a CloudFormation template or change set');
  const given = parameterValues(context);
  for (const key of given.keys())
    if (!(key in (template.Parameters ?? {})))
      throw new InputError(`${context.parameters?.source}: ${key}: the template has no such parameter`);
  const parameters = new Map<string, unknown>();
  for (const [name, declaration] of Object.entries(template.Parameters ?? {})) {
    const value = given.get(name) ?? (declaration as { Default?: unknown }).Default;
    const isList = /^(List<|CommaDelimitedList)/.test(declaration.Type ?? '');
    parameters.set(
      name,
      value === undefined ? undefined : isList && typeof value === 'string' ? value.split(',') : value,
    );
  }
  const scope: TemplateScope = {
    resources: new Map(
      Object.entries(template.Resources).map(([id, r]) => [
        id,
        { type: r.Type, properties: r.Properties ?? {} },
      ]),
    ),
    parameters,
    mappings: template.Mappings ?? {},
    conditions: template.Conditions ?? {},
    ...(context.accountId === undefined ? {} : { accountId: context.accountId }),
    ...(context.region === undefined ? {} : { region: context.region }),
    partition: context.partition,
  };
  const resolver = new IntrinsicResolver(scope);
  const changes: ResourceChange[] = [];
  const configured = new Map<string, Set<string>>();
  try {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Condition !== undefined) {
        const holds = resolver.condition(resource.Condition, `Resources.${logicalId}.Condition`);
        if (holds === false) continue;
        if (holds instanceof Unknown) {
          changes.push(
            change(
              logicalId,
              resource.Type,
              ['create'],
              {},
              `created only if ${resource.Condition}: ${holds.because}`,
            ),
          );
          continue;
        }
      }
      const mapping = CFN_TYPES[resource.Type];
      if (mapping === undefined) {
        changes.push(change(logicalId, resource.Type, ['create'], {}));
        continue;
      }
      const properties = resolver.resolve(resource.Properties ?? {}, `Resources.${logicalId}.Properties`);
      const split = splitUnknown(mapping.values(record(properties)), `cfn:${logicalId}`);
      const computed = computedOf(resource.Type, logicalId);
      configured.set(`cfn:${logicalId}`, new Set(Object.keys(split.after)));
      changes.push(
        change(logicalId, resource.Type, ['create'], {
          after: split.after,
          unknown: { ...computed.unknown, ...split.unknown },
          names: { ...computed.names, ...split.names },
        }),
      );
    }
  } catch (error) {
    if (error instanceof TemplateError) throw new InputError(`${source}: ${error.message}`);
    throw error;
  }
  return { changes, configured, ...(context.region === undefined ? {} : { region: context.region }) };
}

/** A change set's BeforeContext/AfterContext (a JSON string, or already an object): its properties. */
function contextProperties(value: unknown, at: string, source: string, logicalId: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  const object =
    typeof value === 'string'
      ? parseJsonText(value, (reason) => new InputError(`${source}: ${at}: not valid JSON (${reason})`))
      : value;
  const properties = record(record(object).Properties ?? object);
  const mark = (item: unknown, path: string): unknown => {
    if (item === KNOWN_AFTER_APPLY) return new Unknown(`cfn:${logicalId}.${path}: known after apply`);
    if (Array.isArray(item)) return item.map((v, i) => mark(v, `${path}[${i}]`));
    if (typeof item === 'object' && item !== null)
      return Object.fromEntries(
        Object.entries(item).map(([k, v]) => [k, mark(v, path ? `${path}.${k}` : k)]),
      );
    return item;
  };
  return mark(properties, '') as Json;
}

function fromChangeSet(document: unknown, source: string, context: CloudFormationContext): PlanChanges {
  const changeSet = parsed(changeSetSchema, document, source, 'a CloudFormation template or change set');
  const changes: ResourceChange[] = [];
  const configured = new Map<string, Set<string>>();
  changeSet.Changes.forEach((entry, i) => {
    const resourceChange = entry.ResourceChange;
    if (resourceChange === undefined || (entry.Type ?? 'Resource') !== 'Resource') return;
    const { LogicalResourceId: logicalId, ResourceType: type, Action: action } = resourceChange;
    const at = `Changes[${i}].ResourceChange`;
    // An import brings an existing resource under the stack: the account does not change.
    if (action === 'Import') return;
    const actions: ResourceChange['change']['actions'] =
      action === 'Add'
        ? ['create']
        : action === 'Remove'
          ? ['delete']
          : resourceChange.Replacement === 'True'
            ? ['delete', 'create']
            : ['update'];
    const mapping = CFN_TYPES[type];
    if (mapping === undefined) {
      changes.push(change(logicalId, type, actions, {}));
      return;
    }
    const beforeProperties = contextProperties(
      resourceChange.BeforeContext,
      `${at}.BeforeContext`,
      source,
      logicalId,
    );
    const afterProperties = contextProperties(
      resourceChange.AfterContext,
      `${at}.AfterContext`,
      source,
      logicalId,
    );
    const needsBefore = action !== 'Add';
    const needsAfter = action !== 'Remove';
    if (action === 'Dynamic' || (needsBefore && !beforeProperties) || (needsAfter && !afterProperties)) {
      changes.push(
        change(
          logicalId,
          type,
          actions,
          {},
          action === 'Dynamic'
            ? 'a dynamic change: CloudFormation decides it when the change set runs'
            : 'the change set holds no property values (describe it with --include-property-values)',
        ),
      );
      return;
    }
    const physical = resourceChange.PhysicalResourceId;
    const id = (replaced: boolean) => (physical && !replaced ? physical : `cfn:${logicalId}`);
    const before =
      beforeProperties === undefined
        ? null
        : { ...splitUnknown(mapping.values(beforeProperties), `cfn:${logicalId}`).after, id: id(false) };
    const after =
      afterProperties === undefined
        ? undefined
        : splitUnknown(mapping.values(afterProperties), `cfn:${logicalId}`);
    const created = actions.includes('create');
    const computed = created ? computedOf(type, logicalId) : { unknown: {}, names: {} };
    if (after !== undefined) configured.set(`cfn:${logicalId}`, new Set(Object.keys(after.after)));
    changes.push(
      change(logicalId, type, actions, {
        before,
        after: after === undefined ? null : { ...after.after, ...(created ? {} : { id: id(false) }) },
        unknown: { ...computed.unknown, ...(after?.unknown ?? {}) },
        names: { ...computed.names, ...(after?.names ?? {}) },
      }),
    );
  });
  return { changes, configured, ...(context.region === undefined ? {} : { region: context.region }) };
}

/** Reads a template or a change set; anything else is refused naming the file and the path at fault. */
export function parseCloudFormation(
  text: string,
  source: string,
  context: CloudFormationContext,
): PlanChanges {
  const document = documentOf(text, source);
  if (typeof document === 'object' && document !== null && 'Changes' in document)
    return fromChangeSet(document, source, context);
  return fromTemplate(document, source, context);
}
