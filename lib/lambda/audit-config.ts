/** The audit configuration of the functions (HNA_CONFIG), validated once: a bad value names the variable. */
import { defaultConfig, parseConfig } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import { ruleIds } from '../rules/index.js';
import { InputError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import type { LambdaSettings } from './settings.js';

const parsed = new WeakMap<LambdaSettings, AuditConfig>();

export function auditConfigOf(settings: LambdaSettings): AuditConfig {
  let config = parsed.get(settings);
  if (config === undefined) {
    if (settings.configText === undefined) config = defaultConfig();
    else {
      const document = parseJsonText(
        settings.configText,
        (reason) => new InputError(`HNA_CONFIG: not valid JSON (${reason})`),
      );
      config = parseConfig(document, 'HNA_CONFIG', ruleIds());
    }
    parsed.set(settings, config);
  }
  return config;
}
