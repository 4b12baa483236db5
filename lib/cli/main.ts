/**
 * The `hna` command (docs/design/cli.md), on commander: every command's help describes
 * each flag with an example, choices are checked with the allowed values in the message,
 * and every user mistake ends as one line on standard error and exit 2; AWS that cannot
 * be read at all, exit 3. A command's code is imported when it runs, so that
 * `hna --version` and `hna help` start in a fraction of the time an audit needs.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SCENARIOS, SEVERITIES } from '../catalog/rule.js';
import { STATUSES_BY_ATTENTION } from '../report/attention.js';
import { AwsUnreachableError, InputError } from '../util/errors.js';
import {
  type AuditOptions,
  type CollectOptions,
  FAIL_ON,
  FAIL_ON_SEVERITY,
  FORMATS,
  formatList,
} from './flags.js';
import type { CliIo } from './io.js';
import { packageVersion, STATUS_ALIASES } from './options.js';
import type { PlanOptions } from './plan-command.js';
import type { ReachOptions } from './reach-command.js';

const EXIT_INTERNAL_ERROR = 70;

/**
 * An option with a fixed set of values, compared without case as every list flag is
 * (`--fail-on warning` as `--status failed`); the help lists the values.
 */
function oneOf<T extends string>(
  flags: string,
  description: string,
  values: readonly T[],
  fallback?: T,
  aliases: Readonly<Record<string, string>> = {},
): Option {
  // choices() shows the values in the help; the parser after it replaces commander's case-sensitive check.
  const option = new Option(flags, description).choices(values).argParser((value: string): T => {
    const name = aliases[value.toUpperCase()] ?? value;
    const found = values.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError(`Allowed choices are ${values.join(', ')}.`);
    return found;
  });
  return fallback === undefined ? option : option.default(fallback);
}
const STATUSES = STATUSES_BY_ATTENTION;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

