/**
 * `osls package` works offline without AWS credentials, the generated template and
 * infra/*.yml pass cfn-lint, and the IAM it grants is least privilege.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../lib/plan/cfn-yaml.js';
import { CFN_LINT } from '../../scripts/emulator.mjs';

type CfnResources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The auditor's roles: the global part of the deployment (infra/auditor-roles.yml). */
function globalRoles(): CfnResources {
  return (parseCfnYaml(readFileSync('infra/auditor-roles.yml', 'utf8')) as { Resources: CfnResources })
    .Resources;
}

const run = promisify(execFile);
const TEMPLATE = '.serverless/cloudformation-template-update-stack.json';
const SECOND_REGION = mkdtempSync(join(tmpdir(), 'hna-osls-us-east-1-'));
const SECOND_TEMPLATE = join(SECOND_REGION, 'cloudformation-template-update-stack.json');

/** Write actions the functions need, and nothing else. */
const ALLOWED_WRITES = new Set([
  'securityhub:BatchImportFindings',
  'config:PutEvaluations',
  'sts:AssumeRole',
  // the fan-out queue: the dispatcher sends, the SQS event source of the worker receives and deletes
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  // the run's network-inventory hand-off: the dispatcher writes it, the worker and the Config rule read it
  's3:PutObject',
]);

type Statement = { Effect: string; Action: string | string[] };

