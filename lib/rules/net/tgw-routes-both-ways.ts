import { defineRule, type Finding, type PathDiagram, type PathHop } from '../../catalog/rule.js';
import { contains } from '../../ip/cidr.js';
import { lineOf } from '../../network/flow-set.js';
import type { TgwAnswer } from '../../network/transit-gateway.js';
import { resource } from '../resources.js';
import { networkIndex } from '../support/network.js';
import { ipv4Blocks, networksThrough, TRANSIT_INPUTS, transitVpcs } from '../support/transit.js';

/**
 * Compliant when, for every network a hybrid VPC routes into a transit gateway the
 * snapshot(s) hold, the entering attachment's route table routes the VPC's CIDR to the
 * VPC attachment and the VPC attachment's table routes the network back (Transit Gateway
 * route tables; docs/design/network-semantics.md, "Beyond the VPC").
 */
export const tgwRoutesBothWays = defineRule({
  id: 'NET.4',
  slug: 'tgw-routes-both-ways',
  title: 'Transit gateway route tables route the hybrid networks both ways',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html',
  inputs: [...TRANSIT_INPUTS, 'ec2.TransitGatewayRouteTables'],
  evaluate(context) {
    const index = networkIndex(context);
    const gateways = index.transitGateways;
    const findings: Finding[] = [];
    for (const { vpcId, routes } of transitVpcs(context.inventory)) {
      for (const [tgw, destinations] of [...routes].sort(([a], [b]) => a.localeCompare(b))) {
        const attachment = gateways.vpcAttachmentOf(tgw, vpcId);
        const ref = attachment
          ? resource.transitGatewayAttachment(context, attachment.id)
          : resource.vpc(context, vpcId);
        if (!gateways.holds(tgw)) {
          findings.push({
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `${vpcId} routes ${destinations.map((d) => d.text).join(', ')} to ${tgw}, but ${gateways.absence(tgw)}; audit it with the snapshot of the account that owns the transit gateway (hna audit --snapshot this.json --snapshot network.json)`,
          });
          continue;
        }
        if (attachment === undefined) {
          findings.push({
            status: 'FAILED',
            resource: ref,
            evidence: `${vpcId} routes ${destinations.map((d) => d.text).join(', ')} to ${tgw}, which has no attachment for ${vpcId}`,
            remediation: `Attach ${vpcId} to ${tgw} (a subnet per Availability Zone), or route these networks elsewhere`,
          });
          continue;
        }
        const sources = networksThrough(context, vpcId, destinations);
        if (!sources.found) {
          findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: sources.reason });
          continue;
        }
        if (sources.networks.length === 0) {
          findings.push({
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `none of the source networks is routed by ${vpcId} to ${tgw}`,
          });
          continue;
        }
        const vpcBlocks = index.vpcBlocks.get(vpcId) ?? [];
        const { config } = context;
        const scenarioSources = new Set([
          ...(config.sourceCidrs ?? []),
          ...(config.drs.sourceCidrs ?? []),
          ...(config.dataSync.sourceCidrs ?? []),
          ...(config.s3PrivateLink.sourceCidrs ?? []),
        ]);
        const closed: { network: string; whole: boolean; by: string[]; hops: string[] }[] = [];
        const paths: PathDiagram['paths'] = [];
        const used: string[] = [];
        let unknown: string | undefined;
        for (const network of sources.networks) {
          const [block] = ipv4Blocks([network]);
          if (block === undefined) continue;
          {
            // Only the part of the network the VPC sends into this gateway (CIDR blocks nest or are apart).
            const routed = destinations.some((d) => contains(d, block))
              ? [lineOf(block)]
              : destinations.filter((d) => contains(block, d)).map(lineOf);
            // The remote cloud comes over a VPN: its answers must leave by a VPN attachment.
            const overVpn = context.config.vpn.remoteCidrs.includes(network) && !scenarioSources.has(network);
            const both = gateways.bothWays(
              tgw,
              routed,
              vpcId,
              vpcBlocks,
              overVpn ? { arrivesBy: 'vpn' } : {},
            );
            if (!both.known) {
              unknown = both.missing;
              break;
            }
            const answer = both.value;
            for (const hop of answer.hops) used.push(...hop.entries.map((entry) => `${hop.where}: ${entry}`));
            paths.push(pathOf(network, vpcId, answer));
            if (answer.closed.length > 0)
              closed.push({
                network,
                whole: answer.open.length === 0,
                by: [...new Set(answer.closed.map((c) => c.by))],
                hops: answer.closed.map((c) => c.hop),
              });
          }
        }
        if (unknown !== undefined) {
          findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: unknown });
          continue;
        }
        const networks = sources.networks.join(', ');
        if (closed.length === 0) {
          findings.push({
            status: 'PASSED',
            resource: ref,
            evidence: `${tgw} routes ${networks} both ways for ${vpcId} (${vpcBlocks.map((b) => b.text).join(', ')}): ${[...new Set(used)].join('; ')}${sources.inferred ? ' (networks inferred from the VPC routes)' : ''}`,
            path: { question: `${networks} to ${vpcId} and back through ${tgw}`, paths },
          });
          continue;
        }
        findings.push({
          status: closed.some((c) => c.whole) ? 'FAILED' : 'WARNING',
          resource: ref,
          evidence: closed
            .map(
              (c) =>
                `${c.whole ? '' : 'part of '}${c.network} cannot reach ${vpcId} through ${tgw}: ${c.by.join('; ')}`,
            )
            .join('; '),
          remediation: remedy(
            tgw,
            attachment.id,
            vpcBlocks.map((b) => b.text),
            closed,
            context.region,
          ),
          path: { question: `${networks} to ${vpcId} and back through ${tgw}`, paths },
        });
      }
    }
    return findings;
  },
});

