/**
 * The fan-out over an organization (issue 11): only the entries SQS refused are sent
 * again; the management account is skipped by name; targets that can never succeed end
 * as counted skips (region not enabled, Security Hub not enabled), against the emulator
 * with the clients it cannot serve mocked.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditTarget } from '../../lib/lambda/audit-target.js';
import { listTargets, queueTargets } from '../../lib/lambda/dispatch.js';
import { parseDispatchEvent } from '../../lib/lambda/events.js';
import { readSettings } from '../../lib/lambda/settings.js';
import { startEmulator } from '../../scripts/emulator.mjs';
import { startFaultProxy } from '../support/fault-proxy.js';

const event = {
  'detail-type': 'Scheduled Event' as const,
  source: 'aws.events' as const,
  time: '2026-11-22T03:00:00Z',
  id: 'run-1',
};
const settings = (env: Record<string, string> = {}) =>
  readSettings({ HNA_QUEUE_URL: 'https://sqs.example/queue.fifo', HNA_REGIONS: 'eu-west-1', ...env });

describe('dispatch', () => {
  const sqs = mockClient(SQSClient);
  const organizations = mockClient(OrganizationsClient);
  afterEach(() => {
    sqs.reset();
    organizations.reset();
  });

  it('re-sends only the entries SQS refused, with deduplication ids of the run', async () => {
    // Prepare: the first batch refuses entries 1 and 3 (throttled), the retry accepts them.
    const sent: SendMessageBatchRequestEntry[][] = [];
    let call = 0;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: SendMessageBatchRequestEntry[] }) => {
      sent.push(input.Entries);
      call += 1;
      const refused = call === 1 ? new Set(['1', '3']) : new Set<string>();
      return {
        Successful: input.Entries.filter((e) => !refused.has(e.Id ?? '')).map((e) => ({
          Id: e.Id,
          MessageId: 'm',
          MD5OfMessageBody: 'x',
        })),
        Failed: input.Entries.filter((e) => refused.has(e.Id ?? '')).map((e) => ({
          Id: e.Id,
          Code: 'RequestThrottled',
          SenderFault: false,
        })),
      };
    });
    const targets = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-south-1'].map((region) => ({
      accountId: '123456789012',
      region,
    }));
    // Act
    const outcome = await queueTargets(targets, event, {
      settings: settings(),
      sqs: new SQSClient({ region: 'eu-west-1' }),
      organizations: new OrganizationsClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'eu-west-1' }),
      sleep: async () => {},
    });
    // Assess
    expect(outcome).toEqual({ queued: 4, failed: [] });
    expect(sent.map((batch) => batch.length)).toEqual([4, 2]);
    expect(sent[1]?.map((e) => JSON.parse(e.MessageBody ?? '{}').region)).toEqual([
      'us-east-1',
      'ap-south-1',
    ]);
    expect(sent[0]?.[0]).toMatchObject({
      MessageGroupId: '123456789012:eu-west-1',
      MessageDeduplicationId: 'run-1:123456789012:eu-west-1',
    });
  });

  it('gives up on an entry SQS refuses as the sender’s fault, and reports it', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InvalidParameterValue', SenderFault: true, Message: 'bad' }],
    });
    const outcome = await queueTargets([{ accountId: '123456789012', region: 'eu-west-1' }], event, {
      settings: settings(),
      sqs: new SQSClient({ region: 'eu-west-1' }),
      organizations: new OrganizationsClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'eu-west-1' }),
      sleep: async () => {},
    });
    expect(outcome.failed).toEqual([
      {
        target: { accountId: '123456789012', region: 'eu-west-1' },
        code: 'InvalidParameterValue',
        message: 'bad',
      },
    ]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('re-runs one account on demand: a manual event chooses accounts and regions, as a new run each time', async () => {
    // Prepare
    organizations.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '222222222222', State: 'ACTIVE' },
        { Id: '444444444444', State: 'ACTIVE' },
      ],
    });
    organizations
      .on(DescribeOrganizationCommand)
      .resolves({ Organization: { MasterAccountId: '111111111111' } });
    const sent: SendMessageBatchRequestEntry[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: SendMessageBatchRequestEntry[] }) => {
      sent.push(...input.Entries);
      return {
        Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    });
    const deps = {
      settings: settings({ HNA_REGIONS: 'eu-west-1,us-east-1' }),
      sqs: new SQSClient({ region: 'eu-west-1' }),
      organizations: new OrganizationsClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'eu-west-1' }),
      sleep: async () => {},
    };
    let ids = 0;
    const newId = () => {
      ids += 1;
      return `id-${ids}`;
    };
    // Act: the same account re-run twice.
    for (let i = 0; i < 2; i += 1) {
      const run = parseDispatchEvent(
        { accounts: ['444444444444'], regions: ['us-east-1'] },
        new Date(),
        newId,
      );
      const { targets } = await listTargets(deps, '999999999999', run);
      expect(targets).toEqual([{ accountId: '444444444444', region: 'us-east-1' }]);
      await queueTargets(targets, run, deps);
    }
    // Assess: two runs, two deduplication ids, so the second re-run is queued too.
    expect(sent.map((e) => e.MessageDeduplicationId)).toEqual([
      'manual-id-1:444444444444:us-east-1',
      'manual-id-2:444444444444:us-east-1',
    ]);
    // An account or region the auditor does not audit is refused, named.
    const unknown = parseDispatchEvent({ accounts: ['555555555555'] }, new Date(), newId);
    await expect(listTargets(deps, '999999999999', unknown)).rejects.toThrow(
      'accounts: 555555555555 is not an account this auditor audits',
    );
    const region = parseDispatchEvent({ regions: ['ap-south-1'] }, new Date(), newId);
    await expect(listTargets(deps, '999999999999', region)).rejects.toThrow(
      'regions: ap-south-1 is not one of the audited regions (eu-west-1, us-east-1)',
    );
    // A scheduled event keeps its own id: EventBridge's retries of it queue nothing twice.
    expect(parseDispatchEvent(event, new Date(), newId)).toMatchObject({ id: 'run-1', kind: 'scheduled' });
  });

  it('skips the management account by name, unless its member role is deployed', async () => {
    organizations.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '111111111111', State: 'ACTIVE' },
        { Id: '222222222222', State: 'ACTIVE' },
        { Id: '333333333333', State: 'SUSPENDED' },
      ],
    });
    organizations
      .on(DescribeOrganizationCommand)
      .resolves({ Organization: { MasterAccountId: '111111111111' } });
    const deps = (env: Record<string, string> = {}) => ({
      settings: settings(env),
      sqs: new SQSClient({ region: 'eu-west-1' }),
      organizations: new OrganizationsClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'eu-west-1' }),
    });
    const listed = await listTargets(deps(), '999999999999');
    expect(listed.targets).toEqual([{ accountId: '222222222222', region: 'eu-west-1' }]);
    expect(listed.skipped).toEqual([
      expect.objectContaining({
        target: { accountId: '111111111111', region: 'eu-west-1' },
        reason: 'management-account',
      }),
    ]);
    const withRole = await listTargets(deps({ HNA_AUDIT_MANAGEMENT_ACCOUNT: 'true' }), '999999999999');
    expect(withRole.targets).toHaveLength(2);
    expect(withRole.skipped).toEqual([]);
  });
});

describe('targets that can never succeed', () => {
  let emulator: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    emulator = await startEmulator();
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
  });
  const deps = () => ({
    settings: readSettings({ AWS_ENDPOINT_URL: emulator.url, HNA_REGIONS: 'eu-west-1' }),
    sts: new STSClient({
      region: 'eu-west-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    }),
    homeRegion: 'eu-west-1',
  });
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';

  it('refuses a message without the run’s hand-off when network accounts are configured', async () => {
    const withHub = {
      ...deps(),
      settings: readSettings({
        AWS_ENDPOINT_URL: emulator.url,
        HNA_REGIONS: 'eu-west-1',
        HNA_NETWORK_ACCOUNTS: '111122223333',
        HNA_HANDOFF_BUCKET: 'hna-handoff',
        HNA_HANDOFF_BUCKET_OWNER: '123456789012',
      }),
    };
    await expect(
      auditTarget({ accountId: '123456789012', region: 'eu-west-1' }, withHub, new Date()),
    ).rejects.toThrow('names no network inventory although HNA_NETWORK_ACCOUNTS is set');
  });

  it('an account whose member role cannot be assumed is a counted skip, never a retry (STS AccessDenied)', async () => {
    // Prepare: STS answers AssumeRole as it does for a role that is missing or does not trust us.
    const proxy = await startFaultProxy(emulator.url, { seed: 1, deny: ['sts:AssumeRole'] });
    try {
      const sts = new STSClient({
        region: 'eu-west-1',
        endpoint: proxy.url,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      // Act: another account than the emulator's own, so the worker must assume the member role.
      const outcome = await auditTarget(
        { accountId: '111122223333', region: 'eu-west-1' },
        { ...deps(), sts },
        new Date(),
      );
      // Assess
      expect(outcome).toMatchObject({ status: 'skipped', reason: 'member-role-unavailable' });
      expect(outcome.status === 'skipped' && outcome.detail).toContain(
        'arn:aws:iam::111122223333:role/hna-member-audit cannot be assumed (AccessDenied',
      );
    } finally {
      await proxy.stop();
    }
  });

  it('a region not enabled in the member account ends as a counted skip', async () => {
    const ec2 = mockClient(EC2Client);
    ec2
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] });
    try {
      const outcome = await auditTarget(
        { accountId: '123456789012', region: 'ap-east-1' },
        deps(),
        new Date(),
      );
      expect(outcome).toMatchObject({ status: 'skipped', reason: 'region-not-enabled' });
    } finally {
      ec2.restore();
    }
  });

  it('a region denied by a service control policy ends as a counted skip', async () => {
    const ec2 = mockClient(EC2Client);
    ec2
      .onAnyCommand()
      .rejects(
        Object.assign(
          new Error(
            'You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/hna-member-audit/x is not authorized to perform: ec2:DescribeVpcs with an explicit deny in a service control policy',
          ),
          { name: 'UnauthorizedOperation' },
        ),
      );
    try {
      const outcome = await auditTarget(
        { accountId: '123456789012', region: 'eu-west-1' },
        deps(),
        new Date(),
      );
      expect(outcome).toMatchObject({ status: 'skipped', reason: 'region-denied-by-scp' });
      expect(outcome.status === 'skipped' && outcome.detail).toContain('service control policy');
    } finally {
      ec2.restore();
    }
  });

  it('a region without Security Hub ends as a counted skip, with the audit done', async () => {
    const hub = mockClient(SecurityHubClient);
    hub.on(GetFindingsCommand).rejects(
      Object.assign(new Error('Account 123456789012 is not subscribed to AWS Security Hub'), {
        name: 'InvalidAccessException',
      }),
    );
    try {
      const outcome = await auditTarget(
        { accountId: '123456789012', region: 'eu-west-1' },
        deps(),
        new Date(),
      );
      expect(outcome).toMatchObject({ status: 'skipped', reason: 'security-hub-not-enabled' });
      expect(outcome.status === 'skipped' && outcome.report?.results.length).toBeGreaterThan(0);
    } finally {
      hub.restore();
    }
  });
});
