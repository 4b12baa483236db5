/**
 * Reading a configuration file (the command line's `--config`): JSON with comments. Apart from
 * load.ts so that the Lambda functions, which take their configuration as plain JSON in an
 * environment variable, bundle no JSONC parser.
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { InputError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import { parseConfig } from './load.js';
import type { AuditConfig } from './schema.js';

export async function loadConfigFile(path: string, knownRuleIds: ReadonlySet<string>): Promise<AuditConfig> {
  const text = await readUserFile(path, 'config file');
  return parseConfig(parseJsonc(text, path), path, knownRuleIds);
}

/**
 * A configuration file is JSON with comments and trailing commas (JSONC, as VS Code's settings),
 * read with Microsoft's jsonc-parser: the README's commented example can be pasted as it is. An
 * error names its line and column.
 */
export function parseJsonc(text: string, path: string): unknown {
  const errors: ParseError[] = [];
  const document: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first !== undefined) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new InputError(
      `${path}:${line}:${column}: not valid JSON with comments (${printParseErrorCode(first.error)})`,
    );
  }
  return document;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
