/**
 * Fix commands are well formed (issue 13): every command the example's results carry is
 * sent through the AWS SDK's own request serialisation (EC2's query protocol, which emits
 * only the members the API defines), and each of its members must reach the request; the
 * CLI form names the same operation and parameters.
 */
import * as ec2 from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import type { FixCommand, RuleResult } from '../../lib/catalog/rule.js';
import { toCli } from '../../lib/report/aws-cli.js';
import { runHna } from '../support/cli-harness.js';
import { exampleConfig, loadExample, NOW, RULES } from '../support/fixtures.js';

const EXAMPLES = ['examples/hybrid-landing-zone.json', 'examples/network-account.json'];

class Captured extends Error {}

/** The form body the SDK would send for the command, without sending it. */
async function serialize(command: FixCommand): Promise<URLSearchParams> {
  let body = '';
  const client = new ec2.EC2Client({
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        body = String(request.body ?? '');
        throw new Captured('captured');
      },
    } as never,
  });
  const Command = (ec2 as unknown as Record<string, new (input: unknown) => unknown>)[
    `${command.operation}Command`
  ];
  expect(Command, `${command.operation}Command exists in @aws-sdk/client-ec2`).toBeDefined();
  await expect(client.send(new (Command as new (input: unknown) => never)(command.input))).rejects.toThrow(
    'captured',
  );
  client.destroy();
  return new URLSearchParams(body);
}

/** Every leaf of the input as [member path words, value]. */
function leaves(value: unknown, path: string[] = []): [string[], string][] {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, path));
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      leaves(item, [...path, key]),
    );
  return [[path, String(value)]];
}

const results = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW }).results;
const commands = results.flatMap((r) =>
  (r.commands ?? []).map((c) => [`${r.ruleId} ${r.resourceId} ${c.operation}`, c, r.region] as const),
);

describe('fix commands', () => {
  it('exist for every failing result of the example whose fix is a concrete EC2 change', () => {
    const withCommands = new Set(results.filter((r) => r.commands?.length).map((r) => r.ruleId));
    // NET.3 (VPC attribute), DSYNC.4 (security group), VPN.4 (VPN route), VPN.5 and VPN.7 (route), VPN.6 (tunnel options).
    expect([...withCommands].sort()).toEqual(['DSYNC.4', 'NET.3', 'VPN.4', 'VPN.5', 'VPN.6', 'VPN.7']);
    for (const result of results)
      if (result.commands?.length) expect(['FAILED', 'WARNING']).toContain(result.status);
  });

  it.each(commands)('%s is serialised by the SDK with every member', async (_name, command, region) => {
    // Act
    const body = await serialize(command);
    // Assess
    expect(body.get('Action')).toBe(command.operation);
    const sent = [...body.entries()];
    for (const [path, value] of leaves(command.input)) {
      const found = sent.some(
        ([name, sentValue]) =>
          sentValue === value &&
          path.every((member) => new RegExp(`(^|\\.)${member}(\\.|$)`, 'i').test(name)),
      );
      expect(found, `${path.join('.')}=${value} in ${JSON.stringify(sent)}`).toBe(true);
    }
    // The CLI form: the operation and each top-level member as a flag.
    const cli = toCli(command);
    expect(
      cli.startsWith(
        `aws ec2 ${command.operation.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)} `,
      ),
    ).toBe(true);
    for (const key of Object.keys(command.input))
      expect(cli).toContain(`--${key.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}`);
    // It runs in the result's region, whatever region the shell has.
    expect(command.region).toBe(region);
    expect(cli.split(' ').slice(3, 5)).toEqual(['--region', region]);
  });
});

describe('every command hna prints carries --region (issue 35)', () => {
  const audit = [
    'audit',
    ...EXAMPLES.flatMap((file) => ['--snapshot', file]),
    '--config',
    'examples/hna.config.json',
  ];

  it.each(['table', 'csv', 'html', 'asff'])('in %s', async (format) => {
    const run = await runHna([...audit, '--format', format, '--fail-on', 'never'], {
      env: { COLUMNS: '400' },
    });
    expect(run.code).toBe(0);
    // The HTML's text: its break opportunities (<wbr>) and entities as the browser shows them.
    const text =
      format === 'html'
        ? run.stdout
            .replace(/<wbr>/g, '')
            .replace(/&#39;/g, "'")
            .replace(/&quot;/g, '"')
        : run.stdout;
    // A command: each fix command, and each operation a prose fix names (to its parenthesis, comma, quote or line end).
    const printed = text.match(/aws (?:ec2|directconnect) [a-z-]+[^),"\n<]*/g) ?? [];
    expect(printed.length).toBeGreaterThan(0);
    // The rule pages the HTML embeds show the region as a placeholder, REGION.
    for (const command of printed) expect(command).toMatch(/ --region (eu-west-1|us-east-1|REGION)\b/);
  });

  it('in JSON, each command names the region of its result, in both regions of the example', async () => {
    const run = await runHna([...audit, '--format', 'json', '--fail-on', 'never']);
    const report = JSON.parse(run.stdout) as { results: RuleResult[] };
    const withCommands = report.results.filter((r) => r.commands?.length);
    expect(withCommands.length).toBeGreaterThan(0);
    for (const result of withCommands)
      for (const command of result.commands ?? []) expect(command.region).toBe(result.region);
  });
});
