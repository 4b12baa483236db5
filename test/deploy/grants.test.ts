/**
 * Each role holds exactly what its function calls (issue 32): the IAM actions granted to each
 * function's role (infra/auditor-roles.yml) and to its member role (infra/member-role.yml) are
 * compared with the AWS SDK commands its code sends — none missing, none unused. The commands are
 * read from the code itself: each function is bundled as it deploys (tree-shaken, so a module's
 * unused exports drop out), unminified, so that esbuild marks every module's code with its path;
 * in our own modules, every `new XCommand(` and `paginateX(` is a call the function makes.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../lib/plan/cfn-yaml.js';

type Roles = Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;

/** The IAM prefix of each AWS SDK client package the code imports. */
const SERVICE_OF_PACKAGE: Readonly<Record<string, string>> = {
  ec2: 'ec2',
  s3: 's3',
  sts: 'sts',
  sqs: 'sqs',
  organizations: 'organizations',
  'config-service': 'config',
  securityhub: 'securityhub',
  'direct-connect': 'directconnect',
  datasync: 'datasync',
  drs: 'drs',
  rds: 'rds',
  route53resolver: 'route53resolver',
  'network-firewall': 'network-firewall',
  'route-53': 'route53',
};

/** Where an operation's IAM action is not its name (Service Authorization Reference). */
const ACTION_OF_OPERATION: Readonly<Record<string, string | null>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  // Needs no permission (STS API reference: "No permissions are required").
  'sts:GetCallerIdentity': null,
};

/**
 * Modules whose calls use the function's own credentials only — the queue, the hand-off bucket,
 * STS, Organizations. Every other module's calls are made in the audited account, with the member
 * role's credentials (or the function's own, when that account is the auditor's).
 */
const OWN_CREDENTIALS_ONLY = new Set([
  'lib/lambda/dispatch.ts',
  'lib/lambda/network-handoff.ts',
  'lib/lambda/member-credentials.ts',
  'lib/lambda/organization-membership.ts',
  // Assumes the role Security Lake created for the custom source, with the worker's own role
  // (AuditWorkerSecurityLakePolicy, present only when a source is configured).
  'lib/lambda/security-lake-sink.ts',
]);

/**
 * Modules whose calls use a role outside our templates: the Parquet objects are written with the
 * role Security Lake created for the custom source, which grants them; neither our function's
 * role nor the member role should.
 */
const FOREIGN_ROLE_ONLY = new Set(['lib/report/security-lake.ts']);

/** What Lambda does with the function's role, not the code: grants the code cannot show. */
const PLATFORM_GRANTS: Readonly<Record<string, readonly string[]>> = {
  // The asynchronous invocation's on-failure destination (ScheduleFailureQueue).
  'scheduled-audit': ['sqs:SendMessage'],
  // The SQS event source mapping polls and deletes with the function's role.
  'audit-worker': ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  // The asynchronous invocation's on-failure destination (ConfigRuleFailureQueue).
  'config-rule': ['sqs:SendMessage'],
};

/** Grants an answer's meaning depends on: without s3:ListBucket, S3 answers 403 for a missing key, not NoSuchKey. */
const ANSWER_GRANTS: Readonly<Record<string, readonly string[]>> = {
  // The run's marker, read before it is written.
  'scheduled-audit': ['s3:ListBucket'],
  // runs/latest.json, read before the first run wrote it.
  'config-rule': ['s3:ListBucket'],
};

const FUNCTIONS = {
  'scheduled-audit': { role: 'ScheduledAuditRole', member: 'MemberNetworkRole' },
  'audit-worker': { role: 'AuditWorkerRole', member: 'MemberAuditRole' },
  'config-rule': { role: 'ConfigRuleRole', member: 'MemberConfigRole' },
} as const;
type FunctionName = keyof typeof FUNCTIONS;

interface Sent {
  /** Every IAM action the function's code needs. */
  all: Set<string>;
  /** Those of calls made in the audited account (the member role's). */
  member: Set<string>;
}

/** The SDK names each of our modules imports, with the service of their client package. */
function importedServices(file: string): Map<string, string> {
  const services = new Map<string, string>();
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g,
  )) {
    const service = SERVICE_OF_PACKAGE[match[2] as string];
    if (service === undefined) throw new Error(`${file}: @aws-sdk/client-${match[2]}: no IAM prefix known`);
    for (const name of (match[1] as string).split(','))
      services.set(name.replace(/^\s*type\s+/, '').trim(), service);
  }
  return services;
}

