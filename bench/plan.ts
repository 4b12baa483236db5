/**
 * `hna plan` at organization scale (issue 22): a Terraform plan of 1,000 resource changes
 * (security group rules created, each a TCP port from a /24 on an existing group) judged over
 * the 16x synthetic snapshot of bench/scale-data.ts, against auditing that snapshot alone.
 * Each in a fresh process; the plan's time includes reading the plan, laying it over the
 * snapshot, both audits and the delta. Run: npm run bench:plan
 */
import { execFileSync } from 'node:child_process';
import { parseConfig } from '../lib/config/load.js';
import { judgePlan } from '../lib/plan/judge.js';
import { parseTerraformPlan } from '../lib/plan/terraform-plan.js';
import { RULES, ruleIds } from '../lib/rules/index.js';
import { table, writeSection } from './report.js';
import { generate, REGIONS } from './scale-data.js';
import { timedAudit } from './timed-audit.js';

const SCALE = 16;
const CHANGES = 1000;

/** 1,000 created ingress rules on the region's groups, as `terraform show -json` writes them. */
function planText(snapshot: ReturnType<typeof generate>): string {
  const region = REGIONS[0] as string;
  const groups = (snapshot.regions?.[region]?.ec2?.SecurityGroups ?? []).map((g) => g.GroupId);
  const resource_changes = Array.from({ length: CHANGES }, (_, i) => ({
    address: `aws_vpc_security_group_ingress_rule.r${i}`,
    mode: 'managed',
    type: 'aws_vpc_security_group_ingress_rule',
    name: `r${i}`,
    change: {
      actions: ['create'],
      before: null,
      after: {
        security_group_id: groups[i % groups.length],
        ip_protocol: 'tcp',
        from_port: 8443,
        to_port: 8443,
        cidr_ipv4: `10.99.${i % 256}.0/24`,
      },
      after_unknown: { id: true, arn: true, security_group_rule_id: true, tags_all: true },
    },
  }));
  return JSON.stringify({
    format_version: '1.2',
    resource_changes,
    configuration: { provider_config: { aws: { expressions: { region: { constant_value: region } } } } },
  });
}

if (process.argv.includes('--child')) {
  const mode = process.argv[process.argv.indexOf('--child') + 1];
  const snapshot = generate(SCALE);
  if (mode === 'audit') {
    const { ms, report } = timedAudit(snapshot);
    console.log(JSON.stringify({ ms, results: report.results.length }));
  } else {
    const text = planText(snapshot);
    const config = parseConfig(
      { sourceCidrs: ['10.20.0.0/16'], vpn: { remoteCidrs: ['172.16.0.0/16'] } },
      'bench',
      ruleIds(),
    );
    const started = process.hrtime.bigint();
    const plan = parseTerraformPlan(text, 'plan.json');
    const report = judgePlan([snapshot], plan, {
      rules: RULES,
      config,
      now: new Date('2026-11-22T03:00:00.000Z'),
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      JSON.stringify({
        ms,
        results: report.results.length,
        summary: report.summary,
        planned: plan.changes.length,
      }),
    );
  }
} else {
  const run = (mode: string) =>
    JSON.parse(
      String(
        execFileSync(process.execPath, ['--import', 'tsx', 'bench/plan.ts', '--child', mode], {
          maxBuffer: 1 << 24,
        }),
      )
        .trim()
        .split('\n')
        .pop() as string,
    ) as { ms: number; results: number; summary?: Record<string, number>; planned?: number };
  const audit = run('audit');
  const judged = run('plan');
  const ratio = judged.ms / audit.ms;
  const body = `## Judging a plan

A Terraform plan of ${judged.planned} resource changes (security group rules created on the groups of one region, each a TCP port from its own /24) judged by \`hna plan\` over the ${SCALE}x synthetic snapshot of "Evaluation scale", against auditing that snapshot alone; each in a fresh process. The plan's time covers reading the plan, laying it over the snapshot, the audit before (the full catalog, ${RULES.length} rules, noting what each evaluation reads), the audit after and the delta. The audit after re-judges each rule in the regions the plan touched, and wherever an evaluation read a part of the snapshot the plan touched (a rule that reads across regions); every other result is carried from the audit before — test/plan/incremental.test.ts proves the two audits after equal on every test plan. Reproduce: \`npm run bench:plan\`.

${table(
  ['run', 'time (s)', 'results', 'changes found (new / fixed / removed)'],
  [
    ['audit of the snapshot alone', (audit.ms / 1000).toFixed(2), audit.results, ''],
    [
      `hna plan, ${judged.planned} changes`,
      (judged.ms / 1000).toFixed(2),
      judged.results,
      `${judged.summary?.new ?? 0} / ${judged.summary?.fixed ?? 0} / ${judged.summary?.removed ?? 0}`,
    ],
  ],
)}

Target: under 2× the time of the audit alone — **${ratio < 2 ? 'met' : 'NOT met'}** (×${ratio.toFixed(2)}).`;
  console.log(body);
  writeSection('plan', body);
}
