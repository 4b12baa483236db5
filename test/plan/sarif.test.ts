/**
 * `hna plan --format sarif` for GitHub code scanning, and `--format markdown` for a pull
 * request (issue 29, docs/design/cli.md "Plans as real repositories write them"): each result at a file and
 * line (`--source-dir` finds the `resource "TYPE" "NAME"` block; without it, the plan file, line
 * 1), with `partialFingerprints` stable across runs; valid against the OASIS schema and against
 * what GitHub's "SARIF support for code scanning" page requires
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';
import { HEALTHY_CONFIG, healthy, healthyNetwork } from '../support/landing-zone.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-plan-sarif-'));
const HEALTHY = join(dir, 'healthy.json');
const HEALTHY_NETWORK = join(dir, 'healthy-network.json');
const HEALTHY_CONFIG_FILE = join(dir, 'healthy-config.json');
writeFileSync(HEALTHY, JSON.stringify(healthy()));
writeFileSync(HEALTHY_NETWORK, JSON.stringify(healthyNetwork()));
writeFileSync(HEALTHY_CONFIG_FILE, JSON.stringify(HEALTHY_CONFIG));
const onHealthy = ['--snapshot', HEALTHY, HEALTHY_NETWORK, '--config', HEALTHY_CONFIG_FILE];

const rule = (address: string, name: string) => ({
  address,
  mode: 'managed',
  type: 'aws_vpc_security_group_ingress_rule',
  name,
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: {
    actions: ['delete'],
    before: {
      id: `sgr-${name}`,
      security_group_id: 'sg-0d1e2f3a4b5c60001',
      ip_protocol: 'tcp',
      from_port: 1500,
      to_port: 1500,
      cidr_ipv4: '10.20.0.0/16',
    },
    after: null,
    after_unknown: {},
  },
});

/** Drops the replication group's TCP 1500 rule, written in the root and in a registry module. */
const PLAN = join(dir, 'plan.json');
writeFileSync(
  PLAN,
  JSON.stringify({
    format_version: '1.2',
    resource_changes: [rule('aws_vpc_security_group_ingress_rule.drs_1500', 'drs_1500')],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
    },
  }),
);
const MODULE_PLAN = join(dir, 'module-plan.json');
writeFileSync(
  MODULE_PLAN,
  JSON.stringify({
    format_version: '1.2',
    resource_changes: [rule('module.dr.aws_vpc_security_group_ingress_rule.this["drs"]', 'this')],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
    },
  }),
);
const SOURCES = join(dir, 'infra');
mkdirSync(join(SOURCES, 'network'), { recursive: true });
writeFileSync(
  join(SOURCES, 'network', 'drs.tf'),
  [
    '# Replication servers',
    'resource "aws_security_group" "replication" {',
    '  name = "drs-replication-servers"',
    '}',
    '',
    'resource "aws_vpc_security_group_ingress_rule" "drs_1500" {',
    '  security_group_id = aws_security_group.replication.id',
    '}',
    '',
    'module "dr" {',
    '  source = "acme/dr/aws"',
    '}',
  ].join('\n'),
);

const schema = JSON.parse(
  readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
);
const validate = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
  schema,
);

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
}
interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription?: { text: string } }[] } };
    results: SarifResult[];
  }[];
}

/**
 * What GitHub's code scanning page lists as required of an uploaded SARIF file (docs.github.com,
 * "SARIF support for code scanning": "Supported SARIF output file properties" and "Upload
 * limits"): version 2.1.0; each run's tool.driver.name; each rule's id; each result's ruleId
 * (of a listed rule), message.text and at least one location, each with
 * physicalLocation.artifactLocation.uri (relative to the repository root, or a file: URI) and
 * region.startLine; partialFingerprints to track a result across runs; level one of error,
 * warning, note, none; at most 20 runs, 25,000 results and 25,000 rules per run, 1,000
 * locations per result. Returns what breaks them.
 */