async function commandsSent(name: FunctionName): Promise<Sent> {
  // As scripts/build.mjs bundles the functions (FUNCTION_BUILD), unminified.
  const result = await build({
    entryPoints: [`functions/${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    write: false,
    outfile: `grants/${name}.mjs`,
    logLevel: 'error',
  });
  const text = result.outputFiles[0]?.text ?? '';
  // esbuild heads each module's code with a comment holding its path.
  const parts = text.split(/^\/\/ (\S+)$/m);
  const sent: Sent = { all: new Set(), member: new Set() };
  for (let i = 1; i < parts.length; i += 2) {
    const file = parts[i] as string;
    if (file.startsWith('node_modules/') || !/^(lib|functions)\//.test(file)) continue;
    if (FOREIGN_ROLE_ONLY.has(file)) continue;
    const services = importedServices(file);
    for (const call of (parts[i + 1] ?? '').matchAll(/new (\w+?)Command\d*\(|\bpaginate(\w+?)\d*\(/g)) {
      const operation = (call[1] ?? call[2]) as string;
      const imported = call[1] !== undefined ? `${operation}Command` : `paginate${operation}`;
      const service = services.get(imported);
      if (service === undefined)
        throw new Error(`${file}: ${imported} is not imported from an AWS SDK client`);
      const key = `${service}:${operation}`;
      const action = key in ACTION_OF_OPERATION ? ACTION_OF_OPERATION[key] : key;
      if (action === null || action === undefined) continue;
      sent.all.add(action);
      if (!OWN_CREDENTIALS_ONLY.has(file) && !file.startsWith('functions/')) sent.member.add(action);
    }
  }
  return sent;
}

/** The actions a role's inline policies allow (managed policies: logs and X-Ray, not the code's calls). */
function granted(roles: Roles, name: string): Set<string> {
  const role = roles[name];
  if (role === undefined) throw new Error(`no role ${name}`);
  const policies = (role.Properties.Policies ?? []) as {
    PolicyDocument: { Statement: { Effect: string; Action: string | string[] }[] };
  }[];
  return new Set(
    policies
      .flatMap((policy) => policy.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat()),
  );
}

const sorted = (actions: Iterable<string>) => [...actions].sort();
const minus = (a: Set<string>, b: Set<string>) => sorted([...a].filter((x) => !b.has(x)));
const resources = (file: string) =>
  (parseCfnYaml(readFileSync(file, 'utf8')) as { Resources: Roles }).Resources;

describe('each role grants exactly the calls of its function’s code', () => {
  const sent = new Map<FunctionName, Sent>();
  beforeAll(async () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) sent.set(name, await commandsSent(name));
  }, 120_000);

  it('finds the calls in the code: the worker reads the network and writes Security Hub; the dispatcher queues', () => {
    // The scan itself, on calls known to be there: it must not find an empty set and pass vacuously.
    expect(sorted(sent.get('audit-worker')?.all ?? [])).toEqual(
      expect.arrayContaining(['ec2:DescribeVpcs', 'securityhub:BatchImportFindings', 'sts:AssumeRole']),
    );
    expect(sorted(sent.get('scheduled-audit')?.all ?? [])).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'organizations:ListAccounts', 's3:PutObject']),
    );
    expect(sorted(sent.get('config-rule')?.member ?? [])).toEqual(
      expect.arrayContaining(['config:PutEvaluations', 'ec2:DescribeSubnets']),
    );
  });

  for (const [name, { role }] of Object.entries(FUNCTIONS) as [
    FunctionName,
    (typeof FUNCTIONS)[FunctionName],
  ][])
    it(`${role} (${name}): none missing, none unused`, () => {
      const calls = sent.get(name) as Sent;
      const needed = new Set([
        ...calls.all,
        ...(PLATFORM_GRANTS[name] ?? []),
        ...(ANSWER_GRANTS[name] ?? []),
      ]);
      const grants = granted(resources('infra/auditor-roles.yml'), role);
      expect({ missing: minus(needed, grants), unused: minus(grants, needed) }).toEqual({
        missing: [],
        unused: [],
      });
    });

  for (const [name, { member }] of Object.entries(FUNCTIONS) as [
    FunctionName,
    (typeof FUNCTIONS)[FunctionName],
  ][])
    it(`${member} (${name}, in each member account): none missing, none unused`, () => {
      const needed = (sent.get(name) as Sent).member;
      const grants = granted(resources('infra/member-role.yml'), member);
      expect({ missing: minus(needed, grants), unused: minus(grants, needed) }).toEqual({
        missing: [],
        unused: [],
      });
    });
});
