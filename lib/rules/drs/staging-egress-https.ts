import { defineRule, type Finding } from '../../catalog/rule.js';
import type { Ec2VpcEndpoint } from '../../inventory/types.js';
import { cidr, privateIpv4Blocks } from '../../network/cidr.js';
import { addressesOf, box, intervalsToCidrs, lineOf, subtract } from '../../network/flow-set.js';
import { reach, reachEndpoint } from '../../network/reach.js';
import { resource } from '../resources.js';
import { DRS_INPUTS, replicationSettings } from '../support/drs.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { ephemeralPorts, networkIndex, REACH_INPUTS } from '../support/network.js';

/** The public IPv4 internet: what a NAT or internet gateway reaches. */
const PUBLIC_IPV4 = intervalsToCidrs(
  addressesOf(
    subtract(
      [box(lineOf(cidr('0.0.0.0/0')), 0, 0)],
      privateIpv4Blocks().map((b) => box(lineOf(b), 0, 0)),
    ),
  ),
);

const HTTPS = { from: 443, to: 443 };

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
      const ask = (destinations: string[]) =>
        reach(
          {
            direction: 'outbound',
            destinations,
            ports: HTTPS,
            ephemeral,
            subnetId: subnet.SubnetId,
            securityGroupIds: groups,
          },
          index,
        );

      const internet = ask(PUBLIC_IPV4);
      if (internet.verdict === 'unknown') {
        findings.set(subnet.SubnetId, {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: (internet.unknown ?? []).join('; '),
        });
        continue;
      }
      if (internet.verdict === 'open') {
        findings.set(subnet.SubnetId, { status: 'PASSED', resource: ref });
        continue;
      }
      const internetWhy = `over the internet: ${internet.hops.flatMap((h) => h.closed.map((c) => c.by)).join('; ') || internet.verdict}`;

      // The private path: endpoints for drs, ec2 (interface) and s3 (gateway) in the staging VPC.
      const missing: string[] = [];
      const inVpc = [...index.endpoints.values()].filter((e) => e.VpcId === subnet.VpcId && isAvailable(e));
      const interfaceFor = (service: string) =>
        inVpc.find((e) => e.VpcEndpointType === 'Interface' && endpointService(e) === service);
      for (const service of ['drs', 'ec2']) {
        const endpoint = interfaceFor(service);
        if (endpoint === undefined) {
          missing.push(`no available ${service} interface endpoint in ${subnet.VpcId}`);
          continue;
        }
        const problem = endpointPath(endpoint);
        if (problem !== undefined) missing.push(problem);
      }
      const table = index.routeTableOf(subnet)?.table.RouteTableId;
      const s3Gateway = inVpc.find(
        (e) =>
          e.VpcEndpointType === 'Gateway' &&
          endpointService(e) === 's3' &&
          table !== undefined &&
          (e.RouteTableIds ?? []).includes(table),
      );
      if (s3Gateway === undefined)
        missing.push(`no available s3 gateway endpoint on the staging route table ${table ?? ''}`.trim());
      else if (!egressToS3(groups))
        missing.push(`the groups ${groups.join(', ')} allow no TCP 443 to 0.0.0.0/0 or the S3 prefix list`);

      if (missing.length === 0) {
        findings.set(subnet.SubnetId, {
          status: 'PASSED',
          resource: ref,
          evidence: `private path through VPC endpoints (${internetWhy})`,
        });
      } else {
        findings.set(subnet.SubnetId, {
          status: 'FAILED',
          resource: ref,
          evidence: `replication servers of ${label} in ${subnet.SubnetId} reach neither path: ${internetWhy}; through endpoints: ${missing.join('; ')}`,
          remediation: `Give ${subnet.SubnetId} a default route to a NAT or internet gateway with TCP 443 out, or add drs and ec2 interface endpoints and an s3 gateway endpoint reachable on TCP 443`,
        });
      }

      function endpointPath(endpoint: Ec2VpcEndpoint): string | undefined {
        const destinations = (endpoint.SubnetIds ?? []).flatMap(
          (id) => index.subnets.get(id)?.CidrBlock ?? [],
        );
        const out = ask(destinations);
        if (out.verdict !== 'open')
          return `TCP 443 to ${endpoint.VpcEndpointId} is ${out.verdict} (${out.hops.flatMap((h) => h.closed.map((c) => c.by)).join('; ')})`;
        const into = reachEndpoint(
          { direction: 'inbound', sources: [subnet?.CidrBlock ?? '0.0.0.0/32'], ports: HTTPS, ephemeral },
          endpoint.VpcEndpointId,
          index,
        );
        if (into.verdict !== 'open')
          return `${endpoint.VpcEndpointId} does not admit TCP 443 from ${subnet?.CidrBlock} (${into.verdict})`;
        return undefined;
      }
    }

    function egressToS3(groups: readonly string[]): boolean {
      const s3List = [...index.prefixLists.values()].find(
        (l) => l.PrefixListName === `com.amazonaws.${context.region}.s3`,
      )?.PrefixListId;
      return groups.some((id) =>
        (index.groups.get(id)?.IpPermissionsEgress ?? []).some((p) => {
          const covers =
            p.IpProtocol === '-1' ||
            ((p.IpProtocol === 'tcp' || p.IpProtocol === '6') &&
              (p.FromPort ?? 0) <= 443 &&
              443 <= (p.ToPort ?? 65535));
          const toAll = (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0');
          const toS3 = s3List !== undefined && (p.PrefixListIds ?? []).some((r) => r.PrefixListId === s3List);
          return covers && (toAll || toS3);
        }),
      );
    }
    return [...findings.values()];
  },
});
