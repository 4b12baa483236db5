import { InputError } from '../util/errors.js';
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
