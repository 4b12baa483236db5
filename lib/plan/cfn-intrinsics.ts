/**
 * CloudFormation's intrinsic functions resolved between the resources of one template (docs/design/cli.md,
 * "hna plan"): `Ref` and `Fn::GetAtt` to a resource of the template give its synthetic id
 * (`cfn:LogicalId`), parameters take `--parameters` or their defaults, pseudo parameters the
 * account and region of the snapshot; `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`,
 * `Fn::If` (with the template's conditions), `Fn::FindInMap` are computed. What cannot be
 * known before the stack is deployed (a new endpoint's DNS names, `Fn::ImportValue`, a
 * parameter without a value) resolves to an `Unknown` naming where it comes from — never a guess.
 */

/** A value known only after the stack is deployed, and why. */
export class Unknown {
  constructor(readonly because: string) {}
}

/** `AWS::NoValue`: the property is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface TemplateScope {
  /** Logical ids of the template's resources, with their type and properties. */
  resources: ReadonlyMap<string, { type: string; properties: Record<string, unknown> }>;
  parameters: ReadonlyMap<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  accountId?: string;
  region?: string;
  partition: string;
}

/** The attributes of a resource that are its own id (a `Ref` gives it too). */
const ID_ATTRIBUTES = new Set([
  'Id',
  'GroupId',
  'SubnetId',
  'VpcId',
  'RouteTableId',
  'NetworkAclId',
  'PrefixListId',
  'VpnConnectionId',
  'TransitGatewayAttachmentId',
  'TransitGatewayRouteTableId',
  'AgentArn',
]);

/** Where a value is unknown, the first unknown found in it (a document with one unknown value is unknown). */
export function firstUnknown(value: unknown): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnknown(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) {
      const found = firstUnknown(item);
      if (found !== undefined) return found;
    }
  return undefined;
}

const isFunction = (value: Record<string, unknown>) => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]?.startsWith('Fn::'));
};

export class IntrinsicResolver {
  constructor(private readonly scope: TemplateScope) {}