function githubViolations(sarif: Sarif): string[] {
  const wrong: string[] = [];
  if (sarif.version !== '2.1.0') wrong.push(`version ${sarif.version}`);
  if (!Array.isArray(sarif.runs) || sarif.runs.length > 20) wrong.push('runs: 1 to 20');
  for (const run of sarif.runs) {
    if (!run.tool?.driver?.name) wrong.push('tool.driver.name missing');
    const ids = new Set(run.tool.driver.rules.map((r) => r.id));
    if (run.tool.driver.rules.some((r) => !r.id)) wrong.push('a rule without id');
    if (run.results.length > 25_000 || run.tool.driver.rules.length > 25_000) wrong.push('upload limits');
    for (const [i, result] of run.results.entries()) {
      const at = `results[${i}]`;
      if (!ids.has(result.ruleId)) wrong.push(`${at}.ruleId ${result.ruleId} is no rule of the run`);
      if (!result.message?.text) wrong.push(`${at}.message.text missing`);
      if (!['error', 'warning', 'note', 'none'].includes(result.level))
        wrong.push(`${at}.level ${result.level}`);
      if (!Array.isArray(result.locations) || result.locations.length === 0 || result.locations.length > 1000)
        wrong.push(`${at}.locations: at least one`);
      for (const location of result.locations ?? []) {
        const uri = location.physicalLocation?.artifactLocation?.uri;
        if (typeof uri !== 'string' || uri === '')
          wrong.push(`${at}: physicalLocation.artifactLocation.uri missing`);
        else if (
          !uri.startsWith('file://') &&
          (uri.startsWith('/') || uri.includes('\\') || uri.startsWith('..'))
        )
          wrong.push(`${at}: uri ${uri} is neither relative to the repository nor a file: URI`);
        const line = location.physicalLocation?.region?.startLine;
        if (!Number.isInteger(line) || line < 1) wrong.push(`${at}: region.startLine ${line}`);
      }
      const fingerprints = Object.values(result.partialFingerprints ?? {});
      if (fingerprints.length === 0 || fingerprints.some((f) => typeof f !== 'string' || f === ''))
        wrong.push(`${at}.partialFingerprints missing`);
    }
  }
  return wrong;
}

async function sarifOf(...args: string[]): Promise<Sarif> {
  const run = await runHna(['plan', ...onHealthy, '--format', 'sarif', ...args]);
  expect(run.code).toBe(1);
  return JSON.parse(run.stdout) as Sarif;
}

