/**
 * One account, one verdict (issue 21): the command line, the scheduled worker and the Config
 * rule judge the example's two accounts (the landing zone and its network account) through
 * one service, and give identical results. The worker and the Config rule read each region
 * as their collection would hand it over (the account's snapshot of that region); the run's
 * network inventory comes from the hand-off bucket, the Config rule's through `runs/latest.json`.
 */
import { readFileSync } from 'node:fs';
import { ConfigServiceClient, type Evaluation, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { auditTarget } from '../../lib/lambda/audit-target.js';
import { evaluateConfigEvent } from '../../lib/lambda/config-rule.js';
import { readSettings } from '../../lib/lambda/settings.js';
import { toEvaluations } from '../../lib/report/config-evaluations.js';
import { runHna } from '../support/cli-harness.js';
import { loadExample, loadNetworkExample, NOW } from '../support/fixtures.js';

const LANDING_ZONE = 'examples/hybrid-landing-zone.json';
const NETWORK = 'examples/network-account.json';
const CONFIG = readFileSync('examples/hna.config.json', 'utf8');
const BUCKET = 'hna-handoff';
const HANDOFF = 'runs/equality-run/network-inventory.json';

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const ec2 = mockClient(EC2Client);
const hub = mockClient(SecurityHubClient);
const config = mockClient(ConfigServiceClient);
afterEach(() => {
  for (const mock of [sts, s3, ec2, hub, config]) mock.reset();
});
// The unit project shares modules between files (isolate: false): leave the clients real.
afterAll(() => {
  for (const mock of [sts, s3, ec2, hub, config]) mock.restore();
});

/** The snapshot of one region, as collecting only that region gives it (the global lists with it). */
function regionOf(snapshot: Snapshot, region: string): Snapshot {
  const regions = snapshot.regions ?? {};
  const [home] = Object.keys(regions);
  const inventory = regions[region];
  if (inventory === undefined) throw new Error(`${snapshot.accountId} has no ${region}`);
  const globalDirectConnect = home === undefined ? {} : regions[home]?.directconnect;
  return {
    ...snapshot,
    regions: {
      [region]: {
        ...inventory,
        ...(globalDirectConnect === undefined
          ? {}
          : {
              directconnect: {
                DirectConnectGateways: globalDirectConnect.DirectConnectGateways,
                DirectConnectGatewayAssociations: globalDirectConnect.DirectConnectGatewayAssociations,
                ...inventory.directconnect,
              },
            }),
      },
    },
    errors: (snapshot.errors ?? []).filter((error) => error.region === region),
  };
}

/** AWS as the functions see it: themselves in the account audited, the hand-off, Security Hub, Config. */
function fakeAws(accountId: string, network: Snapshot, evaluations: Evaluation[]) {
  sts.on(GetCallerIdentityCommand).resolves({ Account: accountId, Arn: `arn:aws:sts::${accountId}:x` });
  const text = (value: unknown) => ({
    Body: { transformToString: async () => JSON.stringify(value) } as never,
  });
  s3.on(GetObjectCommand, { Key: 'runs/latest.json' }).resolves(text({ version: 1, run: 'r', key: HANDOFF }));
  s3.on(GetObjectCommand, { Key: HANDOFF }).resolves(text({ version: 1, run: 'r', snapshots: [network] }));
  ec2.on(DescribeRegionsCommand).resolves({
    Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }],
  });
  hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
    SuccessCount: input.Findings.length,
    FailedCount: 0,
    FailedFindings: [],
  }));
  hub.on(GetFindingsCommand).resolves({ Findings: [] });
  hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  config.on(PutEvaluationsCommand).callsFake((input: { Evaluations: Evaluation[] }) => {
    evaluations.push(...input.Evaluations);
    return { FailedEvaluations: [] };
  });
}

const settings = readSettings({
  HNA_REGIONS: 'eu-west-1,us-east-1',
  HNA_CONFIG: CONFIG,
  HNA_NETWORK_ACCOUNTS: '111122223333',
  HNA_HANDOFF_BUCKET: BUCKET,
  HNA_HANDOFF_BUCKET_OWNER: '111122223333',
});

