/**
 * The bodies of `hna collect`, `hna audit` and `hna rules`, loaded only when one of them
 * runs: `hna --version` and `hna help` need none of the rules, collectors or writers.
 */

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { filterReport, type ResultFilter } from '../audit/filter.js';
import { type AuditReport, unmatchedSuppressions } from '../audit/run-audit.js';
import { auditSnapshots } from '../audit/service.js';
import { type ReportStatus, type RuleResult, SCENARIOS, SEVERITIES, type Severity } from '../catalog/rule.js';
import { clientFactory } from '../collect/client-config.js';
import { errorCode } from '../collect/log.js';
import { loadConfigFile } from '../config/file.js';
import { defaultConfig } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import type { Snapshot } from '../inventory/types.js';
import { serializeSnapshot } from '../inventory/write.js';
import { sendable, toAsff } from '../report/asff.js';
import { STATUSES_BY_ATTENTION } from '../report/attention.js';
import { writeSecurityHubFindings } from '../report/security-hub.js';
import { formatRulesTable, renderTable } from '../report/table.js';
import { RULES, ruleIds } from '../rules/index.js';
import { AwsUnreachableError, errorMessage, InputError } from '../util/errors.js';
import { writeFileAtomically } from '../util/files.js';
import { destinations, outputFiles, writeOutputs } from './audit-outputs.js';
import { type AwsFlags, collectLive } from './aws-session.js';
import type { AuditOptions, CollectOptions, FAIL_ON, FAIL_ON_SEVERITY, Format } from './flags.js';
import type { CliIo } from './io.js';
import { listOf, rulePagesDirectory, STATUS_ALIASES } from './options.js';
import { readSnapshotFiles } from './snapshot-files.js';

const STATUSES = STATUSES_BY_ATTENTION;

/** The statuses that make the exit code 1 at each --fail-on level ("at or above it"). */
export function failingStatuses(failOn: (typeof FAIL_ON)[number]): Set<ReportStatus> {
  switch (failOn) {
    case 'FAILED':
      return new Set(['FAILED']);
    case 'WARNING':
      return new Set(['FAILED', 'WARNING']);
    case 'NOT_AVAILABLE':
      return new Set(['FAILED', 'WARNING', 'NOT_AVAILABLE']);
    case 'never':
      return new Set();
  }
}

/** The severities that fail the gate at each --fail-on-severity (at or above it); without it, all. */
function failingSeverities(failOnSeverity: (typeof FAIL_ON_SEVERITY)[number] | undefined): Set<Severity> {
  if (failOnSeverity === undefined) return new Set(SEVERITIES);
  return new Set(SEVERITIES.slice(0, SEVERITIES.indexOf(failOnSeverity) + 1));
}

/** The gate: a result fails it when its status is at or above --fail-on and its severity at or above --fail-on-severity. */
interface Gate {
  statuses: ReadonlySet<ReportStatus>;
  severities: ReadonlySet<Severity>;
}

function gateOf(failOn: (typeof FAIL_ON)[number], failOnSeverity?: (typeof FAIL_ON_SEVERITY)[number]): Gate {
  return { statuses: failingStatuses(failOn), severities: failingSeverities(failOnSeverity) };
}

function failsGate(result: Pick<RuleResult, 'status' | 'severity'>, gate: Gate): boolean {
  return gate.statuses.has(result.status) && gate.severities.has(result.severity);
}

function exitCodeFor(report: AuditReport, gate: Gate): number {
  return report.results.some((result) => failsGate(result, gate)) ? 1 : 0;
}

async function emit(io: CliIo, text: string, out: string | undefined, summary?: string): Promise<void> {
  if (out === undefined) io.stdout(text);
  else {
    await writeFileAtomically(out, text);
    io.stderr(`hna: wrote ${out}${summary ? ` (${summary})` : ''}\n`);
  }
}

const awsFlags = (options: { profile?: string; regions?: string; endpointUrl?: string }): AwsFlags => ({
  profile: options.profile,
  regions: options.regions,
  'endpoint-url': options.endpointUrl,
});

export async function collectCommand(options: CollectOptions, io: CliIo): Promise<number> {
  const { snapshot, log } = await collectLive(awsFlags(options), io);
  await emit(
    io,
    serializeSnapshot(snapshot),
    options.out,
    `${count(Object.keys(snapshot.regions ?? {}).length, 'region')}, ${count(log.totalCalls(), 'call')}, ${log.errors.length} failed`,
  );
  if (options.stats) {
    const stats = log.stats();
    const rows = stats.map((s) => [s.operation, String(s.calls), String(s.retries), String(s.throttled)]);
    const total = (pick: (s: (typeof stats)[number]) => number) =>
      String(stats.reduce((n, s) => n + pick(s), 0));
    rows.push(['total', total((s) => s.calls), total((s) => s.retries), total((s) => s.throttled)]);
    io.stderr(`${renderTable(['OPERATION', 'CALLS', 'RETRIES', 'THROTTLED'], rows)}\n`);
  }
  if (log.errors.length > 0) {
    io.stderr(
      `hna collect: ${log.errors.length} calls failed (${log.failureSummary().join('; ')}); they are listed in the snapshot's "errors"\n`,
    );
  }
  return 0;
}

