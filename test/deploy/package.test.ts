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
import { CFN_LINT, installCheckov } from '../../scripts/emulator.mjs';

type CfnResources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type CfnTemplate = { Resources: CfnResources };

/** The auditor's roles: the global part of the deployment (infra/auditor-roles.yml). */
function globalRoles(): CfnResources {
  return (parseCfnYaml(readFileSync('infra/auditor-roles.yml', 'utf8')) as { Resources: CfnResources })
    .Resources;
}

const run = promisify(execFile);
const TEMPLATE = '.serverless/cloudformation-template-update-stack.json';
const SECOND_REGION = mkdtempSync(join(tmpdir(), 'hna-osls-us-east-1-'));
const SECOND_TEMPLATE = join(SECOND_REGION, 'cloudformation-template-update-stack.json');
/** The two parameters without a default: the organization, and the external id generated for this deployment. */
const REQUIRED = ['--param=organizationId=o-a1b2c3d4e5', '--param=externalId=3f9c1d6e8a2b4c7d9e0f1a2b'];
/** No credentials anywhere: packaging must not need AWS. */
function offline() {
  const home = mkdtempSync(join(tmpdir(), 'hna-osls-'));
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  };
}

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
    rmSync('.serverless', { recursive: true, force: true });
    const env = offline();
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
        ...REQUIRED,
      ],
      { env, timeout: 240_000 },
    );
    await run('npx', ['--no-install', 'osls', 'package', '--stage', 'test', ...REQUIRED], {
      env,
      timeout: 240_000,
    });
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

  it('alarms can reach someone: the topic’s key is ours and admits CloudWatch, never alias/aws/sns', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON here
    const resources = template.Resources as Record<string, { Condition?: string; Properties: any }>;
    const topicKey = resources.AlarmTopic?.Properties.KmsMasterKeyId;
    expect(JSON.stringify(topicKey)).not.toContain('alias/aws/');
    // Encrypted with the stack's key, unless alarmTopicEncryption=none is chosen: kms is the default.
    expect(topicKey).toEqual({
      'Fn::If': ['EncryptAlarmTopic', { Ref: 'AlarmTopicKey' }, { Ref: 'AWS::NoValue' }],
    });
    expect(template.Parameters.AlarmTopicEncryption.Default).toBe('kms');
    expect(resources.AlarmTopicKey?.Condition).toBe('EncryptAlarmTopic');
    const key = resources.AlarmTopicKey;
    if (key === undefined) throw new Error('no AlarmTopicKey in the template');
    const admitsCloudWatch = (
      key.Properties.KeyPolicy.Statement as {
        Effect: string;
        Principal: { Service?: string };
        Action: string[];
      }[]
    ).find((statement) => statement.Principal.Service === 'cloudwatch.amazonaws.com');
    expect(admitsCloudWatch?.Effect).toBe('Allow');
    expect(admitsCloudWatch?.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
    expect(resources.AlarmTopicKey?.Properties.EnableKeyRotation).toBe(true);
  });

  it('coverage cannot shrink silently: heartbeat, skipped share and failed imports breach on missing data, every metric an alarm reads is emitted by the code', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON here
    const resources = template.Resources as Record<string, { Type: string; Properties: any }>;
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const breaching = alarms.filter(([, r]) => r.Properties.TreatMissingData === 'breaching').map(([n]) => n);
    expect(breaching.sort()).toEqual([
      'FindingsFailedAlarm',
      'ScheduledRunHeartbeatAlarm',
      'SkippedTargetsAlarm',
    ]);
    // The heartbeat's window covers one period of the default schedule (12 hours) and a margin.
    expect(resources.ScheduledRunHeartbeatAlarm?.Properties.Period).toBeGreaterThan(12 * 3600);
    expect(resources.ScheduledRunHeartbeatAlarm?.Properties.Period).toBeLessThanOrEqual(86_400);
    // The Config rule's failure queue has its alarm; so has a missing hand-off bucket.
    expect(JSON.stringify(resources.ConfigRuleFailureAlarm?.Properties.Dimensions)).toContain(
      'ConfigRuleFailureQueue',
    );
    expect(resources.HandoffBucketMissingAlarm?.Properties.MetricName).toBe('HandoffBucketMissing');
    // A transient failure is retried by SQS and does not page.
    expect(resources.TargetsFailedAlarm?.Properties.Threshold).toBeGreaterThan(0);
    // Every metric of our namespace that an alarm reads is one the functions emit (by name, in the code).
    const code = ['lib/lambda/observability.ts', 'functions/scheduled-audit.ts', 'functions/audit-worker.ts']
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const read = alarms.flatMap(([, r]) => [
      ...(r.Properties.Namespace === 'HybridNetworkAuditor' ? [r.Properties.MetricName as string] : []),
      ...(
        (r.Properties.Metrics ?? []) as {
          MetricStat?: { Metric: { Namespace: string; MetricName: string } };
        }[]
      )
        .filter((m) => m.MetricStat?.Metric.Namespace === 'HybridNetworkAuditor')
        .map((m) => m.MetricStat?.Metric.MetricName as string),
    ]);
    expect(read.length).toBeGreaterThanOrEqual(5);
    for (const metric of read) expect(code, metric).toMatch(new RegExp(`addMetric\\(\\s*'${metric}'`));
  });

  it('only our organization drives it: Config permission conditioned, OrganizationId and the external id required, S3 grants of our account only', async () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON here
    const resources = template.Resources as Record<string, { Properties: any }>;
    // An account rule: this account's Config rules only; an organization rule: refused in code (README).
    const permission = resources.ConfigRuleInvokePermission?.Properties;
    expect(permission.SourceAccount).toEqual({
      'Fn::If': ['OrganizationConfigRule', { Ref: 'AWS::NoValue' }, { Ref: 'AWS::AccountId' }],
    });
    expect(JSON.stringify(permission.SourceArn['Fn::If'][2])).toContain(':config-rule/*');
    // OrganizationId: no empty default anywhere; a pattern that refuses the empty string.
    const pattern = new RegExp(template.Parameters.OrganizationId.AllowedPattern);
    expect(pattern.test('')).toBe(false);
    expect(pattern.test('o-a1b2c3d4e5')).toBe(true);
    for (const file of ['infra/auditor-roles.yml', 'infra/member-role.yml']) {
      const parameters = (
        parseCfnYaml(readFileSync(file, 'utf8')) as { Parameters: Record<string, Record<string, unknown>> }
      ).Parameters;
      expect(parameters.OrganizationId?.Default, file).toBeUndefined();
      expect(new RegExp(String(parameters.OrganizationId?.AllowedPattern)).test(''), file).toBe(false);
    }
    // The external id: no default in serverless.yml, so each deployment brings its own.
    const service = parseCfnYaml(readFileSync('serverless.yml', 'utf8')) as {
      params: { default: Record<string, unknown> };
    };
    expect(service.params.default).not.toHaveProperty('externalId');
    expect(service.params.default).not.toHaveProperty('organizationId');
    expect(template.Parameters.ExternalId.NoEcho).toBe(true);
    // Packaging without them fails, naming them.
    const refused = await run(
      'npx',
      [
        '--no-install',
        'osls',
        'package',
        '--stage',
        'test',
        '--package',
        mkdtempSync(join(tmpdir(), 'hna-osls-no-org-')),
      ],
      {
        env: offline(),
        timeout: 240_000,
      },
    ).then(
      () => ({ stdout: 'packaged', stderr: '' }),
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(`${refused.stdout}${refused.stderr}`).toContain('resources.Parameters.OrganizationId.Default');
    expect(`${refused.stdout}${refused.stderr}`).toContain('resources.Parameters.ExternalId.Default');
    // Every grant on the hand-off bucket is for a bucket of the auditor account (aws:ResourceAccount).
    const s3Grants = Object.values(globalRoles())
      .flatMap(
        (r) =>
          (r.Properties.Policies ?? []) as {
            PolicyDocument: { Statement: { Action: unknown; Condition?: unknown }[] };
          }[],
      )
      .flatMap((p) => p.PolicyDocument.Statement)
      .filter(
        (statement) =>
          JSON.stringify(statement.Action).includes('s3:') &&
          JSON.stringify(statement).includes('hna-handoff'),
      );
    expect(s3Grants.length).toBeGreaterThanOrEqual(4);
    for (const grant of s3Grants)
      expect(grant.Condition).toEqual({ StringEquals: { 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } } });
    // The functions send the owner they expect with every S3 call.
    expect(
      resources.AuditWorkerLambdaFunction?.Properties.Environment.Variables.HNA_HANDOFF_BUCKET_OWNER,
    ).toEqual({
      Ref: 'AWS::AccountId',
    });
  }, 300_000);

  it('fits one stack per region: each audits its own region by default; buckets log access and expire', () => {
    const first = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    const second = JSON.parse(readFileSync(SECOND_TEMPLATE, 'utf8'));
    expect(first.Resources.ScheduledAuditLambdaFunction.Properties.Environment.Variables.HNA_REGIONS).toBe(
      'eu-west-1',
    );
    expect(second.Resources.ScheduledAuditLambdaFunction.Properties.Environment.Variables.HNA_REGIONS).toBe(
      'us-east-1',
    );
    // Security Hub S3.9 on the hand-off and deployment buckets, and a lifecycle rule on the deployment bucket.
    for (const bucket of ['NetworkHandoffBucket', 'ServerlessDeploymentBucket']) {
      expect(first.Resources[bucket].Properties.LoggingConfiguration, bucket).toEqual({
        DestinationBucketName: { Ref: 'AccessLogBucket' },
        LogFilePrefix: expect.any(String),
      });
      expect(first.Resources[bucket].Properties.LifecycleConfiguration.Rules[0].Status, bucket).toBe(
        'Enabled',
      );
    }
    // Log groups kept a year by default, and tagged with it.
    for (const group of ['ScheduledAuditLogGroup', 'AuditWorkerLogGroup', 'ConfigRuleLogGroup']) {
      expect(first.Resources[group].Properties.RetentionInDays, group).toBeGreaterThanOrEqual(365);
      expect(first.Resources[group].Properties.Tags, group).toContainEqual({
        Key: 'retention-days',
        Value: '365 days',
      });
    }
  });

  it('gives every alarm a runbook entry: what it means, how to diagnose, how to tell it is resolved', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as CfnTemplate;
    const runbook = readFileSync('docs/runbook.md', 'utf8');
    const entries = runbook.split(/^### /m).slice(1);
    const alarms = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .map(([name]) => name);
    expect(alarms.length).toBeGreaterThanOrEqual(15);
    for (const alarm of alarms) {
      const entry = entries.find((text) => (text.split('\n')[0] ?? '').includes(alarm));
      expect(entry, `${alarm}: no "### ${alarm}" entry in docs/runbook.md`).toBeDefined();
      for (const part of ['**Means**', '**Diagnose**', '**Resolved**'])
        expect(entry, `${alarm}: ${part}`).toContain(part);
    }
    // The output the runbook reads the Config rule's failure queue from.
    expect(Object.keys((template as { Outputs?: Record<string, unknown> }).Outputs ?? {})).toContain(
      'ConfigRuleFailureQueueUrl',
    );
  });

  it('passes Checkov: no finding that applies, each one that does not suppressed on its resource with the reason', async () => {
    // Installed on first use in its own virtual environment (scripts/emulator.mjs); seconds once installed.
    const checkov = installCheckov();
    const files = [TEMPLATE, SECOND_TEMPLATE, 'infra/member-role.yml', 'infra/auditor-roles.yml'];
    const outcome = await run(
      checkov,
      [...files.flatMap((file) => ['-f', file]), '--framework', 'cloudformation', '--output', 'json'],
      { maxBuffer: 64 * 2 ** 20, timeout: 300_000 },
    ).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const report = JSON.parse(outcome) as {
      summary: { passed: number; failed: number; skipped: number };
      results: {
        failed_checks: { check_id: string; resource: string }[];
        skipped_checks: { check_id: string; resource: string; check_result: { suppress_comment?: string } }[];
      };
    };
    expect(report.results.failed_checks.map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
    expect(report.summary.passed).toBeGreaterThan(50);
    for (const skipped of report.results.skipped_checks)
      expect(
        skipped.check_result.suppress_comment?.length ?? 0,
        `${skipped.check_id} ${skipped.resource}`,
      ).toBeGreaterThan(20);
  }, 600_000);

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
