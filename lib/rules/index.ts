/** The registry: every rule of the catalog that this build implements, in catalog order. */
import { agentEndpointValid } from './dsync/agent-endpoint-valid.js';
import { agentOnline } from './dsync/agent-online.js';
import { agentUsesPrivateEndpoint } from './dsync/agent-uses-private-endpoint.js';
import { controlPortsOpen } from './dsync/control-ports-open.js';
import { endpointHttpsOpen } from './dsync/endpoint-https-open.js';
import { supportChannelOpen } from './dsync/support-channel-open.js';
import { taskInterfacesHttpsOpen } from './dsync/task-interfaces-https-open.js';
import { taskSubnetCapacity } from './dsync/task-subnet-capacity.js';
import { endpointAvailable } from './net/endpoint-available.js';
import { privateDnsPrerequisites } from './net/private-dns-prerequisites.js';
import type { Rule } from './rule.js';
import { tunnelsUp } from './vpn/tunnels-up.js';

export const RULES: readonly Rule[] = [
  endpointAvailable,
  privateDnsPrerequisites,
  agentUsesPrivateEndpoint,
  agentEndpointValid,
  agentOnline,
  controlPortsOpen,
  endpointHttpsOpen,
  taskInterfacesHttpsOpen,
  taskSubnetCapacity,
  supportChannelOpen,
  tunnelsUp,
];

export function ruleIds(): ReadonlySet<string> {
  return new Set(RULES.map((rule) => rule.id));
}
