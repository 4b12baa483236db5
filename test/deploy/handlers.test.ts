/**
 * Each function's deployable bundle, imported and invoked with events shaped as
 * AWS documents them, against the local AWS emulator.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, DeleteBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { paginateGetFindings, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startFaultProxy } from '../support/fault-proxy.js';

const run = promisify(execFile);
const endpoint = inject('awsEndpoint');
type Handler = (event: unknown, context: Context) => Promise<unknown>;

function context(name: string, remainingMs = 900_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${name}`,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function load(name: string, tag = ''): Promise<Handler> {
  const module = (await import(`${resolve('dist/functions', `${name}.mjs`)}${tag}`)) as { handler: Handler };
  return module.handler;
}

/**
 * The EMF metrics a handler printed while `act` ran (Powertools writes them to standard output). The
 * test configuration disables metrics; a handler loaded while POWERTOOLS_METRICS_DISABLED is "false"
 * (`withMetrics`) prints them.
 */
async function metricsPrinted<T>(act: () => Promise<T>): Promise<{ result: T | Error; metrics: string[] }> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const result = await act().catch((error: Error) => error);
    const metrics = lines.flatMap((line) =>
      line
        .split('\n')
        .filter((text) => text.includes('"_aws"'))
        .flatMap((text) => {
          const emf = JSON.parse(text) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
          return emf._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => metric.Name));
        }),
    );
    return { result, metrics };
  } finally {
    write.mockRestore();
  }
}

async function withMetrics<T>(act: () => Promise<T>): Promise<T> {
  const before = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  try {
    return await act();
  } finally {
    process.env.POWERTOOLS_METRICS_DISABLED = before;
  }
}

/** The emulator's organization, created once: its id, and one member account. */
let organization: Promise<{ id: string; member: string }> | undefined;
function theOrganization() {
  organization ??= (async () => {
    const client = new OrganizationsClient({ region: 'us-east-1', endpoint });
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const id = (await client.send(new DescribeOrganizationCommand({}))).Organization?.Id as string;
    const created = await client.send(
      new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }),
    );
    return { id, member: created.CreateAccountStatus?.AccountId as string };
  })();
  return organization;
}

