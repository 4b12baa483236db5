/**
 * Where a planned resource is written, for SARIF's physical location (docs/design/cli.md, `--source-dir`):
 * the `resource "TYPE" "NAME"` block in the Terraform sources (or, for a resource of a module
 * whose sources are not there, the `module "NAME"` block that calls it), the logical id in a
 * CloudFormation template; else the plan or template file itself, line 1. Pure: the files are
 * read by the caller.
 */
import { parseAddress } from './addresses.js';

export interface SourceFile {
  /** The path as SARIF gives it: relative to the repository root, with forward slashes. */
  uri: string;
  text: string;
}

export interface Location {
  uri: string;
  line: number;
}

/** Finds each block once: `resource "aws_route" "private"` → its first file and line. */
export function sourceLocator(files: readonly SourceFile[], fallback: string): (address: string) => Location {
  const blocks = new Map<string, Location>();
  const logicalIds = new Map<string, Location>();
  const sorted = [...files].sort((a, b) => a.uri.localeCompare(b.uri));
  for (const file of sorted) {
    const lines = file.text.split(/\r?\n/);
    const terraform = file.uri.endsWith('.tf');
    lines.forEach((text, index) => {
      const here = { uri: file.uri, line: index + 1 };
      if (terraform) {
        const block = /^\s*(resource|module)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{/.exec(text);
        if (block === null) return;
        const key = block[1] === 'module' ? `module.${block[2]}` : `${block[2]}.${block[3] ?? ''}`;
        if (!blocks.has(key)) blocks.set(key, here);
        return;
      }
      // A template's resource: a key at the indentation of the Resources section's entries.
      const key = /^\s{1,8}"?([A-Za-z0-9]+)"?\s*:\s*(\{|$)/.exec(text);
      if (key !== null && !logicalIds.has(key[1] as string)) logicalIds.set(key[1] as string, here);
    });
  }
  const whole = { uri: fallback, line: 1 };
  return (address) => {
    if (address.startsWith('cfn:')) return logicalIds.get(address.slice(4)) ?? whole;
    const parsed = parseAddress(address);
    if (parsed === undefined) return whole;
    const own = blocks.get(`${parsed.type}.${parsed.name}`);
    const outermost = /^module\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(parsed.module)?.[1];
    // A module's resource found in the sources is its block; else the call in the root.
    return own ?? (outermost === undefined ? undefined : blocks.get(`module.${outermost}`)) ?? whole;
  };
}
