/** The registry: every rule of the catalog that this build implements, in catalog order. */
import { agentOnline } from './dsync/agent-online.js';
import { endpointAvailable } from './net/endpoint-available.js';
import { privateDnsPrerequisites } from './net/private-dns-prerequisites.js';
import type { Rule } from './rule.js';
import { tunnelsUp } from './vpn/tunnels-up.js';

export const RULES: readonly Rule[] = [endpointAvailable, privateDnsPrerequisites, agentOnline, tunnelsUp];

export function ruleIds(): ReadonlySet<string> {
  return new Set(RULES.map((rule) => rule.id));
}
