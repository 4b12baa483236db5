/**
 * `hna plan` (docs/design/cli.md): the same rules on the account before and after a proposed change —
 * a Terraform plan, or a CloudFormation template or change set, laid over the snapshot — and
 * what the change makes new, fixes or removes.
 * Exit 1 only for what the change introduces at or above --fail-on.
 */
import { loadConfigFile } from '../config/file.js';
import { defaultConfig } from '../config/load.js';
import { parseCloudFormation } from '../plan/cloudformation.js';
import { introduced, introducesFailure, type PlannedResult, type PlanReport } from '../plan/delta.js';
import { judgePlan } from '../plan/judge.js';
import { planSarif } from '../plan/sarif.js';
import { sourceLocator } from '../plan/source-locations.js';
import { decodePlanText, parseTerraformPlan } from '../plan/terraform-plan.js';
import { junitOf } from '../report/formats.js';
import { RULES, ruleIds } from '../rules/index.js';
import { InputError } from '../util/errors.js';
import { readUserBytes, writeFileAtomically } from '../util/files.js';
import { EXIT_NOTHING_JUDGED, failingStatuses, refuseOverwritingInputs } from './commands.js';
import type { FAIL_ON } from './flags.js';
import type { CliIo } from './io.js';
import { packageVersion } from './options.js';
import { readSourceFiles, relativeUri } from './plan-sources.js';
import { readSnapshotFiles } from './snapshot-files.js';

export const PLAN_FORMATS = ['table', 'json', 'markdown', 'sarif', 'junit'] as const;

export interface PlanOptions {
  snapshot?: string[];
  terraformPlan?: string;
  cloudformation?: string;
  parameters?: string;
  region?: string;
  sourceDir?: string;
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
      '\nNot judged (the results that read these are NOT_AVAILABLE)\n',
      ...[...new Set(report.unjudged.map((u) => `  ${u.address}: ${u.why}\n`))],
    );
  if (report.ignored.length > 0) parts.push(`\nIgnored (no rule reads them): ${report.ignored.join(', ')}\n`);
  if (summary.new + summary.fixed + summary.removed === 0 && report.unjudged.length === 0)
    parts.push('\nThe change alters no hybrid-network result.\n');
  return parts.join('');
}

/** A markdown cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The rule's page: under HNA_DOCS_BASE_URL when set, else the repository's docs/rules/. */
const rulePage = (slug: string, docsBaseUrl?: string) =>
  `${docsBaseUrl === undefined ? 'docs/rules' : docsBaseUrl.replace(/\/$/, '')}/${slug}.md`;

/** What to do about each new problem: its fix, its rule page and the AWS page behind the rule. */
function fixes(results: readonly PlannedResult[], docsBaseUrl?: string): string[] {
  if (results.length === 0) return [];
  return [
    '### How to fix what the change breaks',
    '',
    ...results.map(
      (r) =>
        `- **${r.ruleId}** \`${cell(r.resourceId)}\`: ${cell(r.remediation ?? (r.status === 'NOT_AVAILABLE' ? 'not judged: see the evidence for what is known only after apply or not laid over the snapshot' : 'see the rule page'))} ([rule ${r.ruleId}](${rulePage(r.slug, docsBaseUrl)}), [AWS documentation](${r.source}))`,
    ),
    '',
  ];
}

