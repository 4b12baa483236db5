import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { defineRule } from '../../lib/catalog/rule.js';
import { endpointAvailable } from '../../lib/rules/net/endpoint-available.js';
import { config, exampleConfig, loadExample, NOW, RULES, snapshotOf } from '../support/fixtures.js';

const pending = snapshotOf({
  ec2: {
    VpcEndpoints: [
      {
        VpcEndpointId: 'vpce-1',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        State: 'pending',
      },
      {
        VpcEndpointId: 'vpce-2',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.drs',
        State: 'failed',
      },
    ],
  },
});

describe('runAudit', () => {
  it('produces the JSON document of docs/design/cli.md with a summary that counts every result', () => {
    // Act
    const report = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW });
    // Assess
    expect(report).toMatchObject({
      version: 1,
      accountId: '123456789012',
      generatedAt: '2026-11-22T03:00:00.000Z',
    });
    const total = Object.values(report.summary).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(report.results.length);
    for (const result of report.results) {
      expect(Object.keys(result)).toEqual(
        expect.arrayContaining([
          'ruleId',
          'slug',
          'title',
          'severity',
          'status',
          'region',
          'resourceType',
          'resourceId',
          'resourceArn',
          'source',
        ]),
      );
      if (result.status !== 'PASSED')
        expect(result.evidence, `${result.ruleId} ${result.resourceId}`).toBeTruthy();
    }
  });

  it('turns a matching live suppression into SUPPRESSED and keeps the rule verdict', () => {
    const report = runAudit(pending, {
      rules: [endpointAvailable],
      config: config({
        suppressions: [
          { ruleId: 'NET.1', resourceId: 'vpce-2', reason: 'being replaced', expires: '2026-11-22' },
        ],
      }),
      now: NOW,
    });
    const result = report.results.find((r) => r.resourceId === 'vpce-2');
    expect(result).toMatchObject({
      status: 'SUPPRESSED',
      suppressedStatus: 'FAILED',
      suppressionReason: 'being replaced',
    });
    expect(report.summary.SUPPRESSED).toBe(1);
  });

  it('reports an expired suppression as such and keeps the status', () => {
    const report = runAudit(pending, {
      rules: [endpointAvailable],
      config: config({
        suppressions: [
          { ruleId: 'NET.1', resourceId: 'vpce-2', reason: 'being replaced', expires: '2026-11-21' },
        ],
      }),
      now: NOW,
    });
    const result = report.results.find((r) => r.resourceId === 'vpce-2');
    expect(result?.status).toBe('FAILED');
    expect(result?.evidence).toContain('suppression expired on 2026-11-21 (being replaced)');
  });

  it('matches a suppression by ARN too', () => {
    const report = runAudit(pending, {
      rules: [endpointAvailable],
      config: config({
        suppressions: [
          {
            ruleId: 'NET.1',
            resourceId: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-1',
            reason: 'r',
          },
        ],
      }),
      now: NOW,
    });
    expect(report.results.find((r) => r.resourceId === 'vpce-1')?.status).toBe('SUPPRESSED');
  });

  it('skips disabled rules and applies severity overrides', () => {
    const disabled = runAudit(pending, {
      rules: [endpointAvailable],
      config: config({ rules: { 'NET.1': { enabled: false } } }),
      now: NOW,
    });
    expect(disabled.results).toEqual([]);
    const lowered = runAudit(pending, {
      rules: [endpointAvailable],
      config: config({ rules: { 'NET.1': { severity: 'LOW' } } }),
      now: NOW,
    });
    expect(lowered.results.map((r) => r.severity)).toEqual(['LOW', 'LOW']);
  });

  it('never reads a crashing rule as PASSED', () => {
    const broken = defineRule({
      id: 'NET.99',
      slug: 'broken',
      title: 'broken',
      severity: 'LOW',
      source: 'https://example.com',
      inputs: [],
      evaluate() {
        throw new Error('boom');
      },
    });
    const report = runAudit(pending, { rules: [broken], config: config(), now: NOW });
    expect(report.results).toMatchObject([
      { status: 'NOT_AVAILABLE', evidence: 'rule NET.99 could not be evaluated: boom' },
    ]);
  });

  it('gives NOT_AVAILABLE, never PASSED, for every rule of a service whose collection failed', () => {
    // Prepare: the example's us-east-1 has a failed ListAgents
    const report = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW });
    // Assess
    const dataSync = report.results.filter((r) => r.region === 'us-east-1' && r.ruleId.startsWith('DSYNC.'));
    expect(dataSync.length).toBeGreaterThan(0);
    for (const result of dataSync) expect(result.status).toBe('NOT_AVAILABLE');
  });
});