const EXIT_HELP = `
Exit status: 0 nothing at or above --fail-on (and --fail-on-severity); 1 results at or above it;
2 bad usage or input; 3 AWS could not be read at all (credentials, network); 5 hna audit judged nothing (every result
NOT_AVAILABLE or NOT_APPLICABLE, or none; --fail-on never accepts it); hna reach: 0 open,
1 partial or blocked, 4 unknown.`;

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
      run.code = await (await import('./commands.js')).collectCommand(options, io);
    });

  awsOptions(
    root
      .command('audit')
      .description('judge a snapshot, or a live account, against the rule catalog and report every result'),
  )
    .option('--snapshot <file...>', 'audit this snapshot file (from hna collect) instead of reading AWS')
    .option('--config <file>', 'configuration: source networks, buckets, VPN peers, suppressions (JSON)')
    .addOption(
      new Option(
        '--format <format>',
        'output format; several, comma-separated, with --out-dir (one audit, one file each)',
      )
        .choices(FORMATS)
        .argParser(formatList)
        .default(['table'], 'table'),
    )
    .option('--out <file>', 'write the report to this file (atomically) and say where on standard error')
    .option(
      '--out-dir <dir>',
      'write one file per --format into this directory (made if absent): hna-audit.json, hna-audit.html, …',
    )
    .option(
      '--status <list>',
      `show only these statuses: ${STATUSES.join(', ')} (FAIL and PASS as Prowler spells them)`,
    )
    .option('--severity <list>', `show only these severities: ${SEVERITIES.join(', ')}`)
    .option('--scenario <list>', `show only these scenarios: ${SCENARIOS.join(', ')}`)
    .option('--rule <list>', 'show only these rule ids (see hna rules), e.g. DRS.2,DSYNC.4')
    .addOption(
      oneOf(
        '--fail-on <level>',
        'exit 1 when a shown result is at or above this level; "never" also accepts an audit that judged nothing (exit 5 otherwise)',
        FAIL_ON,
        'FAILED',
        STATUS_ALIASES,
      ),
    )
    .addOption(
      oneOf(
        '--fail-on-severity <severity>',
        'with --fail-on: only results of this severity or above fail the gate (HIGH: CRITICAL and HIGH)',
        FAIL_ON_SEVERITY,
      ),
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
        'hna audit --snapshot snapshot.json --fail-on WARNING --fail-on-severity HIGH',
        'hna audit --profile audit --regions eu-west-1 --format junit --out hna.xml --fail-on WARNING',
        'hna audit --snapshot snapshot.json --format json,html,csv,junit,ocsf,asff --out-dir reports',
      ]),
    )
    .action(async (options: AuditOptions) => {
      run.code = await (await import('./commands.js')).auditCommand(options, io);
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
    .option(
      '--region <region>',
      'the region of the target in the snapshot (default: the one region that holds it)',
    )
    .requiredOption(
      '--from <cidrs>',
      'source networks or addresses, comma-separated (10.20.0.0/16, 10.20.5.5)',
    )
    .requiredOption(
      '--to <target>',
      'a subnet-… (with --security-groups), a vpce-… or eni-… (their own groups), an IP address (the interface holding it), or an RDS database identifier (its subnets, groups and port)',
    )
    .option('--security-groups <ids>', 'the groups of the receiving interfaces, for a subnet target')
    .addOption(
      oneOf('--protocol <protocol>', 'the protocol asked about', ['tcp', 'udp', 'icmp'] as const, 'tcp'),
    )
    .option(
      '--port <port>',
      'port or range (443, 1024-1064); for icmp the ICMP type (8: echo); default for a database: its port',
    )
    .addOption(oneOf('--format <format>', 'output format', ['text', 'json'] as const, 'text'))
    .addHelpText(
      'after',
      examples([
        'hna reach --snapshot examples/hybrid-landing-zone.json --region eu-west-1 --from 10.20.0.0/16 --to vpce-0a1b2c3d4e5f60105 --port 1024-1064',
        'hna reach --snapshot snapshot.json --region eu-west-1 --from 10.20.0.0/16 --to subnet-0e5f6a7b8c9d00001 --security-groups sg-0d1e2f3a4b5c60001 --port 1500',
        'hna reach --snapshot examples/hybrid-landing-zone.json --from 172.16.8.9 --to orders-db',
        'hna reach --snapshot snapshot.json --from 10.20.0.0/16 --to 10.50.2.10 --protocol udp --port 53',
      ]),
    )
    .action(async (options: ReachOptions) => {
      run.code = await (await import('./reach-command.js')).reachCommand(options, io);
    });

  root
    .command('plan')
    .description(
      'judge a proposed change before it is applied: the same rules before and after a Terraform plan or a CloudFormation template or change set',
    )
    .option('--snapshot <file...>', 'the account as it is (a snapshot from hna collect)')
    .option('--terraform-plan <file>', 'the change: terraform show -json PLANFILE > plan.json')
    .option(
      '--cloudformation <file>',
      'the change: a CloudFormation template (JSON or YAML, cdk synth output) or a change set (aws cloudformation describe-change-set --include-property-values)',
    )
    .option(
      '--parameters <file>',
      "the template's parameters (the AWS CLI's [{ParameterKey, ParameterValue}] list, or an object); unset ones take their Default",
    )
    .option('--region <region>', 'the region the plan acts in, when the plan and the snapshot do not say it')
    .option(
      '--source-dir <dir>',
      'with --format sarif: the Terraform or CloudFormation sources, to locate each result at its resource block and line',
    )
    .option('--config <file>', 'configuration: source networks, buckets, VPN peers, suppressions (JSON)')
    .addOption(
      oneOf(
        '--format <format>',
        'output format (markdown: a pull-request comment; sarif: SARIF 2.1.0 for code scanning; junit: a failure per result the change breaks)',
        ['table', 'json', 'markdown', 'sarif', 'junit'] as const,
        'table',
      ),
    )
    .option('--out <file>', 'write the report to this file (atomically) and say where on standard error')
    .addOption(
      oneOf(
        '--fail-on <level>',
        'exit 1 when the change brings a result to this level or above (existing problems never count)',
        FAIL_ON,
        'FAILED',
      ),
    )
    .addHelpText(
      'after',
      examples([
        'terraform plan -out tf.plan && terraform show -json tf.plan > plan.json',
        'hna plan --snapshot snapshot.json --terraform-plan plan.json --config hna.config.json',
        'hna plan --snapshot snapshot.json --terraform-plan plan.json --format json --out plan-report.json',
        'cdk synth --quiet && hna plan --snapshot snapshot.json --cloudformation cdk.out/Stack.template.json',
        'hna plan --snapshot snapshot.json --cloudformation template.yaml --parameters parameters.json',
        'hna plan --snapshot snapshot.json --terraform-plan plan.json --format sarif --source-dir . --out hna.sarif',
      ]),
    )
    .action(async (options: PlanOptions) => {
      run.code = await (await import('./plan-command.js')).planCommand(options, io);
    });

  root
    .command('rules')
    .description("list the rules of the catalog, or print one rule's page (hna rules DRS.2)")
    .argument('[id]', "a rule's id (DRS.2) or slug (replication-port-open): print its page")
    .addOption(oneOf('--format <format>', 'output format', ['table', 'json'] as const, 'table'))
    .option('--scenario <list>', `only these scenarios: ${SCENARIOS.join(', ')}`)
    .option('--severity <list>', `only these severities: ${SEVERITIES.join(', ')}`)
    .addHelpText(
      'after',
      examples([
        'hna rules',
        'hna rules DRS.2',
        'hna rules --scenario DRS --severity CRITICAL,HIGH',
        'hna rules --format json',
      ]),
    )
    .action(
      async (
        id: string | undefined,
        options: { format: 'table' | 'json'; scenario?: string; severity?: string },
      ) => {
        run.code = (await import('./commands.js')).rulesCommand({ ...options, ...(id ? { id } : {}) }, io);
      },
    );
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
  // biome-ignore lint/plugin: the command line's last resort: every error becomes its exit code and one line (an internal error says so).
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
