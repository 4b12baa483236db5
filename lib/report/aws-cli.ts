/**
 * The AWS CLI form of a fix (`aws ec2 …`), from the EC2 API input that makes it: the
 * operation in kebab case, each top-level member as a flag, structures in the CLI's
 * shorthand syntax. Inputs are built by the rules; their well-formedness is proven by
 * the SDK's own serializer in test/report/fix-commands.test.ts.
 */
import type { RegionalFixCommand } from '../catalog/rule.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i) => `${i === 0 ? '' : '-'}${c.toLowerCase()}`);

const isStructure = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Shorthand: Key=value,Key=[{Key=value}] — structures in lists and members are braced. */
function shorthand(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => (isStructure(item) ? `{${shorthand(item)}}` : shorthand(item))).join(',')}]`;
  if (isStructure(value))
    return Object.entries(value)
      .map(([key, item]) => `${key}=${isStructure(item) ? `{${shorthand(item)}}` : shorthand(item)}`)
      .join(',');
  return String(value);
}

function quote(text: string): string {
  return /^[A-Za-z0-9_.:/=,@+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** The command line, `--region` first after the operation: it runs where the resource is. */
export function toCli(command: RegionalFixCommand): string {
  const flags: string[] = ['--region', quote(command.region)];
  for (const [key, value] of Object.entries(command.input)) {
    if (value === undefined) continue;
    if (
      command.operation === 'ModifyVpcAttribute' &&
      typeof value === 'object' &&
      value !== null &&
      'Value' in value
    ) {
      flags.push(`--${kebab(key)}`, quote(JSON.stringify(value)));
      continue;
    }
    if (typeof value === 'boolean') {
      flags.push(value ? `--${kebab(key)}` : `--no-${kebab(key)}`);
      continue;
    }
    if (Array.isArray(value)) {
      // A list of structures: the CLI takes them as separate shorthand arguments.
      flags.push(`--${kebab(key)}`, ...value.map((item) => quote(shorthand(item))));
      continue;
    }
    flags.push(`--${kebab(key)}`, quote(isStructure(value) ? shorthand(value) : String(value)));
  }
  return ['aws', 'ec2', kebab(command.operation), ...flags].join(' ');
}
