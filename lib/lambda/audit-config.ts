/** The audit configuration of the functions (HNA_CONFIG), validated once: a bad value names the variable. */
import { defaultConfig, parseConfig } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import { ruleIds } from '../rules/index.js';
import { InputError } from '../util/errors.js';
import type { LambdaSettings } from './settings.js';

const parsed = new WeakMap<LambdaSettings, AuditConfig>();

export function auditConfigOf(settings: LambdaSettings): AuditConfig {
  let config = parsed.get(settings);
  if (config === undefined) {
    if (settings.configText === undefined) config = defaultConfig();
    else {
      let document: unknown;
      try {
        document = JSON.parse(settings.configText);
      } catch {
        throw new InputError('HNA_CONFIG: not valid JSON');
      }
      config = parseConfig(document, 'HNA_CONFIG', ruleIds());
    }
    parsed.set(settings, config);
  }
  return config;
}
