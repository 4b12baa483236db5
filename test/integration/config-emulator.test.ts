import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { describe, expect, inject, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { putEvaluations, toEvaluations } from '../../lib/report/config-evaluations.js';
import { config, loadExample, NOW, RULES } from '../support/fixtures.js';

describe('Config evaluations against the emulator', () => {
  it('puts the evaluations of the example in test mode', async () => {
    // Prepare
    const report = runAudit(loadExample(), { rules: RULES, config: config(), now: NOW });
    const evaluations = toEvaluations(report.results, { orderingTimestamp: NOW });
    const client = new ConfigServiceClient({ region: 'eu-west-1', endpoint: inject('awsEndpoint') });
    // Act
    const sent = await putEvaluations(client, evaluations, 'TESTMODE');
    // Assess
    expect(evaluations.length).toBeGreaterThan(10);
    expect(sent).toEqual({ sent: evaluations.length, failed: [] });
    expect(evaluations.find((e) => e.ComplianceResourceId === 'vpce-0a1b2c3d4e5f60105')).toMatchObject({
      ComplianceResourceType: 'AWS::EC2::VPCEndpoint',
      ComplianceType: 'NON_COMPLIANT',
    });
  });
});
