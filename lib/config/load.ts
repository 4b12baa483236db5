import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { InputError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import { describeFirstIssue, formatPath } from '../util/validation.js';
import { type AuditConfig, configSchema } from './schema.js';

/**
 * Validates a configuration document. `knownRuleIds` lets the loader refuse a
 * misspelt rule id in `rules` or `suppressions`, which would otherwise do nothing.
 */
export function parseConfig(
  document: unknown,
  source: string,
  knownRuleIds: ReadonlySet<string>,
): AuditConfig {
  const parsed = configSchema.safeParse(document ?? {});
  if (!parsed.success) throw new InputError(`${source}: ${describeFirstIssue(parsed.error, document)}`);
  const config = parsed.data;
  for (const ruleId of Object.keys(config.rules)) {
    if (!knownRuleIds.has(ruleId)) {
      throw new InputError(`${source}: ${formatPath(['rules', ruleId])}: unknown rule id (see hna rules)`);
    }
  }
  config.suppressions.forEach((suppression, index) => {
    if (!knownRuleIds.has(suppression.ruleId)) {
      throw new InputError(
        `${source}: ${formatPath(['suppressions', index, 'ruleId'])}: unknown rule id "${suppression.ruleId}"`,
      );
    }
  });
  return config;
}

export function defaultConfig(): AuditConfig {
  return configSchema.parse({});
}

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
