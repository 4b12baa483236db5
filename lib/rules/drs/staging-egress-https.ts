import { defineRule, type Finding } from '../../catalog/rule.js';
import type { Ec2Subnet, Ec2VpcEndpoint } from '../../inventory/types.js';
import { type ReachAnswer, reach, reachEndpoint } from '../../network/reach.js';
import { portRangeText } from '../../vocabulary/port-ranges.js';
import { resource } from '../resources.js';
import { DRS_INPUTS, replicationSettings } from '../support/drs.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { inventoryIndex } from '../support/inventory-index.js';
import { ephemeralPorts, networkIndex, PUBLIC_IPV4, REACH_INPUTS } from '../support/network.js';
import { allowingEntries } from '../support/reach-finding.js';

const HTTPS = { from: 443, to: 443 };

function closedBy(answer: ReachAnswer): string {
  return answer.hops.flatMap((h) => h.closed.map((c) => c.by)).join('; ') || answer.verdict;
}

/** Answers refused only on ports below 32768: the path works for every common client OS (WARNING, not FAILED). */
function lowPortsOnly(answer: ReachAnswer): string | undefined {
  if (answer.verdict === 'open' || answer.verdict === 'unknown' || answer.lowAnswerPortsOnly === undefined)
    return undefined;
  return answer.lowAnswerPortsOnly.map(portRangeText).join(', ');
}

