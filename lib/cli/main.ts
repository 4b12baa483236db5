/**
 * The `hna` command (../shared/cli.md), on commander: every command's help describes
 * each flag with an example, choices are checked with the allowed values in the message,
 * and every user mistake ends as one line on standard error and exit 2; AWS that cannot
 * be read at all, exit 3.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { Command, CommanderError, Option } from 'commander';
import { filterReport, type ResultFilter } from '../audit/filter.js';
import { type AuditReport, auditAccounts } from '../audit/run-audit.js';
import { type ReportStatus, SCENARIOS, SEVERITIES, STATUSES_BY_ATTENTION } from '../catalog/rule.js';
import { errorCode } from '../collect/log.js';
import { defaultConfig, loadConfigFile } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import type { Snapshot } from '../inventory/types.js';
import { serializeSnapshot } from '../inventory/write.js';
import { sendable, toAsff } from '../report/asff.js';
import { formatCsv, formatJunit, formatOcsf } from '../report/formats.js';
import { formatHtml } from '../report/html.js';
import { writeSecurityHubFindings } from '../report/security-hub.js';
import { formatAuditTable, formatRulesTable, renderTable } from '../report/table.js';
import { RULES, ruleIds } from '../rules/index.js';
import { AwsUnreachableError, errorMessage, InputError } from '../util/errors.js';
import { writeFileAtomically } from '../util/files.js';
import { type AwsFlags, collectLive } from './aws-session.js';
import type { CliIo } from './io.js';
import { listOf, packageVersion } from './options.js';
import { type ReachOptions, reachCommand } from './reach-command.js';
import { readSnapshotFiles } from './snapshot-files.js';

const EXIT_INTERNAL_ERROR = 70;
const FORMATS = ['table', 'json', 'asff', 'html', 'csv', 'junit', 'ocsf'] as const;
const FAIL_ON = ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'never'] as const;
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

export function exitCodeFor(report: AuditReport, failOn: (typeof FAIL_ON)[number]): number {
  const failing = failingStatuses(failOn);
  return report.results.some((result) => failing.has(result.status)) ? 1 : 0;
}

async function emit(io: CliIo, text: string, out: string | undefined, summary?: string): Promise<void> {
  if (out === undefined) io.stdout(text);
  else {
    await writeFileAtomically(out, text);
    io.stderr(`hna: wrote ${out}${summary ? ` (${summary})` : ''}\n`);
  }
}

interface CollectOptions {
  profile?: string;
  regions?: string;
  endpointUrl?: string;
  out?: string;
  stats?: boolean;
}

const awsFlags = (options: { profile?: string; regions?: string; endpointUrl?: string }): AwsFlags => ({
  profile: options.profile,
  regions: options.regions,
  'endpoint-url': options.endpointUrl,
});

async function collectCommand(options: CollectOptions, io: CliIo): Promise<number> {
  const { snapshot, log } = await collectLive(awsFlags(options), io);
  await emit(
    io,
    serializeSnapshot(snapshot),
    options.out,
    `${Object.keys(snapshot.regions ?? {}).length} regions, ${log.totalCalls()} calls, ${log.errors.length} failed`,
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
  const client = new SecurityHubClient({
    region: options.region,
    maxAttempts: 6,
    retryMode: 'adaptive',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    return await writeSecurityHubFindings(results, { ...options, client });
  } catch (error) {
    throw new AwsUnreachableError(
      `cannot write findings to Security Hub in ${options.region} (${errorCode(error)}: ${errorMessage(error)})`,
    );
  } finally {
    client.destroy();
  }
}

interface AuditOptions {
  snapshot?: string[];
  profile?: string;
  regions?: string;
  endpointUrl?: string;
  config?: string;
  format: (typeof FORMATS)[number];
  out?: string;
  status?: string;
  severity?: string;
  scenario?: string;
  rule?: string;
  failOn: (typeof FAIL_ON)[number];
  securityHub?: boolean;
  docsUrl?: string;
}

async function auditCommand(options: AuditOptions, io: CliIo): Promise<number> {
  const snapshots = options.snapshot ?? [];
  if (snapshots.length > 0 && (options.profile !== undefined || options.regions !== undefined))
    throw new InputError(
      '--snapshot: audit either a snapshot file or a live account (--profile/--regions), not both',
    );
  if (snapshots.length > 1 && options.securityHub)
    throw new InputError(
      "--security-hub: with several snapshots, write each account's findings with that account's credentials (one audit per account); the Lambda worker does this",
    );
  const filter: ResultFilter = {
    ...(options.status ? { statuses: listOf('--status', options.status, STATUSES) } : {}),
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
  const full = auditAccounts(read, { rules: RULES, config, now: io.now() });
  const report = filterReport(full, filter);
  const docsBaseUrl = options.docsUrl ?? io.env.HNA_DOCS_BASE_URL;
  const asffContext = {
    accountId: report.accountId,
    partition: snapshot.partition ?? 'aws',
    now: io.now(),
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
  };
  const rendered = render(options.format, report, {
    asff: () =>
      sendable(report.results).map((result) =>
        toAsff(result, { ...asffContext, accountId: result.accountId ?? asffContext.accountId }),
      ),
    color: io.stdoutIsTty && options.out === undefined && !io.env.NO_COLOR,
    width: io.columns ?? (Number(io.env.COLUMNS) || 100),
    failing: failingStatuses(options.failOn),
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
  });
  const summaryLine = STATUSES.map((status) => `${report.summary[status]} ${status}`).join(', ');
  await emit(
    io,
    rendered,
    options.out,
    `${options.format}: ${report.results.length} results: ${summaryLine}`,
  );
  const judged = full.results.filter((r) => r.status !== 'NOT_AVAILABLE' && r.status !== 'NOT_APPLICABLE');
  if (full.results.length > 0 && judged.length === 0) {
    io.stderr(
      `hna audit: warning: no rule could judge anything — every result is NOT_AVAILABLE or NOT_APPLICABLE (${full.summary.NOT_AVAILABLE} not available); see their evidence for what could not be read\n`,
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
  return exitCodeFor(report, options.failOn);
}

function render(
  format: (typeof FORMATS)[number],
  report: AuditReport,
  options: {
    asff: () => unknown[];
    color: boolean;
    width: number;
    failing: Set<ReportStatus>;
    docsBaseUrl?: string;
  },
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'asff':
      return `${JSON.stringify(options.asff(), null, 2)}\n`;
    case 'html':
      return formatHtml(report, options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {});
    case 'csv':
      return formatCsv(report);
    case 'junit':
      return formatJunit(report, options.failing);
    case 'ocsf':
      return formatOcsf(report, packageVersion());
    case 'table':
      return formatAuditTable(report, {
        color: options.color,
        width: options.width,
        ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
      });
  }
}

function rulesCommand(options: { format: 'table' | 'json' }, io: CliIo): number {
  if (options.format === 'table') io.stdout(formatRulesTable(RULES));
  else {
    const rules = RULES.map(({ id, slug, title, severity, scenario, source }) => ({
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

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

const EXIT_HELP = `
Exit status: 0 nothing at or above --fail-on; 1 results at or above it; 2 bad usage or input;
3 AWS could not be read at all (credentials, network); hna reach: 0 open, 1 partial or blocked, 4 unknown.`;

function program(io: CliIo, run: { code: number }): Command {
  const root = new Command('hna')
    .description(
      'Audits AWS accounts against the documented network requirements of DRS, DataSync private agents, backup to S3 through PrivateLink and site-to-site VPN.',
    )
    .version(packageVersion(), '--version', 'print the version of hna')
    .helpOption('-h, --help', 'describe a command and its flags')
    .helpCommand('help [command]', 'describe a command and its flags')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`hna: ${text.replace(/^error: /, '')}`),
    });
  const awsOptions = (command: Command) =>
    command
      .option(
        '--profile <name>',
        'AWS profile from ~/.aws/config (default: the SDK chain: environment, SSO, role)',
      )
      .option(
        '--regions <list>',
        'regions to read, comma-separated, or "all" for every region enabled for the account',
      )
      .option(
        '--endpoint-url <url>',
        'send every AWS call to this endpoint (a local emulator); or AWS_ENDPOINT_URL',
      );

  awsOptions(
    root
      .command('collect')
      .description('read an account into a snapshot (plain AWS API output) for later audits'),
  )
    .option('--out <file>', 'write the snapshot to this file (atomically), not to standard output')
    .option('--stats', 'print the calls, retries and throttled answers per operation on standard error')
    .addHelpText(
      'after',
      examples([
        'hna collect --profile audit --regions eu-west-1,us-east-1 --out snapshot.json --stats',
        'hna collect --regions all --out snapshot.json',
      ]),
    )
    .action(async (options: CollectOptions) => {
      run.code = await collectCommand(options, io);
    });

  awsOptions(
    root
      .command('audit')
      .description('judge a snapshot, or a live account, against the rule catalog and report every result'),
  )
    .option('--snapshot <file...>', 'audit this snapshot file (from hna collect) instead of reading AWS')
    .option('--config <file>', 'configuration: source networks, buckets, VPN peers, suppressions (JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the report to this file (atomically) and say where on standard error')
    .option('--status <list>', `show only these statuses: ${STATUSES.join(', ')}`)
    .option('--severity <list>', `show only these severities: ${SEVERITIES.join(', ')}`)
    .option('--scenario <list>', `show only these scenarios: ${SCENARIOS.join(', ')}`)
    .option('--rule <list>', 'show only these rule ids (see hna rules), e.g. DRS.2,DSYNC.4')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a shown result is at or above this level')
        .choices(FAIL_ON)
        .default('FAILED'),
    )
    .option(
      '--security-hub',
      'also write the findings to Security Hub in each audited region (never filtered)',
    )
    .option('--docs-url <url>', 'base URL of the rule pages for links and remediation (or HNA_DOCS_BASE_URL)')
    .addHelpText(
      'after',
      examples([
        'hna audit --snapshot examples/hybrid-landing-zone.json --config examples/hna.config.json',
        'hna audit --snapshot snapshot.json --status FAILED,WARNING --scenario DRS',
        'hna audit --profile audit --regions eu-west-1 --format junit --out hna.xml --fail-on WARNING',
      ]),
    )
    .action(async (options: AuditOptions) => {
      run.code = await auditCommand(options, io);
    });

  root
    .command('reach')
    .description(
      'answer one reachability question: can these networks reach this subnet or endpoint, and get answers back?',
    )
    .requiredOption(
      '--snapshot <file...>',
      'the snapshot(s) to ask: a spoke account and the network account that owns its transit gateway',
    )
    .requiredOption('--region <region>', 'the region of the target in the snapshot')
    .requiredOption('--from <cidrs>', 'source networks, comma-separated CIDR blocks')
    .requiredOption(
      '--to <id>',
      'the target: a subnet-… (with --security-groups), a vpce-… or an eni-… (their own groups)',
    )
    .option('--security-groups <ids>', 'the groups of the receiving interfaces, for a subnet target')
    .requiredOption('--port <port>', 'TCP port or range, e.g. 443 or 1024-1064')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text'),
    )
    .addHelpText(
      'after',
      examples([
        'hna reach --snapshot examples/hybrid-landing-zone.json --region eu-west-1 --from 10.20.0.0/16 --to vpce-0a1b2c3d4e5f60105 --port 1024-1064',
        'hna reach --snapshot snapshot.json --region eu-west-1 --from 10.20.0.0/16 --to subnet-0e5f6a7b8c9d00001 --security-groups sg-0d1e2f3a4b5c60001 --port 1500',
      ]),
    )
    .action(async (options: ReachOptions) => {
      run.code = await reachCommand(options, io);
    });

  root
    .command('rules')
    .description('list the rules of the catalog')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json'] as const).default('table'),
    )
    .addHelpText('after', examples(['hna rules', 'hna rules --format json']))
    .action((options: { format: 'table' | 'json' }) => {
      run.code = rulesCommand(options, io);
    });
  // Each command's errors are one line that names it: "hna audit: unknown option '--x'".
  for (const command of root.commands) {
    command.configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`hna ${command.name()}: ${text.replace(/^error: /, '')}`),
    });
  }
  return root;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const run = { code: 0 };
  const root = program(io, run);
  if (argv.length === 0) {
    io.stderr(root.helpInformation());
    return 2;
  }
  const command = argv[0] ?? '';
  try {
    await root.parseAsync(argv, { from: 'user' });
    return run.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; everything else commander refuses is bad usage.
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : 2;
    }
    if (error instanceof InputError || error instanceof AwsUnreachableError) {
      io.stderr(`hna ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`hna ${command}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.HNA_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}