/** A Config rule's change event of a VPC in `accountId`, as Config sends it. */
function configChangeEvent(accountId: string) {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify({
      configurationItem: {
        configurationItemCaptureTime: '2026-11-22T03:00:00.000Z',
        configurationItemStatus: 'OK',
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0123456789abcdef0',
        awsRegion: 'us-east-1',
        awsAccountId: accountId,
      },
      notificationCreationTime: '2026-11-22T03:00:01.000Z',
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    }),
    ruleParameters: '{}',
    resultToken: 'TESTMODE',
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:us-east-1:${accountId}:config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/config-rule-abc123`,
    configRuleName: 'OrgConfigRule-hybrid-network-requirements-abc123',
    configRuleId: 'config-rule-abc123',
    accountId,
  };
}

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-22T03:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/hna-schedule'],
  detail: {},
};

describe('Lambda bundles against the emulator', () => {
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs']);
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      HNA_ACCOUNTS: '123456789012',
      HNA_REGIONS: 'us-east-1',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_NAMESPACE: 'HybridNetworkAuditor',
    });
  }, 120_000);

  it('a scheduled run queues one message per target, a repeated run queues none twice, and the worker writes findings', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    const queue = await sqs.send(
      new CreateQueueCommand({ QueueName: 'hna-audit.fifo', Attributes: { FifoQueue: 'true' } }),
    );
    process.env.HNA_QUEUE_URL = queue.QueueUrl;
    process.env.HNA_REGIONS = 'us-east-1,eu-west-1';
    try {
      // Act: the schedule fires, and EventBridge retries the same event.
      const handler = await load('scheduled-audit', '?with-queue');
      expect(await handler(scheduledEvent, context('scheduled-audit'))).toEqual({
        targets: 2,
        queued: 2,
        skipped: 0,
      });
      await handler(scheduledEvent, context('scheduled-audit'));
      // Assess: each target once.
      const messages = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10 }),
      );
      expect(
        messages.Messages?.map((m) => JSON.parse(m.Body ?? '{}')).sort((a, b) =>
          a.region.localeCompare(b.region),
        ),
      ).toEqual([
        { accountId: '123456789012', region: 'eu-west-1' },
        { accountId: '123456789012', region: 'us-east-1' },
      ]);
      // Act: the worker takes the us-east-1 message as the SQS event source hands it over.
      const message = messages.Messages?.find((m) => m.Body?.includes('us-east-1'));
      const worker = await load('audit-worker');
      const outcome = await worker(
        { Records: [{ messageId: message?.MessageId, body: message?.Body, eventSource: 'aws:sqs' }] },
        context('audit-worker'),
      );
      // Assess: no failure, and the findings are in Security Hub.
      expect(outcome).toEqual({ batchItemFailures: [] });
      const client = new SecurityHubClient({ region: 'us-east-1', endpoint });
      const findings = [];
      for await (const page of paginateGetFindings({ client }, {})) findings.push(...(page.Findings ?? []));
      expect(findings.length).toBeGreaterThan(0);
      expect(
        findings.every((f) => f.GeneratorId?.startsWith('hna/') && f.AwsAccountId === '123456789012'),
      ).toBe(true);
    } finally {
      delete process.env.HNA_QUEUE_URL;
      process.env.HNA_REGIONS = 'us-east-1';
    }
  });

  it('with a network account, a run collects its hub once, hands it off in S3, and each worker reads it', async () => {
    // Prepare: the network account is another account of the emulator, reached through its member role.
    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'hna-handoff' }));
    const assumed = await new STSClient({ region: 'us-east-1', endpoint }).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/hna-member-audit',
        RoleSessionName: 'seed',
      }),
    );
    const hub = new EC2Client({
      region: 'us-east-1',
      endpoint,
      credentials: {
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken ?? '',
      },
    });
    const tgw = (await hub.send(new CreateTransitGatewayCommand({ Description: 'acme-hub' }))).TransitGateway;
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    const queue = await sqs.send(
      new CreateQueueCommand({ QueueName: 'hna-network.fifo', Attributes: { FifoQueue: 'true' } }),
    );
    Object.assign(process.env, {
      HNA_QUEUE_URL: queue.QueueUrl,
      HNA_NETWORK_ACCOUNTS: '111122223333',
      HNA_HANDOFF_BUCKET: 'hna-handoff',
      HNA_HANDOFF_BUCKET_OWNER: '123456789012',
    });
    try {
      // Act: the schedule fires.
      const dispatch = await load('scheduled-audit', '?with-network');
      await dispatch({ ...scheduledEvent, id: 'run-network' }, context('scheduled-audit'));
      // Assess: the message names the run's object, which holds the network account's hub.
      const messages = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10 }),
      );
      const bodies = (messages.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
      expect(bodies).toEqual([
        {
          accountId: '123456789012',
          region: 'us-east-1',
          networkInventory: 'runs/run-network/network-inventory.json',
        },
      ]);
      const object = await s3.send(
        new GetObjectCommand({ Bucket: 'hna-handoff', Key: 'runs/run-network/network-inventory.json' }),
      );
      const handedOff = JSON.parse((await object.Body?.transformToString()) ?? '{}') as {
        snapshots: {
          accountId: string;
          regions: Record<string, { ec2?: { TransitGateways?: { TransitGatewayId: string }[] } }>;
        }[];
      };
      expect(handedOff.snapshots.map((snapshot) => snapshot.accountId)).toEqual(['111122223333']);
      expect(
        handedOff.snapshots[0]?.regions['us-east-1']?.ec2?.TransitGateways?.map((g) => g.TransitGatewayId),
      ).toEqual([tgw?.TransitGatewayId]);
      // Act: the worker takes the message; and one naming a run whose hand-off is gone.
      const worker = await load('audit-worker', '?with-network');
      const outcome = await worker(
        {
          Records: [
            { messageId: 'with-hub', body: messages.Messages?.[0]?.Body },
            {
              messageId: 'hub-missing',
              body: JSON.stringify({
                accountId: '123456789012',
                region: 'us-east-1',
                networkInventory: 'runs/run-gone/network-inventory.json',
              }),
            },
          ],
        },
        context('audit-worker'),
      );
      // Assess: audited with the hub; the other is left to SQS, never audited without the hub.
      expect(outcome).toEqual({ batchItemFailures: [{ itemIdentifier: 'hub-missing' }] });
    } finally {
      for (const name of [
        'HNA_QUEUE_URL',
        'HNA_NETWORK_ACCOUNTS',
        'HNA_HANDOFF_BUCKET',
        'HNA_HANDOFF_BUCKET_OWNER',
      ])
        delete process.env[name];
    }
  }, 120_000);

  it('refuses to run without a queue', async () => {
    const handler = await load('scheduled-audit', '?without-queue');
    await expect(handler(scheduledEvent, context('scheduled-audit'))).rejects.toThrow(
      'HNA_QUEUE_URL is not set',
    );
  });

  it('a manual re-run event queues the account and region it names, as a new run each time', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    const queue = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: 'hna-rerun.fifo', Attributes: { FifoQueue: 'true' } }),
      )
    ).QueueUrl;
    process.env.HNA_QUEUE_URL = queue;
    process.env.HNA_REGIONS = 'us-east-1,eu-west-1';
    try {
      const handler = await load('scheduled-audit', '?rerun');
      const rerun = { accounts: ['123456789012'], regions: ['eu-west-1'] };
      // Act: the operator re-runs one account's region twice (aws lambda invoke with this payload).
      expect(await handler(rerun, context('scheduled-audit'))).toEqual({ targets: 1, queued: 1, skipped: 0 });
      expect(await handler(rerun, context('scheduled-audit'))).toEqual({ targets: 1, queued: 1, skipped: 0 });
      // Assess: both runs reached the queue (new run ids, so no deduplication), for that region only.
      const messages = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10 }),
      );
      expect(messages.Messages?.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
        { accountId: '123456789012', region: 'eu-west-1' },
        { accountId: '123456789012', region: 'eu-west-1' },
      ]);
      // An account the auditor does not audit is refused, naming it.
      await expect(handler({ accounts: ['999999999999'] }, context('scheduled-audit'))).rejects.toThrow(
        'accounts: 999999999999 is not an account this auditor audits',
      );
    } finally {
      delete process.env.HNA_QUEUE_URL;
    }
  });

  it('a run dispatched in full queues nothing again, even after the FIFO deduplication window', async () => {
    // Prepare: the hand-off bucket keeps the run's marker.
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'hna-handoff-markers' }));
    const queueNamed = async (name: string) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } })))
        .QueueUrl;
    const first = await queueNamed('hna-first.fifo');
    const later = await queueNamed('hna-later.fifo');
    const event = { ...scheduledEvent, id: 'run-beyond-the-window' };
    process.env.HNA_REGIONS = 'us-east-1,eu-west-1';
    process.env.HNA_HANDOFF_BUCKET = 'hna-handoff-markers';
    process.env.HNA_HANDOFF_BUCKET_OWNER = '123456789012';
    try {
      process.env.HNA_QUEUE_URL = first;
      const handler = await load('scheduled-audit', '?markers-first');
      expect(await handler(event, context('scheduled-audit'))).toEqual({ targets: 2, queued: 2, skipped: 0 });
      // Act: EventBridge retries the same event after the deduplication window — simulated by a queue
      // that has never seen the run, which would accept every message again.
      process.env.HNA_QUEUE_URL = later;
      const retried = await load('scheduled-audit', '?markers-later');
      expect(await retried(event, context('scheduled-audit'))).toEqual({ targets: 0, queued: 0, skipped: 0 });
      // Assess: nothing reached the later queue.
      const messages = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: later, MaxNumberOfMessages: 10 }),
      );
      expect(messages.Messages ?? []).toEqual([]);
      // A new run (another event id) is dispatched as usual.
      expect(await retried({ ...event, id: 'the-next-run' }, context('scheduled-audit'))).toMatchObject({
        queued: 2,
      });
    } finally {
      delete process.env.HNA_HANDOFF_BUCKET;
      delete process.env.HNA_HANDOFF_BUCKET_OWNER;
      delete process.env.HNA_QUEUE_URL;
    }
  });

  it('rejects an event that is neither a scheduled event nor a manual re-run', async () => {
    const handler = await load('scheduled-audit');
    await expect(handler({ hello: 'world' }, context('scheduled-audit'))).rejects.toThrow(
      /^manual re-run event: .*hello/,
    );
    await expect(
      handler({ source: 'aws.events', 'detail-type': 'Object Created' }, context('scheduled-audit')),
    ).rejects.toThrow('scheduled event: detail-type: expected one of "Scheduled Event"');
    await expect(handler({ accounts: ['12345'] }, context('scheduled-audit'))).rejects.toThrow(
      'manual re-run event: accounts[0]: expected a 12-digit account id',
    );
  });

  it('worker reports exactly the poisoned message of a batch as failed', async () => {
    const handler = await load('audit-worker');
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: `handle-${messageId}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1700000000000',
        SenderId: 'AIDA',
        ApproximateFirstReceiveTimestamp: '1700000000000',
      },
      messageAttributes: {},
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:hna-audit',
      awsRegion: 'us-east-1',
    });
    const outcome = await handler(
      {
        Records: [
          record('good', JSON.stringify({ accountId: '123456789012', region: 'eu-west-1' })),
          record('poison', 'not json'),
        ],
      },
      context('audit-worker'),
    );
    expect(outcome).toEqual({ batchItemFailures: [{ itemIdentifier: 'poison' }] });
  });

  it('worker leaves targets to SQS when the deadline is near', async () => {
    const handler = await load('audit-worker');
    const outcome = await handler(
      {
        Records: [
          { messageId: 'late', body: JSON.stringify({ accountId: '123456789012', region: 'us-east-1' }) },
        ],
      },
      context('audit-worker', 10_000),
    );
    expect(outcome).toEqual({ batchItemFailures: [{ itemIdentifier: 'late' }] });
  });

  it('Config rule writes evaluations for a change, and NOT_APPLICABLE for a deleted resource', async () => {
    // Prepare: a VPC with a private-DNS endpoint, so that the region has resources Config can be told about.
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint });
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }));
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId, CidrBlock: '10.70.1.0/24' }),
    );
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc.Vpc?.VpcId,
        ServiceName: 'com.amazonaws.us-east-1.drs',
        VpcEndpointType: 'Interface',
        SubnetIds: [subnet.Subnet?.SubnetId as string],
        PrivateDnsEnabled: true,
      }),
    );
    const handler = await load('config-rule');
    const vpcId = vpc.Vpc?.VpcId as string;
    const item = (status: string) => ({
      configurationItem: {
        configurationItemCaptureTime: '2026-11-22T03:00:00.000Z',
        configurationItemStatus: status,
        resourceType: 'AWS::EC2::VPC',
        resourceId: vpcId,
        awsRegion: 'us-east-1',
        awsAccountId: '123456789012',
      },
      notificationCreationTime: '2026-11-22T03:00:01.000Z',
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    });
    const event = (status: string) => ({
      version: '1.0',
      invokingEvent: JSON.stringify(item(status)),
      ruleParameters: JSON.stringify({
        sourceCidrs: '10.20.0.0/16',
        dataSync: '{"concurrentTasksPerAgent": 2}',
      }),
      resultToken: 'TESTMODE',
      eventLeftScope: false,
      executionRoleArn: 'arn:aws:iam::123456789012:role/config-role',
      configRuleArn: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-0123456',
      configRuleName: 'hybrid-network-requirements',
      configRuleId: 'config-rule-0123456',
      accountId: '123456789012',
    });
    // A change evaluates the resource that changed, and nothing else.
    const changed = (await handler(event('OK'), context('config-rule'))) as {
      evaluations: number;
      evaluated: string[];
    };
    expect(changed.evaluations).toBe(1);
    expect(changed.evaluated).toEqual([
      expect.stringMatching(new RegExp(`^AWS::EC2::VPC ${vpcId} (NON_)?COMPLIANT$`)),
    ]);
    expect(await handler(event('ResourceDeleted'), context('config-rule'))).toMatchObject({
      trigger: 'change',
      evaluations: 1,
      evaluated: [`AWS::EC2::VPC ${vpcId} NOT_APPLICABLE`],
    });
    // The periodic trigger evaluates the region.
    const periodic = (await handler(
      {
        ...event('OK'),
        invokingEvent: JSON.stringify({
          messageType: 'ScheduledNotification',
          notificationCreationTime: '2026-11-22T03:00:01.000Z',
        }),
      },
      context('config-rule'),
    )) as { trigger: string; evaluated: string[] };
    expect(periodic.trigger).toBe('periodic');
    expect(periodic.evaluated.some((e) => e.startsWith(`AWS::EC2::VPC ${vpcId} `))).toBe(true);
    await expect(handler({ resultToken: 'TESTMODE' }, context('config-rule'))).rejects.toThrow(
      'Config rule event: invokingEvent: required string',
    );
  });

  it('Config rule refuses an event from an account it does not audit', async () => {
    const audited = process.env.HNA_ACCOUNTS;
    process.env.HNA_ACCOUNTS = '111122223333';
    try {
      const handler = await load('config-rule', '?only-configured');
      const event = {
        version: '1.0',
        invokingEvent: JSON.stringify({
          messageType: 'ScheduledNotification',
          notificationCreationTime: '2026-11-22T03:00:01.000Z',
        }),
        ruleParameters: '{}',
        resultToken: 'TESTMODE',
        eventLeftScope: false,
        executionRoleArn: 'arn:aws:iam::123456789012:role/config-role',
        configRuleArn: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-0123456',
        configRuleName: 'hybrid-network-requirements',
        configRuleId: 'config-rule-0123456',
        accountId: '123456789012',
      };
      // Refused and counted, not an error: Lambda would retry an error twice and fill the failure queue.
      expect(await handler(event, context('config-rule'))).toMatchObject({
        status: 'refused',
        reason: 'not-an-audited-account',
        detail:
          'Config event from account 123456789012, which is not one of the audited accounts (HNA_ACCOUNTS): refused',
      });
    } finally {
      process.env.HNA_ACCOUNTS = audited;
    }
  });
  it('a deleted hand-off bucket is reported (HandoffBucketMissing) and queues no work; a worker naming it fails', async () => {
    // Prepare: the stack's bucket existed, and was deleted.
    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'hna-handoff-deleted' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'hna-handoff-deleted' }));
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    const queue = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: 'hna-bucket-gone.fifo', Attributes: { FifoQueue: 'true' } }),
      )
    ).QueueUrl;
    Object.assign(process.env, {
      HNA_QUEUE_URL: queue,
      HNA_HANDOFF_BUCKET: 'hna-handoff-deleted',
      HNA_HANDOFF_BUCKET_OWNER: '123456789012',
    });
    try {
      // Act: the schedule fires.
      const dispatch = await withMetrics(() => load('scheduled-audit', '?bucket-gone'));
      const dispatched = await metricsPrinted(() =>
        dispatch({ ...scheduledEvent, id: 'run-bucket-gone' }, context('scheduled-audit')),
      );
      // Assess: a clear failure naming the bucket, its own metric, no heartbeat, and nothing queued.
      expect(dispatched.result).toBeInstanceOf(Error);
      expect((dispatched.result as Error).message).toMatch(
        /^s3:\/\/hna-handoff-deleted: the hand-off bucket does not exist/,
      );
      expect(dispatched.metrics).toContain('HandoffBucketMissing');
      expect(dispatched.metrics).not.toContain('ScheduledRunsDispatched');
      expect(dispatched.metrics).not.toContain('TargetsQueued');
      const messages = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10 }),
      );
      expect(messages.Messages ?? []).toEqual([]);
      // Act: a worker takes a message of an earlier run, whose hand-off was in that bucket.
      const worker = await withMetrics(() => load('audit-worker', '?bucket-gone'));
      const audited = await metricsPrinted(() =>
        worker(
          {
            Records: [
              {
                messageId: 'earlier-run',
                body: JSON.stringify({
                  accountId: '123456789012',
                  region: 'us-east-1',
                  networkInventory: 'runs/earlier/network-inventory.json',
                }),
              },
            ],
          },
          context('audit-worker'),
        ),
      );
      // Assess: the message goes back to SQS (never audited without the hub), and the bucket is reported.
      expect(audited.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'earlier-run' }] });
      expect(audited.metrics).toContain('HandoffBucketMissing');
    } finally {
      for (const name of ['HNA_QUEUE_URL', 'HNA_HANDOFF_BUCKET', 'HNA_HANDOFF_BUCKET_OWNER'])
        delete process.env[name];
    }
  });

  it('a scheduled run dispatched in full beats the heartbeat; a manual re-run does not', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint });
    process.env.HNA_QUEUE_URL = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: 'hna-heartbeat.fifo', Attributes: { FifoQueue: 'true' } }),
      )
    ).QueueUrl;
    process.env.HNA_REGIONS = 'us-east-1';
    try {
      const dispatch = await withMetrics(() => load('scheduled-audit', '?heartbeat'));
      const scheduled = await metricsPrinted(() =>
        dispatch({ ...scheduledEvent, id: 'run-heartbeat' }, context('scheduled-audit')),
      );
      expect(scheduled.result).toEqual({ targets: 1, queued: 1, skipped: 0 });
      expect(scheduled.metrics).toContain('ScheduledRunsDispatched');
      const manual = await metricsPrinted(() =>
        dispatch({ accounts: ['123456789012'] }, context('scheduled-audit')),
      );
      expect(manual.result).toEqual({ targets: 1, queued: 1, skipped: 0 });
      expect(manual.metrics).not.toContain('ScheduledRunsDispatched');
    } finally {
      delete process.env.HNA_QUEUE_URL;
    }
  });

  it('a Config event of an account outside the organization is refused, counted, before any role is assumed', async () => {
    // Prepare: the organization exists; every call of the function is seen by a recording proxy.
    const { id } = await theOrganization();
    const proxy = await startFaultProxy(endpoint, { seed: 1 });
    const audited = process.env.HNA_ACCOUNTS;
    Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.url, HNA_ORGANIZATION_ID: id, HNA_ACCOUNTS: '' });
    try {
      const handler = await withMetrics(() => load('config-rule', '?outsider'));
      // Act: Config of an account of another organization invokes the function.
      const { result, metrics } = await metricsPrinted(() =>
        handler(configChangeEvent('444455556666'), context('config-rule')),
      );
      // Assess: refused, not an error (no retry, nothing in the failure queue), and counted.
      expect(result).toMatchObject({
        status: 'refused',
        accountId: '444455556666',
        reason: 'outside-organization',
      });
      expect(metrics).toContain('ConfigEventsRefused');
      // Organizations was asked; STS never assumed a role, and nothing was evaluated.
      expect(proxy.counts.byOperation.get('organizations:DescribeAccount')).toBe(1);
      expect(proxy.counts.byOperation.has('sts:AssumeRole')).toBe(false);
      expect(proxy.counts.byOperation.has('config:PutEvaluations')).toBe(false);
    } finally {
      Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, HNA_ACCOUNTS: audited });
      delete process.env.HNA_ORGANIZATION_ID;
      await proxy.stop();
    }
  });

  it('a Config event of a member account without the member role is a counted skip, not an error and retries', async () => {
    // Prepare: an account of the organization where STS refuses the role (not deployed there yet).
    const { id, member } = await theOrganization();
    const proxy = await startFaultProxy(endpoint, { seed: 1, deny: ['sts:AssumeRole'] });
    const audited = process.env.HNA_ACCOUNTS;
    Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.url, HNA_ORGANIZATION_ID: id, HNA_ACCOUNTS: '' });
    try {
      const handler = await withMetrics(() => load('config-rule', '?role-missing'));
      // Act
      const { result, metrics } = await metricsPrinted(() =>
        handler(configChangeEvent(member), context('config-rule')),
      );
      // Assess: a skip with its reason, counted; the role was tried once, no evaluation was sent.
      expect(result).toMatchObject({
        status: 'skipped',
        accountId: member,
        reason: 'member-role-unavailable',
      });
      expect(metrics).toContain('ConfigEventsSkipped');
      expect(proxy.counts.byOperation.get('sts:AssumeRole')).toBe(1);
      expect(proxy.counts.byOperation.has('config:PutEvaluations')).toBe(false);
    } finally {
      Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, HNA_ACCOUNTS: audited });
      delete process.env.HNA_ORGANIZATION_ID;
      await proxy.stop();
    }
  });
});
