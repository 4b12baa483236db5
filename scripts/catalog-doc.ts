import type { Rule } from '../lib/catalog/rule.js';
import { RULES } from '../lib/rules/index.js';

const SCENARIO_NAMES: Record<Rule['scenario'], string> = {
  NET: 'Shared network checks',
  DRS: 'Elastic Disaster Recovery',
  DSYNC: 'DataSync agents through a VPC endpoint',
  S3PL: 'Backup to S3 through an interface endpoint',
  VPN: 'Site-to-site VPN to another network or cloud',
  DNS: 'Names that resolve to the private path',
};

/** The generated catalog page: one table per scenario, rows in registry order. */
export function renderRuleCatalog(rules: readonly Rule[] = RULES): string {
  const lines = [
    '# Rule catalog',
    '',
    '<!-- Generated from lib/rules by `npm run docs`; do not edit by hand. -->',
    '',
    `${rules.length} rules. Each links to its page, which states the requirement, why it matters, compliant and non-compliant examples, and the fix.`,
    '',
    '## Verdicts',
    '',
    'Every result carries evidence: a non-passing one names the entry that decided it and a one-line fix; a PASSED one names what was checked and what allows it (networks and ports, route, ACL and group entries, policy statements). A rule that judged an empty set of networks, tunnels, statements or resources never passes: that is NOT_APPLICABLE (the scenario is not in use) or NOT_AVAILABLE (the data that would say is missing). A field AWS always returns but the snapshot lacks is NOT_AVAILABLE, never taken as fine.',
    '',
    'Reachability answers map to statuses like this: every source network open: PASSED; a port closed for every address of a network, or a network blocked: FAILED; only part of a network cut off: WARNING; the only closed flows are answers on ports below 32768 (no common client OS picks its ephemeral ports there, and AWS allows denying chosen ports inside 1024-65535): WARNING naming the ports; anything unknown: NOT_AVAILABLE.',
    '',
    '## Source networks',
    '',
    "Reachability rules ask their question for each source network separately: the configured networks of the scenario (`drs.sourceCidrs`, `dataSync.sourceCidrs`, `s3PrivateLink.sourceCidrs`, else `sourceCidrs`), or, when none is configured, the networks the VPC routes through a virtual private gateway or transit gateway and its VPN connections' static routes. A route whose destination contains the VPC's own CIDR (a summary such as `10.0.0.0/8 -> tgw-…`) names no source network: the local route wins. Inferred networks include those of other uses (a VPN to another cloud beside the data centre), so a network that the checked path admits nowhere is set aside, and said so in the evidence, rather than failed; a network admitted in part is judged; if every inferred network is set aside, the result is FAILED. Configure the networks to have every one judged. DRS over the internet (`PUBLIC_IP`) comes from the site's public addresses, `drs.publicSourceCidrs`.",
    '',
    'For VPN rules, the remote-cloud (DTS) requirements apply to the connections that lead to the remote cloud: those whose static routes overlap `vpn.remoteCidrs` (or, without it, a DTS range), those named in `vpn.remoteConnections` (connection ids or customer gateway addresses), and dynamic (BGP) connections whose VPC holds a route to a remote network propagated from the gateway. Other connections are judged on their own static routes, so a plain data-centre VPN is never failed for lacking the DTS range; a dynamic connection that can be placed neither way makes VPN.5 and VPN.7 NOT_AVAILABLE, naming `vpn.remoteConnections`.',
    '',
    '## Transit gateways and Direct Connect',
    '',
    "A route to a transit gateway that the snapshot(s) hold is followed into it, both ways: the table of the attachment the traffic enters by must route the target's subnet to the VPC attachment, the VPC attachment's table must route the answers back, the attachment must have a subnet in the target's zone, and through a Direct Connect gateway its allowed prefixes must cover the VPC. Each is a hop of its own (`tgw-route`, `tgw-return-route`, `tgw-attachment-az`, `dx-allowed-prefixes`) in every reachability answer, so any rule that asks a path fails on a closing hub table. A transit gateway the snapshot lacks — a member account sees a shared one, not its owner's tables — stays an opaque private path, and the answer says so; give the network account's snapshot too (`hna audit --snapshot spoke.json --snapshot network.json`) to judge it. Every result is reported in the account that owns its resource. NET.4–NET.7 judge the hub itself.",
    '',
    '## Policy simulation',
    '',
    "Bucket and endpoint policies are judged by simulating requests with IAM's evaluation logic. Each request carries what AWS puts in every signed request of the caller: `aws:PrincipalArn`, `aws:PrincipalAccount` (the audited account) and `aws:PrincipalOrgID` when `organizationId` is configured, plus the network keys the rule sets. A condition on a key the auditor cannot know (`aws:SourceIp`, `aws:PrincipalTag/…`, an unconfigured `aws:PrincipalOrgID`) or a policy variable (such as `$" +
      '{aws:username}`) makes the result NOT_AVAILABLE, naming it. `NotPrincipal` exempts exactly what it lists. ARN patterns match segment by segment: `*` never crosses a `:` except at the end of a segment, as IAM documents.',
  ];
  for (const scenario of Object.keys(SCENARIO_NAMES) as Rule['scenario'][]) {
    const inScenario = rules.filter((rule) => rule.scenario === scenario);
    if (inScenario.length === 0) continue;
    lines.push(
      '',
      `## ${SCENARIO_NAMES[scenario]} (${scenario})`,
      '',
      '| id | rule | severity | source |',
      '| --- | --- | --- | --- |',
    );
    for (const rule of inScenario) {
      lines.push(
        `| ${rule.id} | [${rule.title}](${rule.slug}.md) | ${rule.severity} | [AWS documentation](${rule.source}) |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
