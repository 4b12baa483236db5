/**
 * `hna plan` (cli.md): the same rules on the account before and after a proposed change —
 * a Terraform plan laid over the snapshot — and what the change makes new, fixes or removes.
 * Exit 1 only for what the change introduces at or above --fail-on.
 */
import { loadConfigFile } from '../config/file.js';
import { defaultConfig } from '../config/load.js';
import { introduced, introducesFailure, type PlannedResult, type PlanReport } from '../plan/delta.js';
import { judgePlan } from '../plan/judge.js';
import { planSarif } from '../plan/sarif.js';
import { parseTerraformPlan } from '../plan/terraform-plan.js';
import { junitOf } from '../report/formats.js';
import { RULES, ruleIds } from '../rules/index.js';
import { InputError } from '../util/errors.js';
import { readUserFile, writeFileAtomically } from '../util/files.js';
import { failingStatuses } from './commands.js';
import type { FAIL_ON } from './flags.js';
import type { CliIo } from './io.js';
import { packageVersion } from './options.js';
import { readSnapshotFiles } from './snapshot-files.js';

export const PLAN_FORMATS = ['table', 'json', 'markdown', 'sarif', 'junit'] as const;

export interface PlanOptions {
  snapshot?: string[];
  terraformPlan?: string;
  cloudformation?: string;
  region?: string;
  config?: string;
  format: (typeof PLAN_FORMATS)[number];
  out?: string;
  failOn: (typeof FAIL_ON)[number];
}

function line(result: PlannedResult): string {
  const was = result.before === null ? 'new resource' : `was ${result.before}`;
  const planned = result.planned.length > 0 ? ` [${result.planned.join(', ')}]` : '';
  return `  ${result.status.padEnd(14)} ${result.ruleId.padEnd(7)} ${result.resourceId} (${was})${planned}\n      ${result.evidence ?? ''}\n`;
}

/** What the change breaks first, then what it fixes, then what it removes. */
export function planTable(report: PlanReport): string {
  const { summary } = report;
  const attention = new Set(['FAILED', 'WARNING', 'NOT_AVAILABLE']);
  const broken = report.results.filter((r) => r.change === 'new' && attention.has(r.status));
  const otherNew = report.results.filter((r) => r.change === 'new' && !attention.has(r.status));
  const fixed = report.results.filter((r) => r.change === 'fixed');
  const removed = report.results.filter((r) => r.change === 'removed');
  const parts = [
    `hna plan — account ${report.accountId}: ${summary.new} new, ${summary.fixed} fixed, ${summary.removed} removed, ${summary.unchanged} unchanged\n`,
  ];
  if (broken.length > 0) parts.push('\nWhat the change breaks\n', ...broken.map(line));
  if (fixed.length > 0) parts.push('\nWhat the change fixes\n', ...fixed.map(line));
  if (otherNew.length > 0) parts.push('\nOther new results\n', ...otherNew.map(line));
  if (removed.length > 0) parts.push('\nResults the change removes\n', ...removed.map(line));
  if (report.unjudged.length > 0)
    parts.push(
      '\nNot judged (the rules that read these are NOT_AVAILABLE)\n',
      ...[...new Set(report.unjudged.map((u) => `  ${u.address}: ${u.why}\n`))],
    );
  if (report.ignored.length > 0) parts.push(`\nIgnored (no rule reads them): ${report.ignored.join(', ')}\n`);
  if (summary.new + summary.fixed + summary.removed === 0 && report.unjudged.length === 0)
    parts.push('\nThe change alters no hybrid-network result.\n');
  return parts.join('');
}

/** A markdown cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A pull-request comment: what the change breaks first, then what it fixes, then what hna could not judge. */
export function planMarkdown(report: PlanReport): string {
  const { summary } = report;
  const attention = new Set(['FAILED', 'WARNING', 'NOT_AVAILABLE']);
  const rows = (results: PlannedResult[]) =>
    results.map(
      (r) =>
        `| ${r.status} | ${r.ruleId} ${cell(r.title)} | \`${cell(r.resourceId)}\` | ${r.before ?? 'new resource'} | ${r.planned.map((a) => `\`${a}\``).join(', ')} | ${cell(r.evidence ?? '')} |`,
    );
  const table = (title: string, results: PlannedResult[]) =>
    results.length === 0
      ? []
      : [
          `### ${title}`,
          '',
          '| status | rule | resource | before | planned | evidence |',
          '| --- | --- | --- | --- | --- | --- |',
          ...rows(results),
          '',
        ];
  const lines = [
    `## hna plan: ${summary.new} new, ${summary.fixed} fixed, ${summary.removed} removed`,
    '',
    ...table(
      'What the change breaks',
      report.results.filter((r) => r.change === 'new' && attention.has(r.status)),
    ),
    ...table(
      'What the change fixes',
      report.results.filter((r) => r.change === 'fixed'),
    ),
    ...table(
      'Results the change removes',
      report.results.filter((r) => r.change === 'removed'),
    ),
    ...(report.unjudged.length === 0
      ? []
      : [
          '### Not judged (the rules that read these are NOT_AVAILABLE)',
          '',
          ...report.unjudged.map((u) => `- \`${u.address}\`: ${cell(u.why)}`),
          '',
        ]),
    ...(summary.new + summary.fixed + summary.removed === 0 && report.unjudged.length === 0
      ? ['The change alters no hybrid-network result.', '']
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

export async function planCommand(options: PlanOptions, io: CliIo): Promise<number> {
  const snapshots = options.snapshot ?? [];
  if (snapshots.length === 0) throw new InputError('--snapshot: required (the account as it is)');
  if (options.cloudformation !== undefined)
    throw new InputError(
      '--cloudformation: not supported yet by this version of hna plan; give a Terraform plan (--terraform-plan)',
    );
  if (options.terraformPlan === undefined)
    throw new InputError('--terraform-plan: required (terraform show -json PLANFILE > plan.json)');
  const plan = parseTerraformPlan(
    await readUserFile(options.terraformPlan, 'Terraform plan'),
    options.terraformPlan,
  );
  // The first snapshot is the account the plan changes; the others (its network account) carry its paths.
  const [before, ...network] = await readSnapshotFiles(snapshots);
  if (before === undefined) throw new InputError('--snapshot: required');
  if (options.region !== undefined && before.regions?.[options.region] === undefined)
    throw new InputError(`--region ${options.region}: the snapshot holds no such region`);
  const config =
    options.config === undefined ? defaultConfig() : await loadConfigFile(options.config, ruleIds());
  const inputs = { rules: RULES, config, now: io.now() };
  const report = judgePlan([before, ...network], plan, inputs, options.region);
  const text =
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'markdown'
        ? planMarkdown(report)
        : options.format === 'sarif'
          ? `${JSON.stringify(planSarif(report, RULES, packageVersion()), null, 2)}\n`
          : options.format === 'junit'
            ? // A test case a result the change alters; a failure only for what it introduces.
              junitOf(
                report.results.filter((r) => r.change !== 'unchanged'),
                (r) => introduced(r, failingStatuses(options.failOn)),
              )
            : planTable(report);
  if (options.out === undefined) io.stdout(text);
  else {
    await writeFileAtomically(options.out, text);
    io.stderr(`hna: wrote ${options.out} (${report.summary.new} new, ${report.summary.fixed} fixed)\n`);
  }
  return introducesFailure(report, failingStatuses(options.failOn)) ? 1 : 0;
}