/** A pull-request comment: what the change breaks first, then what it fixes, then what hna could not judge. */
export function planMarkdown(report: PlanReport, docsBaseUrl?: string): string {
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
    ...fixes(
      report.results.filter((r) => r.change === 'new' && attention.has(r.status)),
      docsBaseUrl,
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
          '### Not judged (the results that read these are NOT_AVAILABLE)',
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

function onlyRegion(snapshot: { regions?: Record<string, unknown> }): string | undefined {
  const names = Object.keys(snapshot.regions ?? {});
  return names.length === 1 ? names[0] : undefined;
}

/** Nothing judged: no result the audit after judged, or every planned change left unjudged. */
function nothingJudged(report: PlanReport): string | undefined {
  const judged = report.results.filter(
    (r) => r.change !== 'removed' && ['PASSED', 'FAILED', 'WARNING'].includes(r.status),
  );
  if (judged.length === 0)
    return report.results.length === 0
      ? 'the snapshot holds nothing any rule reads'
      : 'every result is NOT_AVAILABLE or NOT_APPLICABLE';
  if (report.laid === 0 && report.unjudged.length > 0)
    return `no planned change could be laid over the snapshot (${report.unjudged.length} not judged)`;
  return undefined;
}

export async function planCommand(options: PlanOptions, io: CliIo): Promise<number> {
  const snapshots = options.snapshot ?? [];
  if (snapshots.length === 0) throw new InputError('--snapshot: required (the account as it is)');
  if (options.cloudformation !== undefined && options.terraformPlan !== undefined)
    throw new InputError('--terraform-plan, --cloudformation: give one change, not both');
  if (options.cloudformation === undefined && options.terraformPlan === undefined)
    throw new InputError(
      '--terraform-plan or --cloudformation: required (terraform show -json PLANFILE > plan.json, or a template or change set)',
    );
  if (options.parameters !== undefined && options.cloudformation === undefined)
    throw new InputError('--parameters: only with --cloudformation');
  if (options.sourceDir !== undefined && options.format !== 'sarif')
    throw new InputError('--source-dir: only with --format sarif (it locates each result in the sources)');
  refuseOverwritingInputs(options.out, [
    ...snapshots.map((file) => ({ flag: '--snapshot', file })),
    ...(options.terraformPlan === undefined
      ? []
      : [{ flag: '--terraform-plan', file: options.terraformPlan }]),
    ...(options.cloudformation === undefined
      ? []
      : [{ flag: '--cloudformation', file: options.cloudformation }]),
    ...(options.parameters === undefined ? [] : [{ flag: '--parameters', file: options.parameters }]),
    ...(options.config === undefined ? [] : [{ flag: '--config', file: options.config }]),
  ]);
  // The first snapshot is the account the plan changes; the others (its network account) carry its paths.
  const [before, ...network] = await readSnapshotFiles(snapshots);
  if (before === undefined) throw new InputError('--snapshot: required');
  if (options.region !== undefined && before.regions?.[options.region] === undefined)
    throw new InputError(`--region ${options.region}: the snapshot holds no such region`);
  if (
    options.cloudformation !== undefined &&
    options.region === undefined &&
    onlyRegion(before) === undefined
  )
    throw new InputError(
      `--region: required with --cloudformation: a stack is deployed in one region, and the snapshot holds ${Object.keys(before.regions ?? {}).join(', ') || 'none'}`,
    );
  const plan =
    options.cloudformation === undefined
      ? parseTerraformPlan(
          await readUserBytes(options.terraformPlan as string, 'Terraform plan'),
          options.terraformPlan as string,
        )
      : parseCloudFormation(
          decodePlanText(
            await readUserBytes(options.cloudformation, 'CloudFormation template or change set'),
          ),
          options.cloudformation,
          {
            ...(before.accountId === undefined ? {} : { accountId: before.accountId }),
            partition: before.partition ?? 'aws',
            // The stack's region: --region, or the snapshot's only region (AWS::Region resolves to it).
            ...((options.region ?? onlyRegion(before)) === undefined
              ? {}
              : { region: (options.region ?? onlyRegion(before)) as string }),
            ...(options.parameters === undefined
              ? {}
              : {
                  parameters: {
                    text: decodePlanText(
                      await readUserBytes(options.parameters, 'CloudFormation parameters'),
                    ),
                    source: options.parameters,
                  },
                }),
          },
        );
  const config =
    options.config === undefined ? defaultConfig() : await loadConfigFile(options.config, ruleIds());
  const inputs = { rules: RULES, config, now: io.now() };
  const report = judgePlan([before, ...network], plan, inputs, options.region);
  const text =
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'markdown'
        ? planMarkdown(report, io.env.HNA_DOCS_BASE_URL)
        : options.format === 'sarif'
          ? `${JSON.stringify(
              planSarif(
                report,
                RULES,
                packageVersion(),
                sourceLocator(
                  options.sourceDir === undefined ? [] : await readSourceFiles(options.sourceDir),
                  relativeUri((options.terraformPlan ?? options.cloudformation) as string),
                ),
              ),
              null,
              2,
            )}\n`
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
  if (introducesFailure(report, failingStatuses(options.failOn))) return 1;
  // A gate that checked nothing must not pass (as hna audit): its own exit status, accepted only by --fail-on never.
  const nothing = nothingJudged(report);
  if (nothing === undefined || options.failOn === 'never') return 0;
  io.stderr(
    `hna plan: nothing was judged: ${nothing} (exit ${EXIT_NOTHING_JUDGED}; --fail-on never accepts it)\n`,
  );
  return EXIT_NOTHING_JUDGED;
}