  /** The value with every intrinsic function computed (or an `Unknown` in its place). */
  resolve(value: unknown, at: string): unknown {
    if (Array.isArray(value))
      return value.map((item, i) => this.resolve(item, `${at}[${i}]`)).filter((item) => item !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    if (isFunction(object)) {
      const [name, argument] = Object.entries(object)[0] as [string, unknown];
      return this.call(name, argument, at);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
      const resolved = this.resolve(item, `${at}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  /** Whether a named condition of the template holds (an `Unknown` when it depends on one). */
  condition(name: string, at: string): boolean | Unknown {
    if (!(name in this.scope.conditions))
      throw new TemplateError(`${at}: no condition ${name} in Conditions`);
    const value = this.resolve(this.scope.conditions[name], `Conditions.${name}`);
    if (value instanceof Unknown) return value;
    if (typeof value !== 'boolean') throw new TemplateError(`Conditions.${name}: not a condition`);
    return value;
  }

  private ref(name: string, at: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::Region') return this.scope.region ?? new Unknown('AWS::Region (give --region)');
    if (name === 'AWS::AccountId') return this.scope.accountId ?? new Unknown('AWS::AccountId');
    if (name === 'AWS::Partition') return this.scope.partition;
    if (name === 'AWS::URLSuffix')
      return this.scope.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    if (name.startsWith('AWS::')) return new Unknown(`${name}: known when the stack is deployed`);
    if (this.scope.parameters.has(name)) {
      const value = this.scope.parameters.get(name);
      return value === undefined ? new Unknown(`parameter ${name} (no value: give --parameters)`) : value;
    }
    const resource = this.scope.resources.get(name);
    if (resource === undefined) throw new TemplateError(`${at}: Ref ${name}: no such parameter or resource`);
    // A bucket's Ref is its name; every other resource hna reads is referred to by its id.
    if (resource.type === 'AWS::S3::Bucket')
      return typeof resource.properties.BucketName === 'string'
        ? resource.properties.BucketName
        : new Unknown(`cfn:${name}.BucketName: named by CloudFormation when deployed`);
    return `cfn:${name}`;
  }

  private getAtt(argument: unknown, at: string): unknown {
    const [name, attribute] = (
      typeof argument === 'string' ? argument.split('.', 2) : Array.isArray(argument) ? argument : []
    ) as unknown[];
    if (typeof name !== 'string' || typeof attribute !== 'string')
      throw new TemplateError(`${at}: Fn::GetAtt takes [LogicalId, Attribute]`);
    const resource = this.scope.resources.get(name);
    if (resource === undefined) throw new TemplateError(`${at}: Fn::GetAtt ${name}: no such resource`);
    if (ID_ATTRIBUTES.has(attribute)) return `cfn:${name}`;
    const bucket = this.ref(name, at);
    if (resource.type === 'AWS::S3::Bucket' && attribute === 'Arn')
      return typeof bucket === 'string' ? `arn:${this.scope.partition}:s3:::${bucket}` : bucket;
    // A property given in the template (a VPC's CidrBlock) is what the attribute returns.
    const given = resource.properties[attribute];
    if (given !== undefined && typeof given !== 'object') return given;
    return new Unknown(`cfn:${name}.${attribute}: known after the stack is deployed`);
  }

  private sub(argument: unknown, at: string): unknown {
    const [template, variables] = (typeof argument === 'string' ? [argument, {}] : argument) as [
      unknown,
      unknown,
    ];
    if (typeof template !== 'string') throw new TemplateError(`${at}: Fn::Sub takes a string`);
    const own = (this.resolve(variables ?? {}, at) ?? {}) as Record<string, unknown>;
    let unknown: Unknown | undefined;
    const text = template.replace(/\$\{(!?)([^}]*)\}/g, (_, literal: string, name: string) => {
      if (literal === '!') return `\${${name}}`;
      const value =
        name in own
          ? own[name]
          : name.includes('.') && !name.startsWith('AWS::')
            ? this.getAtt(name, at)
            : this.ref(name, at);
      if (value instanceof Unknown) unknown ??= value;
      return String(value);
    });
    return unknown ?? text;
  }

  private call(name: string, argument: unknown, at: string): unknown {
    const where = `${at}.${name}`;
    if (name === 'Ref') return this.ref(String(argument), where);
    if (name === 'Fn::GetAtt') return this.getAtt(argument, where);
    if (name === 'Fn::Sub') return this.sub(argument, where);
    if (name === 'Condition') return this.condition(String(argument), where);
    const args = this.resolve(argument, where);
    const unknown = firstUnknown(args);
    if (name === 'Fn::If') {
      const [condition, then, otherwise] = argument as [string, unknown, unknown];
      const holds = this.condition(condition, where);
      if (holds instanceof Unknown) return holds;
      return this.resolve(holds ? then : otherwise, where);
    }
    if (unknown !== undefined) return unknown;
    const list = Array.isArray(args) ? args : [args];
    switch (name) {
      case 'Fn::Join':
        return (list[1] as unknown[]).join(String(list[0]));
      case 'Fn::Select':
        return (list[1] as unknown[])[Number(list[0])] ?? new Unknown(`${where}: index out of the list`);
      case 'Fn::Split':
        return String(list[1]).split(String(list[0]));
      case 'Fn::Equals':
        return JSON.stringify(list[0]) === JSON.stringify(list[1]);
      case 'Fn::Not':
        return !list[0];
      case 'Fn::And':
        return list.every(Boolean);
      case 'Fn::Or':
        return list.some(Boolean);
      case 'Fn::FindInMap': {
        const [map, top, second] = list.map(String);
        const found = (
          this.scope.mappings[map ?? ''] as Record<string, Record<string, unknown>> | undefined
        )?.[top ?? '']?.[second ?? ''];
        if (found === undefined) throw new TemplateError(`${where}: no ${list.join('.')} in Mappings`);
        return found;
      }
      default:
        // Fn::ImportValue, Fn::GetAZs, Fn::Base64, Fn::Cidr, Fn::Transform: not computed here.
        return new Unknown(`${where}: known when the stack is deployed`);
    }
  }
}

/** A template that is not one (a Ref to nothing, a condition that is not there): exit 2 naming where. */
export class TemplateError extends Error {}