/** Compliant when replication servers reach DRS, EC2 and S3 on TCP 443, over the internet or through VPC endpoints (DRS network requirements). */
export const stagingEgressHttps = defineRule({
  id: 'DRS.4',
  slug: 'staging-egress-https',
  title: 'DRS replication servers can reach DRS, EC2 and S3 on TCP 443',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html',
  inputs: [...DRS_INPUTS, ...REACH_INPUTS, 'ec2.VpcEndpoints'],
  evaluate(context) {
    const index = networkIndex(context);
    const ephemeral = ephemeralPorts(context);
    const findings = new Map<string, Finding>();
    for (const { label, settings } of replicationSettings(context)) {
      const subnetId = settings.stagingAreaSubnetId;
      const subnet = subnetId === undefined ? undefined : index.subnets.get(subnetId);
      if (subnet === undefined || findings.has(subnet.SubnetId)) continue; // DRS.1 reports a missing subnet
      const ref = resource.subnet(context, subnet.SubnetId);
      const groups = settings.replicationServersSecurityGroupsIDs ?? [];
      const ask = (
        destinations: readonly string[],
        peerGroupIds: readonly string[] = [],
        toInternet = false,
      ) =>
        reach(
          {
            direction: 'outbound',
            destinations,
            ports: HTTPS,
            ephemeral,
            subnetId: subnet.SubnetId,
            securityGroupIds: groups,
            peerGroupIds,
            toInternet,
            // An internet gateway serves only replication servers that get a public address.
            ...(typeof settings.createPublicIP === 'boolean'
              ? { publicAddress: settings.createPublicIP }
              : {}),
          },
          index,
        );

      // (a) the internet path: a default route to a NAT gateway, or to an internet gateway for
      // replication servers with public addresses, and 443 out to every public address.
      const internet = ask(PUBLIC_IPV4, [], true);
      if (internet.verdict === 'open') {
        findings.set(subnet.SubnetId, {
          status: 'PASSED',
          resource: ref,
          evidence: `replication servers of ${label} reach the public DRS, EC2 and S3 endpoints on TCP 443 (${allowingEntries([internet])})`,
        });
        continue;
      }

      // (b) the private path: drs and ec2 interface endpoints, and an s3 gateway endpoint, in the staging VPC.
      const problems = privatePathProblems(subnet);
      const internetLow = lowPortsOnly(internet);
      if (problems.unknown.length === 0 && problems.missing.length === 0 && problems.low.length === 0) {
        findings.set(subnet.SubnetId, {
          status: 'PASSED',
          resource: ref,
          evidence: `private path through VPC endpoints: ${problems.allowed.join('; ')} (over the internet: ${internet.verdict === 'unknown' ? (internet.unknown ?? []).join('; ') : closedBy(internet)})`,
        });
      } else if (internetLow !== undefined) {
        findings.set(subnet.SubnetId, {
          status: 'WARNING',
          resource: ref,
          evidence: `replication servers of ${label} reach the public DRS, EC2 and S3 endpoints on TCP 443, but answers on ports ${internetLow} are refused (${closedBy(internet)}), below 32768 where no common client OS picks its ephemeral ports`,
          remediation: `Allow the answers on every ephemeral port (${portRangeText(ephemeral)}) in the network ACL of ${subnet.SubnetId}`,
        });
      } else if (problems.unknown.length > 0 || internet.verdict === 'unknown') {
        findings.set(subnet.SubnetId, {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: [
            ...(internet.verdict === 'unknown'
              ? [`cannot judge TCP 443 over the internet: ${(internet.unknown ?? []).join('; ')}`]
              : []),
            ...(problems.unknown.length > 0
              ? [`cannot judge TCP 443 through the VPC endpoints: ${problems.unknown.join('; ')}`]
              : []),
          ].join('; '),
        });
      } else if (problems.missing.length === 0) {
        findings.set(subnet.SubnetId, {
          status: 'WARNING',
          resource: ref,
          evidence: `private path through VPC endpoints, but answers on ports below 32768 are refused: ${problems.low.join('; ')} (no common client OS picks its ephemeral ports there)`,
          remediation: `Allow the answers on every ephemeral port (${portRangeText(ephemeral)}) in the network ACL of ${subnet.SubnetId}`,
        });
      } else {
        findings.set(subnet.SubnetId, {
          status: 'FAILED',
          resource: ref,
          evidence: `replication servers of ${label} in ${subnet.SubnetId} reach neither path: over the internet: ${closedBy(internet)}; through endpoints: ${problems.missing.join('; ')}`,
          remediation: `Give ${subnet.SubnetId} a default route to a NAT or internet gateway with TCP 443 out, or add drs and ec2 interface endpoints (private DNS on) and an s3 gateway endpoint reachable on TCP 443`,
        });
      }

      function privatePathProblems(staging: Ec2Subnet) {
        const missing: string[] = [];
        const unknown: string[] = [];
        const allowed: string[] = [];
        const low: string[] = [];
        const inVpc = (inventoryIndex(context.inventory).endpointsOfVpc.get(staging.VpcId) ?? []).filter(
          (e) => index.endpoints.has(e.VpcEndpointId) && isAvailable(e),
        );
        for (const service of ['drs', 'ec2']) {
          const endpoint = inVpc.find(
            (e) => e.VpcEndpointType === 'Interface' && endpointService(e) === service,
          );
          if (endpoint === undefined) {
            missing.push(`no available ${service} interface endpoint in ${staging.VpcId}`);
            continue;
          }
          if (endpoint.PrivateDnsEnabled !== true) {
            // Without private DNS the replication servers resolve the public names: path (a) again.
            missing.push(
              `${endpoint.VpcEndpointId} (${service}) has private DNS ${endpoint.PrivateDnsEnabled === false ? 'off' : 'unknown'}: the replication servers resolve the public ${service} name`,
            );
            continue;
          }
          // Private DNS answers only where the VPC resolves through Route 53 with DNS hostnames on
          // (PrivateLink, "DNS hostnames"; NET.3 reads the same attributes).
          const dns = context.inventory.ec2?.VpcAttributes?.[staging.VpcId];
          if (dns === undefined) {
            unknown.push(`the DNS attributes of ${staging.VpcId} were not collected (ec2.VpcAttributes)`);
            continue;
          }
          if (dns.EnableDnsSupport === false || dns.EnableDnsHostnames === false) {
            missing.push(
              `${staging.VpcId} has ${[
                dns.EnableDnsSupport === false ? 'EnableDnsSupport false' : '',
                dns.EnableDnsHostnames === false ? 'EnableDnsHostnames false' : '',
              ]
                .filter(Boolean)
                .join(
                  ' and ',
                )}: the private DNS name of ${endpoint.VpcEndpointId} (${service}) does not resolve there`,
            );
            continue;
          }
          if (dns.EnableDnsSupport !== true || dns.EnableDnsHostnames !== true) {
            unknown.push(`the DNS attributes of ${staging.VpcId} are not both in the snapshot`);
            continue;
          }
          interfacePath(staging, endpoint, service, missing, unknown, allowed, low);
        }
        const table = index.routeTableOf(staging)?.table.RouteTableId;
        const s3Gateway = inVpc.find(
          (e) =>
            e.VpcEndpointType === 'Gateway' &&
            endpointService(e) === 's3' &&
            table !== undefined &&
            (e.RouteTableIds ?? []).includes(table),
        );
        const s3List = [...index.prefixLists.values()].find(
          (list) => list.PrefixListName === `com.amazonaws.${context.region}.s3`,
        )?.PrefixListId;
        if (s3Gateway === undefined) {
          missing.push(`no available s3 gateway endpoint on the staging route table ${table ?? ''}`.trim());
        } else if (s3List === undefined) {
          unknown.push(`the prefix list com.amazonaws.${context.region}.s3 is not in the snapshot`);
        } else {
          // The gateway path still crosses the staging subnet's ACL both ways and the groups' egress.
          const out = ask([s3List]);
          const outLow = lowPortsOnly(out);
          if (out.verdict === 'unknown') unknown.push(...(out.unknown ?? []));
          else if (outLow !== undefined)
            low.push(
              `S3 (${s3List}) through ${s3Gateway.VpcEndpointId}: answers on ports ${outLow} (${closedBy(out)})`,
            );
          else if (out.verdict !== 'open')
            missing.push(
              `TCP 443 to S3 (${s3List}) through ${s3Gateway.VpcEndpointId} is ${out.verdict}: ${closedBy(out)}`,
            );
          else allowed.push(`S3 through ${s3Gateway.VpcEndpointId} (${allowingEntries([out])})`);
        }
        return { missing, unknown, allowed, low };
      }

      function interfacePath(
        staging: Ec2Subnet,
        endpoint: Ec2VpcEndpoint,
        service: string,
        missing: string[],
        unknown: string[],
        allowed: string[],
        low: string[],
      ): void {
        const endpointGroups = (endpoint.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));
        const destinations = (endpoint.SubnetIds ?? []).flatMap(
          (id) => index.subnets.get(id)?.CidrBlock ?? [],
        );
        const out = ask(destinations, endpointGroups);
        const into = reachEndpoint(
          {
            direction: 'inbound',
            sources: [staging.CidrBlock ?? '0.0.0.0/32'],
            ports: HTTPS,
            ephemeral,
            peerGroupIds: groups,
          },
          endpoint.VpcEndpointId,
          index,
        );
        if (out.verdict === 'unknown' || into.verdict === 'unknown') {
          unknown.push(...(out.unknown ?? []), ...(into.unknown ?? []));
          return;
        }
        const lowOut = lowPortsOnly(out);
        const lowInto = into.subnets.flatMap((answer) => lowPortsOnly(answer) ?? []);
        if (out.verdict !== 'open' && lowOut === undefined) {
          missing.push(
            `TCP 443 to ${endpoint.VpcEndpointId} (${service}) is ${out.verdict}: ${closedBy(out)}`,
          );
          return;
        }
        const intoLowOnly =
          into.verdict !== 'open' &&
          into.subnets.every((a) => a.verdict === 'open' || lowPortsOnly(a) !== undefined);
        if (lowOut !== undefined || intoLowOnly) {
          low.push(
            `${service} through ${endpoint.VpcEndpointId}: answers on ports ${[lowOut, ...lowInto].filter((p) => p !== undefined).join(', ')} (${[
              out,
              ...into.subnets,
            ]
              .filter((a) => a.verdict !== 'open')
              .map(closedBy)
              .join('; ')})`,
          );
          return;
        }
        if (into.verdict !== 'open') {
          missing.push(
            `${endpoint.VpcEndpointId} (${service}) does not admit TCP 443 from ${staging.CidrBlock} or the groups ${groups.join(', ') || '(none)'}: ${into.subnets.map(closedBy).join('; ')}`,
          );
          return;
        }
        allowed.push(`${service} through ${endpoint.VpcEndpointId} (${allowingEntries([out, into])})`);
      }
    }
    return [...findings.values()];
  },
});
