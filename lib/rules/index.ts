/** The registry: every rule of the catalog that this build implements, in catalog order. */

import type { Rule } from '../catalog/rule.js';
import { inboundEndpointReachable } from './dns/inbound-endpoint-reachable.js';
import { namesResolvePrivately } from './dns/names-resolve-privately.js';
import { noForwardingLoop } from './dns/no-forwarding-loop.js';
import { noShadowingZone } from './dns/no-shadowing-zone.js';
import { agentInstallEndpoints } from './drs/agent-install-endpoints.js';
import { drsEndpointPolicyAllowsAgent } from './drs/drs-endpoint-policy-allows-agent.js';
import { endpointPoliciesAllowDrsBuckets } from './drs/endpoint-policies-allow-drs-buckets.js';
import { privateRoutingConsistent } from './drs/private-routing-consistent.js';
import { publicIpConsistency } from './drs/public-ip-consistency.js';
import { replicationHealthy } from './drs/replication-healthy.js';
import { replicationPortOpen } from './drs/replication-port-open.js';
import { stagingEgressHttps } from './drs/staging-egress-https.js';
import { stagingSubnetExists } from './drs/staging-subnet-exists.js';
import { agentEndpointValid } from './dsync/agent-endpoint-valid.js';
import { agentOnline } from './dsync/agent-online.js';
import { agentUsesPrivateEndpoint } from './dsync/agent-uses-private-endpoint.js';
import { controlPortsOpen } from './dsync/control-ports-open.js';
import { endpointHttpsOpen } from './dsync/endpoint-https-open.js';
import { supportChannelOpen } from './dsync/support-channel-open.js';
import { taskInterfacesHttpsOpen } from './dsync/task-interfaces-https-open.js';
import { taskSubnetCapacity } from './dsync/task-subnet-capacity.js';
import { dxAllowedPrefixes } from './net/dx-allowed-prefixes.js';
import { dxBgpUp } from './net/dx-bgp-up.js';
import { endpointAvailable } from './net/endpoint-available.js';
import { noCidrOverlap } from './net/no-cidr-overlap.js';
import { privateDnsPrerequisites } from './net/private-dns-prerequisites.js';
import { tgwAttachmentZones } from './net/tgw-attachment-zones.js';
import { tgwRoutesBothWays } from './net/tgw-routes-both-ways.js';
import { adminLockoutRisk } from './s3pl/admin-lockout-risk.js';
import { bucketPinnedToEndpoint } from './s3pl/bucket-pinned-to-endpoint.js';
import { endpointDnsResolvable } from './s3pl/endpoint-dns-resolvable.js';
import { endpointPolicyAllowsBackup } from './s3pl/endpoint-policy-allows-backup.js';
import { interfaceEndpointPresent } from './s3pl/interface-endpoint-present.js';
import { interfaceEndpointReachable } from './s3pl/interface-endpoint-reachable.js';
import { policyEndpointsExist } from './s3pl/policy-endpoints-exist.js';
import { connectionAvailable } from './vpn/connection-available.js';
import { databaseReachable } from './vpn/database-reachable.js';
import { redundantConnections } from './vpn/redundant-connections.js';
import { staticRoutesCoverRemote } from './vpn/static-routes-cover-remote.js';
import { tunnelLifetimesMatch } from './vpn/tunnel-lifetimes-match.js';
import { tunnelsUp } from './vpn/tunnels-up.js';
import { vpcRoutesToRemote } from './vpn/vpc-routes-to-remote.js';

export const RULES: readonly Rule[] = [
  endpointAvailable,
  noCidrOverlap,
  privateDnsPrerequisites,
  tgwRoutesBothWays,
  tgwAttachmentZones,
  dxAllowedPrefixes,
  dxBgpUp,
  stagingSubnetExists,
  replicationPortOpen,
  privateRoutingConsistent,
  stagingEgressHttps,
  agentInstallEndpoints,
  endpointPoliciesAllowDrsBuckets,
  drsEndpointPolicyAllowsAgent,
  replicationHealthy,
  publicIpConsistency,
  agentUsesPrivateEndpoint,
  agentEndpointValid,
  agentOnline,
  controlPortsOpen,
  endpointHttpsOpen,
  taskInterfacesHttpsOpen,
  taskSubnetCapacity,
  supportChannelOpen,
  interfaceEndpointPresent,
  interfaceEndpointReachable,
  bucketPinnedToEndpoint,
  policyEndpointsExist,
  endpointDnsResolvable,
  endpointPolicyAllowsBackup,
  adminLockoutRisk,
  connectionAvailable,
  tunnelsUp,
  redundantConnections,
  staticRoutesCoverRemote,
  vpcRoutesToRemote,
  tunnelLifetimesMatch,
  databaseReachable,
  namesResolvePrivately,
  inboundEndpointReachable,
  noShadowingZone,
  noForwardingLoop,
];

export function ruleIds(): ReadonlySet<string> {
  return new Set(RULES.map((rule) => rule.id));
}
