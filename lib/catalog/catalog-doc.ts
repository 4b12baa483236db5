import { RULES } from '../rules/index.js';
import type { Rule } from './rule.js';

const SCENARIO_NAMES: Record<Rule['scenario'], string> = {
  NET: 'Shared network checks',
  DRS: 'Elastic Disaster Recovery',
  DSYNC: 'DataSync agents through a VPC endpoint',
  S3PL: 'Backup to S3 through an interface endpoint',
  VPN: 'Site-to-site VPN to another network or cloud',
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
    '## Source networks',
    '',
    "Reachability rules ask their question for each source network separately: the configured networks of the scenario (`drs.sourceCidrs`, `dataSync.sourceCidrs`, `s3PrivateLink.sourceCidrs`, else `sourceCidrs`), or, when none is configured, the networks the VPC routes through a virtual private gateway or transit gateway and its VPN connections' static routes. Inferred networks include those of other uses (a VPN to another cloud beside the data centre), so a network that the checked path admits nowhere is set aside, and said so in the evidence, rather than failed; a network admitted in part is judged. Configure the networks to have every one judged.",
    '',
    'For VPN rules, the remote-cloud (DTS) requirements apply to the connections whose routes overlap `vpn.remoteCidrs` (or, without it, a DTS range); other connections are judged on their own static routes, so a plain data-centre VPN is never failed for lacking the DTS range.',
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