/** One network's way through the hub as the HTML report draws it: each table read, what closed at it. */
function pathOf(network: string, vpcId: string, answer: TgwAnswer): PathDiagram['paths'][number] {
  const closedAt = (hop: string, where?: string) =>
    answer.closed.filter((c) => c.hop === hop && (c.where === undefined || c.where === where));
  const hops: PathHop[] = answer.hops.map((hop) => {
    const closures = closedAt(hop.hop, hop.where);
    return {
      hop: hop.hop,
      verdict: closures.length === 0 ? 'open' : 'blocked',
      label: `${hop.hop} ${hop.where}`,
      where: hop.where,
      entries: hop.entries,
      closedBy: [...new Set(closures.map((c) => c.by))],
    };
  });
  // A closure before any table was read (no attachment, an attachment that forwards nothing).
  for (const closure of answer.closed.filter((c) => !answer.hops.some((h) => h.hop === c.hop)))
    hops.push({
      hop: closure.hop,
      verdict: 'blocked',
      label: closure.hop,
      where: closure.where ?? vpcId,
      entries: [],
      closedBy: [closure.by],
    });
  const verdict = answer.closed.length === 0 ? 'open' : answer.open.length === 0 ? 'blocked' : 'partial';
  return { network, target: vpcId, verdict, hops };
}

/** The fix for what closed: the answers' route, the route towards the VPC, or both. */
function remedy(
  tgw: string,
  attachmentId: string,
  vpcBlocks: string[],
  closed: { network: string; hops: string[]; by: string[] }[],
  region: string,
): string {
  const hops = new Set(closed.flatMap((c) => c.hops));
  const fixes: string[] = [];
  const reasons = closed.flatMap((c) => c.by);
  if (reasons.some((by) => /associated with no route table/.test(by)))
    fixes.push(
      `associate the attachment that forwards nothing with a route table (aws ec2 associate-transit-gateway-route-table --region ${region})`,
    );
  if (reasons.some((by) => /^tgw-attach-\S+ is (?!associated)/.test(by)))
    fixes.push(
      `accept (or re-create) the attachment that is not available — a cross-account attachment waits for the hub owner's acceptance`,
    );
  if (fixes.length > 0 && !reasons.some((by) => /->|no route/.test(by)))
    return `On ${tgw}: ${fixes.join('; and ')}`;
  if (hops.has('tgw-return-route'))
    fixes.push(
      `in the route table of ${attachmentId}, route ${closed.map((c) => c.network).join(', ')} to the VPN or Direct Connect gateway attachment the traffic enters by (not to a blackhole)`,
    );
  if (hops.has('tgw-route'))
    fixes.push(
      `in the route table of that entering attachment, route ${vpcBlocks.join(', ')} to ${attachmentId} (propagation from ${attachmentId}, or a static route)`,
    );
  return `On ${tgw}: ${fixes.join('; and ')} (aws ec2 create-transit-gateway-route --region ${region}, or aws ec2 enable-transit-gateway-route-table-propagation --region ${region})`;
}
