/**
 * The `hna` command (../shared/cli.md). Every user mistake ends as one line on
 * standard error and exit 2; AWS that cannot be read at all, exit 3.
 */
import { type AuditReport, runAudit } from '../audit/run-audit.js';
import { defaultConfig, loadConfigFile } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import { parseSnapshot } from '../inventory/read.js';
import { serializeSnapshot } from '../inventory/write.js';
import { formatAuditTable, formatRulesTable, renderTable } from '../report/table.js';
import { RULES, ruleIds } from '../rules/index.js';
import { AwsUnreachableError, InputError } from '../util/errors.js';
import { readUserFile, writeFileAtomically } from '../util/files.js';
import { oneOf, parseFlags } from './args.js';
import { collectLive } from './aws-session.js';
import type { CliIo } from './io.js';
import { reachCommand } from './reach-command.js';

const USAGE = `Usage:
  hna collect [--profile NAME] [--regions r1,r2|all] [--endpoint-url URL] [--out FILE] [--stats]
  hna audit   [--snapshot FILE | --profile NAME --regions ...] [--config FILE]
              [--format table|json] [--fail-on FAILED|WARNING|never] [--out FILE]
  hna reach   --snapshot FILE --region REGION --from CIDR[,CIDR...]
              --to subnet-...|vpce-... [--security-groups sg-...[,sg-...]] --port P|P1-P2
              [--format text|json]
  hna rules   [--format table|json]

Exit status: 0 nothing at or above --fail-on; 1 results at or above it; 2 bad usage or input; 3 AWS unreachable.
`;

const EXIT_INTERNAL_ERROR = 70;

async function emit(io: CliIo, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) io.stdout(text);
  else await writeFileAtomically(out, text);
}

async function collectCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('collect', args, {
    profile: { type: 'string' },
    regions: { type: 'string' },
    'endpoint-url': { type: 'string' },
    out: { type: 'string' },
    stats: { type: 'boolean' },
  });
  const { snapshot, log } = await collectLive(flags, io);
  await emit(io, serializeSnapshot(snapshot), flags.out);
  if (flags.stats) {
    const rows = Object.entries(log.callCounts()).map(([operation, calls]) => [operation, String(calls)]);
    io.stderr(`${renderTable(['OPERATION', 'CALLS'], [...rows, ['total', String(log.totalCalls())]])}\n`);
  }
  if (log.errors.length > 0) {
    io.stderr(`hna collect: ${log.errors.length} calls failed; they are listed in the snapshot's "errors"\n`);
  }
  return 0;
}

const FAIL_ON = ['FAILED', 'WARNING', 'never'] as const;

export function exitCodeFor(report: AuditReport, failOn: (typeof FAIL_ON)[number]): number {
  if (failOn === 'never') return 0;
  const failing = failOn === 'WARNING' ? ['FAILED', 'WARNING'] : ['FAILED'];
  return report.results.some((result) => failing.includes(result.status)) ? 1 : 0;
}

async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('audit', args, {
    snapshot: { type: 'string' },
    profile: { type: 'string' },
    regions: { type: 'string' },
    'endpoint-url': { type: 'string' },
    config: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    out: { type: 'string' },
  });
  const format = oneOf('--format', flags.format, ['table', 'json'], io.stdoutIsTty ? 'table' : 'json');
  const failOn = oneOf('--fail-on', flags['fail-on'], FAIL_ON, 'FAILED');
  if (flags.snapshot !== undefined && (flags.profile !== undefined || flags.regions !== undefined)) {
    throw new InputError(
      '--snapshot: audit either a snapshot file or a live account (--profile/--regions), not both',
    );
  }
  const config: AuditConfig =
    flags.config === undefined ? defaultConfig() : await loadConfigFile(flags.config, ruleIds());
  const snapshot =
    flags.snapshot === undefined
      ? (await collectLive(flags, io)).snapshot
      : parseSnapshot(await readUserFile(flags.snapshot, 'snapshot'), flags.snapshot);
  const report = runAudit(snapshot, { rules: RULES, config, now: io.now() });
  await emit(
    io,
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatAuditTable(report),
    flags.out,
  );
  return exitCodeFor(report, failOn);
}

async function rulesCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('rules', args, { format: { type: 'string' } });
  const format = oneOf('--format', flags.format, ['table', 'json'], io.stdoutIsTty ? 'table' : 'json');
  if (format === 'table') {
    io.stdout(formatRulesTable(RULES));
  } else {
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

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  collect: collectCommand,
  audit: auditCommand,
  reach: reachCommand,
  rules: rulesCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr(`hna: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof InputError || error instanceof AwsUnreachableError) {
      io.stderr(`hna ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`hna ${command}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.HNA_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}