function inlineStatements(template: {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}): Statement[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Role')
    .flatMap(
      (role) =>
        (role.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [],
    )
    .flatMap((policy) => policy.PolicyDocument.Statement);
}

describe('deployment artefact', () => {
  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'hna-osls-'));
    rmSync('.serverless', { recursive: true, force: true });
    // No credentials anywhere: packaging must not need AWS.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    };
    // The regional part for a second region first (packaging clears .serverless), then the default region.
    await run(
      'npx',
      [
        '--no-install',
        'osls',
        'package',
        '--stage',
        'test',
        '--region',
        'us-east-1',
        '--package',
        SECOND_REGION,
      ],
      { env, timeout: 240_000 },
    );
    await run('npx', ['--no-install', 'osls', 'package', '--stage', 'test'], { env, timeout: 240_000 });
  }, 300_000);

  it('packages the three functions on nodejs22.x, arm64, with their bundles', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    const functions = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.map((f) => f.Properties.Handler).sort()).toEqual([
      'functions/audit-worker.handler',
      'functions/config-rule.handler',
      'functions/scheduled-audit.handler',
    ]);
    for (const f of functions) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
    const resources = template.Resources;
    // SQS: a FIFO queue (deduplication), dead-lettering after at least 5 receives, throttled by the
    // event source's maximum concurrency, not by reserved concurrency.
    expect(resources.AuditQueue.Properties.FifoQueue).toBe(true);
    expect(resources.AuditQueue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    const mapping = resources.AuditWorkerEventSourceMappingSQSAuditQueue.Properties;
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(resources.AuditWorkerLambdaFunction.Properties.ReservedConcurrentExecutions).toBeUndefined();
    // The scheduled function: a deliberate async retry count and a failure destination.
    const invoke = Object.entries(
      resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find(
      ([name, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig' && name.startsWith('ScheduledAudit'),
    )?.[1].Properties as {
      MaximumRetryAttempts: number;
      DestinationConfig: { OnFailure: { Destination: unknown } };
    };
    expect(invoke.MaximumRetryAttempts).toBe(2);
    expect(JSON.stringify(invoke.DestinationConfig.OnFailure.Destination)).toContain('ScheduleFailureQueue');
    // Roles that members trust keep their names when the stack is re-created.
    const roles = globalRoles();
    expect(roles.AuditWorkerRole?.Properties.RoleName).toEqual({ Ref: 'WorkerRoleName' });
    expect(roles.ScheduledAuditRole?.Properties.RoleName).toEqual({ Ref: 'DispatcherRoleName' });
    // The network inventory hand-off: one object per run under runs/, private, kept longer than the
    // dead-letter queue keeps a message, so that a redriven target finds it.
    const bucket = resources.NetworkHandoffBucket.Properties;
    expect(bucket.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', Prefix: 'runs/' }),
    ]);
    const expiration = bucket.LifecycleConfiguration.Rules[0].ExpirationInDays as number;
    expect(expiration * 24 * 3600).toBeGreaterThan(
      resources.AuditDeadLetterQueue.Properties.MessageRetentionPeriod,
    );
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(roles.ScheduledAuditRole?.Properties.Policies)).toContain('s3:PutObject');
    expect(JSON.stringify(roles.AuditWorkerRole?.Properties.Policies)).toContain('s3:GetObject');
    expect(roles.ConfigRuleRole?.Properties.RoleName).toEqual({ Ref: 'ConfigRuleRoleName' });
    // The functions use those roles by name: the regional template creates none.
    expect(JSON.stringify(resources.AuditWorkerLambdaFunction.Properties.Role)).toContain(
      ':role/hna-audit-worker',
    );
    // The Config rule: an organization rule by default, an account rule on request.
    expect(resources.HybridNetworkOrganizationConfigRule.Condition).toBe('OrganizationConfigRule');
    // Change-triggered by default; the periodic trigger only when configRulePeriodic asks for it.
    const triggers = resources.HybridNetworkOrganizationConfigRule.Properties.OrganizationCustomRuleMetadata
      .OrganizationConfigRuleTriggerTypes['Fn::If'] as [string, string[], string[]];
    expect(triggers[0]).toBe('ConfigRulePeriodic');
    expect(template.Conditions.ConfigRulePeriodic).toEqual({
      'Fn::Equals': [{ Ref: 'PeriodicConfigRule' }, 'true'],
    });
    expect(template.Parameters.PeriodicConfigRule.Default).toBe('false');
    expect(triggers[2]).toEqual([
      'ConfigurationItemChangeNotification',
      'OversizedConfigurationItemChangeNotification',
    ]);
    expect(triggers[1]).toContain('ScheduledNotification');
    expect(template.Parameters.ConfigRuleScope.Default).toBe('organization');
    expect(resources.HybridNetworkConfigRule.Properties.Source.Owner).toBe('CUSTOM_LAMBDA');
    // An alarm on the dead-letter queue's depth.
    expect(JSON.stringify(resources.AuditDeadLetterAlarm.Properties.Dimensions)).toContain(
      'AuditDeadLetterQueue',
    );
    // BatchImportFindings only for the account's own product.
    expect(JSON.stringify(roles.AuditWorkerRole?.Properties.Policies)).toMatch(
      /"Action":"securityhub:BatchImportFindings","Resource":\{"Fn::Sub":"arn:\$\{AWS::Partition\}:securityhub:\*:\$\{AWS::AccountId\}:product\/\$\{AWS::AccountId\}\/default"\}/,
    );
  });

  it('is ready for day 2: queues keep targets four days, every alarm notifies, the Config rule skips the management account and covers only types Config records', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    // The template is JSON: its properties are read as the free-form values they are.
    const resources = template.Resources as Record<
      string,
      // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON here
      { Type: string; Condition?: string; Properties: Record<string, any> }
    >;
    expect(resources.AuditQueue?.Properties.MessageRetentionPeriod).toBeGreaterThanOrEqual(4 * 24 * 3600);
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'AuditDeadLetterAlarm',
        'ScheduleFailureAlarm',
        'AuditQueueAgeAlarm',
        'TargetsFailedAlarm',
        'AuditWorkerErrorsAlarm',
        'AuditWorkerThrottlesAlarm',
        'ConfigRuleErrorsAlarm',
        'ScheduledAuditErrorsAlarm',
      ]),
    );
    for (const [name, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, name).toHaveLength(1);
      expect(JSON.stringify(alarm.Properties.AlarmActions), name).toContain('AlarmTopic');
    }
    expect(resources.AlarmTopic?.Condition).toBe('CreateAlarmTopic');
    // The Config function: its own share of concurrency, and a place for evaluations that failed.
    expect(resources.ConfigRuleLambdaFunction?.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    const configInvoke = Object.entries(resources).find(
      ([name, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig' && name.startsWith('ConfigRule'),
    )?.[1];
    expect(JSON.stringify(configInvoke?.Properties.DestinationConfig.OnFailure)).toContain(
      'ConfigRuleFailureQueue',
    );
    // The bundles carry no source maps: no flag that would look for them at every cold start.
    for (const [name, r] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function'))
      expect(JSON.stringify(r.Properties.Environment ?? {}), name).not.toContain('enable-source-maps');
    // With an organization id, every role assumes member roles of the organization's accounts only.
    const assumeStatements = Object.values(globalRoles())
      .filter((r) => r.Type === 'AWS::IAM::Role')
      .flatMap((r) =>
        (
          (r.Properties.Policies ?? []) as {
            PolicyDocument: { Statement: { Action: unknown; Condition?: unknown }[] };
          }[]
        ).flatMap(
          (p: { PolicyDocument: { Statement: { Action: unknown; Condition?: unknown }[] } }) =>
            p.PolicyDocument.Statement,
        ),
      )
      .filter((statement: { Action: unknown }) => statement.Action === 'sts:AssumeRole');
    expect(assumeStatements).toHaveLength(3);
    for (const statement of assumeStatements)
      expect(JSON.stringify(statement.Condition)).toContain('aws:ResourceOrgID');
    // The RDS client is read at run time (VPN.5, VPN.7): a dependency, not a devDependency.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(manifest.dependencies['@aws-sdk/client-rds']).toBeDefined();
    // The management account has no member role: the organization rule excludes it unless told otherwise.
    const excluded = resources.HybridNetworkOrganizationConfigRule?.Properties.ExcludedAccounts['Fn::If'];
    expect(excluded[0]).toBe('AuditManagementAccount');
    expect(template.Conditions.AuditManagementAccount).toEqual({
      'Fn::Equals': [{ Ref: 'ManagementAccountAudited' }, 'true'],
    });
    expect(template.Parameters.ManagementAccountAudited.Default).toBe('false');
    expect(JSON.stringify(excluded[2])).toContain('AWS::AccountId');
    // Resource types AWS Config records (AWS Config Developer Guide, "Supported resource types").
    const recorded = new Set([
      'AWS::EC2::Subnet',
      'AWS::EC2::VPC',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::RouteTable',
      'AWS::EC2::NetworkAcl',
      'AWS::EC2::VPCEndpoint',
      'AWS::EC2::VPNConnection',
      'AWS::EC2::VPNGateway',
      'AWS::EC2::TransitGatewayAttachment',
      'AWS::S3::Bucket',
    ]);
    const scopes = [
      resources.HybridNetworkOrganizationConfigRule?.Properties.OrganizationCustomRuleMetadata
        .ResourceTypesScope,
      resources.HybridNetworkConfigRule?.Properties.Scope.ComplianceResourceTypes,
    ] as string[][];
    for (const scope of scopes) for (const type of scope) expect(recorded.has(type), type).toBe(true);
  });

  it('deploys side by side in two regions: the regional part names nothing global, the roles are the global part', () => {
    const first = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { Resources: CfnResources };
    const second = JSON.parse(readFileSync(SECOND_TEMPLATE, 'utf8')) as { Resources: CfnResources };
    for (const template of [first, second]) {
      const types = Object.values(template.Resources).map((r) => r.Type);
      // IAM is global: a role here would collide with the same stack in the next region.
      expect(types.filter((type) => type.startsWith('AWS::IAM::'))).toEqual([]);
    }
    // Names that are global across regions (S3 buckets) carry the region; the rest are regional.
    const bucket = first.Resources.NetworkHandoffBucket?.Properties.BucketName;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own ${…} substitution, read as it is written
    expect(JSON.stringify(bucket)).toContain('${AWS::Region}');
    // The functions of both regions use the one set of roles, by name.
    expect(JSON.stringify(second.Resources.AuditWorkerLambdaFunction?.Properties.Role)).toContain(
      ':role/hna-audit-worker',
    );
    // And the roles grant on every region's queues and bucket by their fixed names.
    const roles = JSON.stringify(globalRoles());
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own ${…} substitution, read as it is written
    expect(roles).toContain('sqs:*:${AWS::AccountId}:hna-audit-${Stage}.fifo');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own ${…} substitution, read as it is written
    expect(roles).toContain('hna-handoff-${AWS::AccountId}-*-${Stage}/runs/*');
    expect(first.Resources.AuditQueue?.Properties.QueueName).toBe('hna-audit-test.fifo');
  });

  it('grants no wildcard action but Describe/List/Get, and no write beyond the listed ones', () => {
    for (const file of [TEMPLATE, 'infra/member-role.yml', 'infra/auditor-roles.yml']) {
      const text = readFileSync(file, 'utf8');
      const template = (file.endsWith('.json') ? JSON.parse(text) : parseCfnYaml(text)) as Parameters<
        typeof inlineStatements
      >[0];
      const statements = inlineStatements(template);
      if (file !== TEMPLATE) expect(statements.length, file).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of [statement.Action].flat()) {
          const verb = action.split(':')[1] ?? '';
          if (action.includes('*')) expect(verb, `${file}: ${action}`).toMatch(/^(Describe|List|Get)/);
          // SearchTransitGatewayRoutes is a read whose verb is neither of the three.
          const read = /^(Describe|List|Get)/.test(verb) || action === 'ec2:SearchTransitGatewayRoutes';
          expect(read || ALLOWED_WRITES.has(action), `${file}: ${action} is a write`).toBe(true);
        }
      }
    }
  });

  it('passes cfn-lint', async () => {
    // W3005: osls itself adds DependsOn on a function's role beside its GetAtt; harmless, not ours to change.
    const outcome = await run(CFN_LINT, [
      '--ignore-checks',
      'W3005',
      '--',
      TEMPLATE,
      SECOND_TEMPLATE,
      'infra/member-role.yml',
      'infra/auditor-roles.yml',
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(outcome.stdout).toBe('');
    expect(outcome.code).toBe(0);
  });
});