describe('hna plan --format sarif for code scanning', () => {
  it('with --source-dir: each result at its resource block and line; valid for the OASIS schema and for GitHub', async () => {
    const sarif = await sarifOf('--terraform-plan', PLAN, '--source-dir', SOURCES);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(githubViolations(sarif)).toEqual([]);
    const results = sarif.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    const file = relative(process.cwd(), join(SOURCES, 'network', 'drs.tf'));
    for (const result of results.filter((r) => r.level === 'error')) {
      expect(result.locations[0]?.physicalLocation).toEqual({
        artifactLocation: {
          uri: file.startsWith('..') ? `file://${join(SOURCES, 'network', 'drs.tf')}` : file,
        },
        region: { startLine: 6 },
      });
      expect(result.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe(
        'aws_vpc_security_group_ingress_rule.drs_1500',
      );
    }
  });

  it('a module’s resource whose block is not in the sources is located at the module call', async () => {
    const sarif = await sarifOf('--terraform-plan', MODULE_PLAN, '--source-dir', SOURCES);
    expect(githubViolations(sarif)).toEqual([]);
    const lines = new Set(
      sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.region.startLine),
    );
    expect([...lines]).toEqual([10]);
  });

  it('without --source-dir: the plan file itself, line 1; fingerprints stable across runs and one per result', async () => {
    const first = await sarifOf('--terraform-plan', PLAN);
    expect(validate(first), JSON.stringify(validate.errors)).toBe(true);
    expect(githubViolations(first)).toEqual([]);
    for (const result of first.runs[0]?.results ?? []) {
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toBe(`file://${PLAN}`);
      expect(result.locations[0]?.physicalLocation.region.startLine).toBe(1);
    }
    const again = await sarifOf('--terraform-plan', PLAN, '--source-dir', SOURCES);
    const prints = (s: Sarif) => (s.runs[0]?.results ?? []).map((r) => JSON.stringify(r.partialFingerprints));
    // The same problems on the same resources: the same fingerprints, wherever the source says they are.
    expect(prints(again)).toEqual(prints(first));
    expect(new Set(prints(first)).size).toBe(prints(first).length);
  });

  it('the GitHub checks have teeth: a result without a physical location or fingerprint is refused', async () => {
    const sarif = await sarifOf('--terraform-plan', PLAN);
    const broken = structuredClone(sarif);
    const [result] = broken.runs[0]?.results ?? [];
    if (result === undefined) throw new Error('no result to break');
    result.locations = [{ logicalLocations: result.locations[0]?.logicalLocations } as never];
    result.partialFingerprints = {};
    expect(githubViolations(broken)).toEqual([
      'results[0]: physicalLocation.artifactLocation.uri missing',
      'results[0]: region.startLine undefined',
      'results[0].partialFingerprints missing',
    ]);
  });

  it('a CloudFormation result is located at its logical id in the template', async () => {
    const templates = join(dir, 'cfn');
    mkdirSync(templates, { recursive: true });
    const template = join(templates, 'stack.yaml');
    writeFileSync(
      template,
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  Replication1500:',
        '    Type: AWS::EC2::SecurityGroupIngress',
        '    Properties:',
        '      GroupId: sg-0d1e2f3a4b5c60001',
        '      IpProtocol: tcp',
        '      FromPort: 1500',
        '      ToPort: 1500',
        '      CidrIp: 10.20.0.0/16',
      ].join('\n'),
    );
    // A change set that removes the rule the template declares.
    const changeSet = join(dir, 'change-set.json');
    writeFileSync(
      changeSet,
      JSON.stringify({
        ChangeSetName: 'drop',
        StackName: 'dr',
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Remove',
              LogicalResourceId: 'Replication1500',
              PhysicalResourceId: 'sgr-0a1b2c3d4e5f60001',
              ResourceType: 'AWS::EC2::SecurityGroupIngress',
              BeforeContext: JSON.stringify({
                Properties: {
                  GroupId: 'sg-0d1e2f3a4b5c60001',
                  IpProtocol: 'tcp',
                  FromPort: 1500,
                  ToPort: 1500,
                  CidrIp: '10.20.0.0/16',
                },
              }),
            },
          },
        ],
      }),
    );
    const run = await runHna([
      'plan',
      ...onHealthy,
      '--region',
      'eu-west-1',
      '--cloudformation',
      changeSet,
      '--format',
      'sarif',
      '--source-dir',
      templates,
    ]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(githubViolations(sarif)).toEqual([]);
    const errors = sarif.runs[0]?.results.filter((r) => r.level === 'error') ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const result of errors) {
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/stack\.yaml$/);
      expect(result.locations[0]?.physicalLocation.region.startLine).toBe(3);
    }
  });

  it('refuses --source-dir without --format sarif, and a directory that is not there', async () => {
    const markdown = await runHna(['plan', ...onHealthy, '--terraform-plan', PLAN, '--source-dir', SOURCES]);
    expect(markdown.code).toBe(2);
    expect(markdown.stderr).toContain('--source-dir: only with --format sarif');
    const missing = await runHna([
      'plan',
      ...onHealthy,
      '--terraform-plan',
      PLAN,
      '--format',
      'sarif',
      '--source-dir',
      join(dir, 'nowhere'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such directory');
  });
});

describe('hna plan --format markdown', () => {
  it('gives each new problem its fix, its rule page and the AWS page behind the rule', async () => {
    const run = await runHna(['plan', ...onHealthy, '--terraform-plan', PLAN, '--format', 'markdown']);
    expect(run.code).toBe(1);
    const section = run.stdout.split('### How to fix what the change breaks')[1] ?? '';
    const items = (section.split('\n### ')[0] ?? '').split('\n').filter((l) => l.startsWith('- '));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item).toMatch(
        /^- \*\*DRS\.2\*\* `[^`]+`: .+ \(\[rule DRS\.2\]\(docs\/rules\/[a-z0-9-]+\.md\), \[AWS documentation\]\(https:\/\/docs\.aws\.amazon\.com\//,
      );
      expect(item).not.toContain('see the rule page');
    }
    const withBase = await runHna(['plan', ...onHealthy, '--terraform-plan', PLAN, '--format', 'markdown'], {
      env: { HNA_DOCS_BASE_URL: 'https://hna.example.com/rules/' },
    });
    expect(withBase.stdout).toContain('](https://hna.example.com/rules/');
  });
});
