/**
 * The `hna` command (../shared/cli.md). Every user mistake ends as one line on
 * standard error and exit 2; AWS that cannot be read at all, exit 3.
 */

import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AuditReport, runAudit } from '../audit/run-audit.js';
import { errorCode } from '../collect/log.js';
import { defaultConfig, loadConfigFile } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import { parseSnapshot } from '../inventory/read.js';
import { serializeSnapshot } from '../inventory/write.js';
import { sendable, toAsff } from '../report/asff.js';
import { writeSecurityHubFindings } from '../report/security-hub.js';
import { formatAuditTable, formatRulesTable, renderTable } from '../report/table.js';
import { RULES, ruleIds } from '../rules/index.js';
import { AwsUnreachableError, errorMessage, InputError } from '../util/errors.js';
import { readUserFile, writeFileAtomically } from '../util/files.js';
import { oneOf, parseFlags } from './args.js';
import { type AwsFlags, collectLive } from './aws-session.js';
import type { CliIo } from './io.js';
import { reachCommand } from './reach-command.js';

const USAGE = `Usage:
  hna collect [--profile NAME] [--regions r1,r2|all] [--endpoint-url URL] [--out FILE] [--stats]
  hna audit   [--snapshot FILE | --profile NAME --regions ...] [--config FILE]
              [--format table|json|asff] [--fail-on FAILED|WARNING|never] [--out FILE]
              [--security-hub] [--docs-url URL]
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

const FAIL_ON = ['FAILED', 'WARNING', 'never'] as const;

async function writeToSecurityHub(
  results: AuditReport['results'],
  options: {
    accountId: string;
    partition: string;
    now: Date;
    docsBaseUrl?: string;
    region: string;
    flags: AwsFlags;
    io: CliIo;
  },
) {
  const endpoint = options.flags['endpoint-url'] ?? options.io.env.AWS_ENDPOINT_URL;
  const client = new SecurityHubClient({
    region: options.region,
    maxAttempts: 6,
    retryMode: 'adaptive',
    ...(endpoint ? { endpoint } : {}),
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
    'security-hub': { type: 'boolean' },
    'docs-url': { type: 'string' },
  });
  const format = oneOf(
    '--format',
    flags.format,
    ['table', 'json', 'asff'],
    io.stdoutIsTty ? 'table' : 'json',
  );
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
  const docsBaseUrl = flags['docs-url'] ?? io.env.HNA_DOCS_BASE_URL;
  const asffContext = {
    accountId: report.accountId,
    partition: snapshot.partition ?? 'aws',
    now: io.now(),
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
  };
  const rendered =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'asff'
        ? `${JSON.stringify(
            sendable(report.results).map((result) => toAsff(result, asffContext)),
            null,
            2,
          )}\n`
        : formatAuditTable(report);
  await emit(io, rendered, flags.out);
  if (flags['security-hub']) {
    for (const region of Object.keys(snapshot.regions ?? {})) {
      const counts = await writeToSecurityHub(report.results, { ...asffContext, region, flags, io });
      io.stderr(
        `security hub ${region}: ${counts.imported} imported, ${counts.unchanged} unchanged, ${counts.archived} archived, ${counts.failed} failed\n`,
      );
      for (const failure of counts.failures.slice(0, 5)) {
        io.stderr(`  failed ${failure.id}: ${failure.code} ${failure.message}\n`);
      }
    }
  }
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