const withoutAccount = ({ accountId: _, ...result }: RuleResult) => result;
const byKey = (e: Evaluation) => `${e.ComplianceResourceType} ${e.ComplianceResourceId}`;
const sorted = (evaluations: Evaluation[]) =>
  [...evaluations]
    .map((e) => ({ ...e, Annotation: e.Annotation }))
    .sort((a, b) => byKey(a).localeCompare(byKey(b)));

describe('one pipeline under the CLI, the worker and the Config rule', async () => {
  const cli = await runHna([
    'audit',
    '--snapshot',
    LANDING_ZONE,
    '--snapshot',
    NETWORK,
    '--config',
    'examples/hna.config.json',
    '--format',
    'json',
  ]);
  const cliResults = (JSON.parse(cli.stdout) as { results: RuleResult[] }).results;
  const network = loadNetworkExample();
  const accounts = [loadExample(), network];
  const cases = accounts.flatMap((snapshot) =>
    Object.keys(snapshot.regions ?? {}).map((region) => ({ snapshot, region })),
  );

  it('audits every region of both accounts, with results that depend on the hub', () => {
    expect(cases.map((c) => `${c.snapshot.accountId} ${c.region}`)).toEqual([
      '123456789012 eu-west-1',
      '123456789012 us-east-1',
      '111122223333 eu-west-1',
    ]);
    // Without the network account's tables these would be NOT_AVAILABLE: the equality below means something.
    expect(
      cliResults.filter((r) => r.ruleId === 'NET.4' && r.status !== 'NOT_AVAILABLE').length,
    ).toBeGreaterThan(0);
  });

  it.each(cases)(
    '$snapshot.accountId $region: the worker writes what the CLI reports',
    async ({ snapshot, region }) => {
      fakeAws(snapshot.accountId ?? '', network, []);
      const expected = cliResults.filter((r) => r.accountId === snapshot.accountId && r.region === region);
      expect(expected.length).toBeGreaterThan(0);
      const outcome = await auditTarget(
        { accountId: snapshot.accountId ?? '', region, networkInventory: HANDOFF },
        {
          settings,
          sts: new STSClient({}),
          s3: new S3Client({}),
          homeRegion: region,
          collect: () => async () => regionOf(snapshot, region),
        },
        NOW,
      );
      expect(outcome.status).toBe('audited');
      expect(outcome.report?.results.map(withoutAccount)).toEqual(expected.map(withoutAccount));
    },
  );

  const evaluationsSent: number[] = [];
  afterAll(() => {
    // Some regions hold no resource Config knows (the network account's are hub resources): not all.
    expect(evaluationsSent.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
  });

  it.each(cases)(
    '$snapshot.accountId $region: the Config rule sends what the CLI reports',
    async ({ snapshot, region }) => {
      const sent: Evaluation[] = [];
      fakeAws(snapshot.accountId ?? '', network, sent);
      const parameters = Object.fromEntries(
        Object.entries(JSON.parse(CONFIG) as Record<string, unknown>).map(([key, value]) => [
          key,
          JSON.stringify(value),
        ]),
      );
      const orderingTimestamp = new Date('2026-11-22T03:00:01.000Z');
      await evaluateConfigEvent(
        {
          version: '1.0',
          invokingEvent: JSON.stringify({
            messageType: 'ScheduledNotification',
            notificationCreationTime: orderingTimestamp.toISOString(),
          }),
          ruleParameters: JSON.stringify(parameters),
          resultToken: 'token',
          eventLeftScope: false,
          executionRoleArn: `arn:aws:iam::${snapshot.accountId}:role/config-role`,
          configRuleArn: `arn:aws:config:${region}:${snapshot.accountId}:config-rule/config-rule-0123456`,
          configRuleName: 'hybrid-network-requirements',
          configRuleId: 'config-rule-0123456',
          accountId: snapshot.accountId,
        },
        {
          sts: new STSClient({}),
          s3: new S3Client({}),
          settings,
          region,
          now: () => NOW,
          collect: () => async () => regionOf(snapshot, region),
        },
      );
      const expected = toEvaluations(
        cliResults
          .filter((r) => r.accountId === snapshot.accountId && r.region === region)
          .map(withoutAccount),
        { orderingTimestamp },
      );
      evaluationsSent.push(sent.length);
      expect(sorted(sent)).toEqual(sorted(expected));
    },
  );
});