async function writeToSecurityHub(
  results: AuditReport['results'],
  options: {
    accountId: string;
    partition: string;
    now: Date;
    docsBaseUrl?: string;
    region: string;
    endpoint?: string;
  },
) {
  const clients = clientFactory(options.endpoint ? { endpoint: options.endpoint } : {});
  const client = clients(SecurityHubClient, options.region);
  try {
    return await writeSecurityHubFindings(results, { ...options, client });
  } catch (error) {
    throw new AwsUnreachableError(
      `cannot write findings to Security Hub in ${options.region} (${errorCode(error)}: ${errorMessage(error)})`,
    );
  } finally {
    clients.destroy();
  }
}

export async function auditCommand(options: AuditOptions, io: CliIo): Promise<number> {
  const snapshots = options.snapshot ?? [];
  if (snapshots.length > 0 && (options.profile !== undefined || options.regions !== undefined))
    throw new InputError(
      '--snapshot: audit either a snapshot file or a live account (--profile/--regions), not both',
    );
  if (snapshots.length > 1 && options.securityHub)
    throw new InputError(
      "--security-hub: with several snapshots, write each account's findings with that account's credentials (one audit per account); the Lambda worker does this",
    );
  const gate = gateOf(options.failOn, options.failOnSeverity);
  const targets = destinations(options.format, options.out, options.outDir);
  refuseOverwritingInputs(outputFiles(targets), [
    ...snapshots.map((file) => ({ flag: '--snapshot', file })),
    ...(options.config === undefined ? [] : [{ flag: '--config', file: options.config }]),
  ]);
  const filter: ResultFilter = {
    ...(options.status ? { statuses: listOf('--status', options.status, STATUSES, STATUS_ALIASES) } : {}),
    ...(options.severity ? { severities: listOf('--severity', options.severity, SEVERITIES) } : {}),
    ...(options.scenario ? { scenarios: listOf('--scenario', options.scenario, SCENARIOS) } : {}),
    ...(options.rule ? { rules: listOf('--rule', options.rule, [...ruleIds()]) } : {}),
  };
  const config: AuditConfig =
    options.config === undefined ? defaultConfig() : await loadConfigFile(options.config, ruleIds());
  const read =
    snapshots.length === 0
      ? [(await collectLive(awsFlags(options), io)).snapshot]
      : await readSnapshotFiles(snapshots);
  // Several snapshots: each account is judged with the transit gateways the others hold.
  const snapshot = read[0] as Snapshot;
  const full = auditSnapshots(read, { rules: RULES, config, now: io.now() });
  const report = filterReport(full, filter);
  const docsBaseUrl = options.docsUrl ?? io.env.HNA_DOCS_BASE_URL;
  const asffContext = {
    accountId: report.accountId,
    partition: snapshot.partition ?? 'aws',
    now: io.now(),
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
  };
  const summaryLine = STATUSES.map((status) => `${report.summary[status]} ${status}`).join(', ');
  // What each file holds: ASFF and OCSF leave NOT_APPLICABLE results out, and say so.
  const notApplicable = report.results.filter((r) => r.status === 'NOT_APPLICABLE').length;
  const heldBy = (format: Format) => {
    const dropped = format === 'asff' || format === 'ocsf' || format === 'ocsf-parquet' ? notApplicable : 0;
    const held = report.results.length - dropped;
    return `${format}: ${held} ${held === 1 ? 'result' : 'results'}${dropped > 0 ? ` (${dropped} NOT_APPLICABLE not written)` : ''}: ${summaryLine}`;
  };
  await writeOutputs(
    io,
    targets,
    {
      report,
      asff: () =>
        sendable(report.results).map((result) =>
          toAsff(result, { ...asffContext, accountId: result.accountId ?? asffContext.accountId }),
        ),
      // NO_COLOR wins; FORCE_COLOR colours a pipe too (a CI log that renders colour); else a terminal only.
      color:
        options.out === undefined &&
        options.outDir === undefined &&
        !io.env.NO_COLOR &&
        ((io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') || io.stdoutIsTty),
      width: io.columns ?? (Number(io.env.COLUMNS) || 100),
      fails: (result) => failsGate(result, gate),
      ...(docsBaseUrl ? { docsBaseUrl } : {}),
    },
    heldBy,
    options.outDir,
  );
  for (const unmatched of unmatchedSuppressions(config, full.results))
    io.stderr(
      `hna audit: suppressions[${unmatched.index}] (${unmatched.ruleId} ${unmatched.resourceId}) matches no result of this audit: check its ruleId, resourceId and region\n`,
    );
  // A gate that checked nothing must not pass: its own exit status, accepted only by --fail-on never.
  const judged = full.results.filter(
    (r) => r.status !== 'NOT_AVAILABLE' && r.status !== 'NOT_APPLICABLE' && r.status !== 'SUPPRESSED',
  );
  const nothingJudged = judged.length === 0;
  if (nothingJudged) {
    io.stderr(
      full.results.length === 0
        ? `hna audit: nothing was judged: the snapshot holds nothing any rule reads (exit ${EXIT_NOTHING_JUDGED}; --fail-on never accepts it)\n`
        : `hna audit: nothing was judged: every result is NOT_AVAILABLE or NOT_APPLICABLE (${full.summary.NOT_AVAILABLE} not available); see their evidence for what could not be read (exit ${EXIT_NOTHING_JUDGED}; --fail-on never accepts it)\n`,
    );
  }
  if (options.securityHub) {
    // Security Hub always gets the whole lifecycle, whatever the filters show.
    const endpoint = options.endpointUrl ?? io.env.AWS_ENDPOINT_URL;
    for (const region of Object.keys(snapshot.regions ?? {})) {
      const counts = await writeToSecurityHub(full.results, {
        ...asffContext,
        region,
        ...(endpoint ? { endpoint } : {}),
      });
      io.stderr(
        `security hub ${region}: ${counts.imported} imported, ${counts.unchanged} unchanged, ${counts.archived} archived, ${counts.failed} failed\n`,
      );
      for (const failure of counts.failures.slice(0, 5))
        io.stderr(`  failed ${failure.id}: ${failure.code} ${failure.message}\n`);
    }
  }
  const code = exitCodeFor(report, gate);
  return code === 0 && nothingJudged && options.failOn !== 'never' ? EXIT_NOTHING_JUDGED : code;
}

/** "1 region", "17 regions". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `hna audit` judged nothing: no result that PASSED, FAILED or WARNED (cli exit status 5). */
export const EXIT_NOTHING_JUDGED = 5;

/** A file --out (or --out-dir) names must not be one the audit reads: the report would replace it. */
export function refuseOverwritingInputs(
  outs: string | readonly string[] | undefined,
  inputs: { flag: string; file: string }[],
): void {
  for (const out of typeof outs === 'string' ? [outs] : (outs ?? [])) {
    const target = canonical(out);
    const clash = inputs.find((input) => canonical(input.file) === target);
    if (clash !== undefined)
      throw new InputError(
        `--out ${out}: that is the file given to ${clash.flag} (${clash.file}); the report would replace it — write it elsewhere`,
      );
  }
}

function canonical(file: string): string {
  const absolute = resolve(file);
  try {
    return realpathSync(absolute);
  } catch (error) {
    // A file not written yet (--out) has no real path: its absolute one stands for it.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return absolute;
    throw error;
  }
}

export function rulesCommand(
  options: { format: 'table' | 'json'; scenario?: string; severity?: string; id?: string },
  io: CliIo,
): number {
  if (options.id !== undefined) return rulePage(options.id, options.format, io);
  const scenarios = listOf('--scenario', options.scenario, SCENARIOS);
  const severities = listOf('--severity', options.severity, SEVERITIES);
  const chosen = RULES.filter(
    (rule) =>
      (scenarios === undefined || scenarios.includes(rule.scenario)) &&
      (severities === undefined || severities.includes(rule.severity)),
  );
  if (options.format === 'table') io.stdout(formatRulesTable(chosen));
  else {
    const rules = chosen.map(({ id, slug, title, severity, scenario, source }) => ({
      id,
      slug,
      title,
      severity,
      scenario,
      source,
    }));
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
  }
  return 0;
}

/** `hna rules ID`: the rule's page (requirement, why, how it is judged, the fix, sources) as its Markdown. */
function rulePage(id: string, format: 'table' | 'json', io: CliIo): number {
  const wanted = id.toLowerCase();
  const rule = RULES.find((r) => r.id.toLowerCase() === wanted || r.slug === wanted);
  if (rule === undefined)
    throw new InputError(`${id}: no such rule (an id such as DRS.2 or a slug); hna rules lists them`);
  const directory = rulePagesDirectory();
  const file = directory === undefined ? undefined : join(directory, `${rule.slug}.md`);
  if (file === undefined || !existsSync(file))
    throw new InputError(`${rule.id}: its page docs/rules/${rule.slug}.md is not in the installed package`);
  const page = readFileSync(file, 'utf8');
  if (format === 'json') {
    const { id: ruleId, slug, title, severity, scenario, source } = rule;
    io.stdout(
      `${JSON.stringify({ id: ruleId, slug, title, severity, scenario, source, file, page }, null, 2)}\n`,
    );
  } else io.stdout(page.endsWith('\n') ? page : `${page}\n`);
  return 0;
}
