import {
  type AwsSecurityFindingFilters,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import { toAsff } from '../../lib/report/asff.js';
import { batches, writeSecurityHubFindings } from '../../lib/report/security-hub.js';

const hub = mockClient(SecurityHubClient);
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => hub.restore());
const NOW = new Date('2026-11-22T03:00:00.000Z');
const options = () => ({
  client: new SecurityHubClient({ region: 'eu-west-1' }),
  accountId: '123456789012',
  partition: 'aws',
  region: 'eu-west-1',
  now: NOW,
  sleep: async () => {},
});
const result = (n: number, overrides: Partial<RuleResult> = {}): RuleResult => ({
  ruleId: 'NET.1',
  slug: 'endpoint-available',
  title: 'VPC endpoints used by the hybrid scenarios are available',
  severity: 'HIGH',
  status: 'FAILED',
  region: 'eu-west-1',
  resourceType: 'Other',
  resourceId: `vpce-${n}`,
  resourceArn: `arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-${n}`,
  evidence: `endpoint ${n} failed`,
  remediation: 'fix it',
  source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html',
  ...overrides,
});
/** The findings this auditor owns in the account and region: what GetFindings must be asked for. */
const OWNED: AwsSecurityFindingFilters = {
  ProductArn: [
    {
      Value: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      Comparison: 'EQUALS',
    },
  ],
  GeneratorId: [{ Value: 'hna/', Comparison: 'PREFIX' }],
  AwsAccountId: [{ Value: '123456789012', Comparison: 'EQUALS' }],
  Region: [{ Value: 'eu-west-1', Comparison: 'EQUALS' }],
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
};
const imported = () =>
  hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);

describe('writeSecurityHubFindings', () => {
  it('reads back only its own active findings of the account and region (the filters sent)', async () => {
    await writeSecurityHubFindings([result(1)], options());
    const calls = hub.commandCalls(GetFindingsCommand);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.args[0].input.Filters).toEqual(OWNED);
  });

  beforeEach(() => {
    hub.reset();
    // Answers only a request for the auditor's own findings: any other filter fails the test.
    hub.on(GetFindingsCommand).rejects(new Error('GetFindings without the filters of the owned findings'));
    hub.on(GetFindingsCommand, { Filters: OWNED }).resolves({ Findings: [] });
    hub.on(BatchImportFindingsCommand).callsFake(async (input) => ({
      FailedCount: 0,
      SuccessCount: input.Findings.length,
      FailedFindings: [],
    }));
  });

  it('sends 10,000 results in batches of at most 100', async () => {
    const results = Array.from({ length: 10_000 }, (_, n) => result(n));
    const counts = await writeSecurityHubFindings(results, options());
    expect(counts).toMatchObject({ imported: 10_000, unchanged: 0, archived: 0, failed: 0 });
    const calls = hub.commandCalls(BatchImportFindingsCommand);
    expect(calls).toHaveLength(100);
    for (const call of calls) expect(call.args[0].input.Findings?.length).toBeLessThanOrEqual(100);
  });

  it('cuts batches at 6 MB', () => {
    const big = Array.from({ length: 100 }, (_, n) =>
      toAsff(result(n, { evidence: 'e'.repeat(1000) }), { accountId: '1', partition: 'aws', now: NOW }),
    );
    for (const finding of big)
      (finding.ProductFields as Record<string, string>).padding = 'p'.repeat(100_000);
    const cut = batches(big);
    expect(cut.length).toBeGreaterThan(1);
    for (const batch of cut)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(cut.flat()).toHaveLength(100);
  });

  it('sends nothing for a finding that has not changed, and updates one that has, with a newer UpdatedAt', async () => {
    const stored = toAsff(result(1), {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-11-20T00:00:00Z'),
    });
    const storedChanged = toAsff(result(2), {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-11-20T00:00:00Z'),
    });
    storedChanged.UpdatedAt = '2026-11-22T03:00:00.000Z';
    hub.on(GetFindingsCommand, { Filters: OWNED }).resolves({ Findings: [stored, storedChanged] });
    const counts = await writeSecurityHubFindings(
      [result(1), result(2, { status: 'PASSED', evidence: undefined })],
      options(),
    );
    expect(counts).toMatchObject({ imported: 1, unchanged: 1 });
    const [sent] = imported();
    expect(sent?.Id).toBe(storedChanged.Id);
    expect(sent?.CreatedAt).toBe(storedChanged.CreatedAt);
    expect(Date.parse(sent?.UpdatedAt ?? '')).toBeGreaterThan(Date.parse(storedChanged.UpdatedAt));
  });

  it('refreshes an unchanged finding older than 30 days', async () => {
    const stored = toAsff(result(1), {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-10-01T00:00:00Z'),
    });
    hub.on(GetFindingsCommand, { Filters: OWNED }).resolves({ Findings: [stored] });
    expect(await writeSecurityHubFindings([result(1)], options())).toMatchObject({
      imported: 1,
      unchanged: 0,
    });
  });

  it('archives owned findings no result produces, but not for a rule that was not fully judged', async () => {
    const gone = toAsff(result(7), {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-11-20T00:00:00Z'),
    });
    const blind = toAsff(result(8, { ruleId: 'DSYNC.3', slug: 'agent-online' }), {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-11-20T00:00:00Z'),
    });
    const foreign = {
      ...gone,
      Id: 'someone-else',
      ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty',
    };
    hub.on(GetFindingsCommand).resolves({ Findings: [gone, blind, foreign] });
    const results = [
      result(1),
      result(9, {
        ruleId: 'DSYNC.3',
        slug: 'agent-online',
        status: 'NOT_AVAILABLE',
        resourceId: '123456789012',
      }),
    ];
    const counts = await writeSecurityHubFindings(results, options());
    expect(counts.archived).toBe(1);
    const archived = imported().filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.map((f) => f.Id)).toEqual([gone.Id]);
  });

  it('retries throttling with backoff', async () => {
    let calls = 0;
    hub.on(BatchImportFindingsCommand).callsFake(async (input) => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      return { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] };
    });
    expect(await writeSecurityHubFindings([result(1)], options())).toMatchObject({ imported: 1, failed: 0 });
    expect(calls).toBe(3);
  });

  it('re-sends retryable FailedFindings and reports the rest', async () => {
    let calls = 0;
    hub.on(BatchImportFindingsCommand).callsFake(async (input) => {
      calls += 1;
      const findings = input.Findings as { Id: string }[];
      const failed =
        calls === 1
          ? [
              { Id: findings[0]?.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
              { Id: findings[1]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad resource' },
            ]
          : [];
      return {
        FailedCount: failed.length,
        SuccessCount: findings.length - failed.length,
        FailedFindings: failed,
      };
    });
    const counts = await writeSecurityHubFindings([result(1), result(2), result(3)], options());
    expect(counts).toMatchObject({ imported: 2, failed: 1 });
    expect(counts.failures).toEqual([
      { id: 'hna/NET.1/123456789012/eu-west-1/vpce-2', code: 'InvalidInput', message: 'bad resource' },
    ]);
    expect(calls).toBe(2);
  });
});
