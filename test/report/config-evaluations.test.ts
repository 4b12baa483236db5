import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import { putEvaluations, toEvaluations } from '../../lib/report/config-evaluations.js';

const AT = new Date('2026-11-22T03:00:00.000Z');
const result = (
  ruleId: string,
  status: RuleResult['status'],
  resourceType: RuleResult['resourceType'],
  resourceId: string,
  arn = resourceId,
): RuleResult => ({
  ruleId,
  slug: 's',
  title: 't',
  severity: 'HIGH',
  status,
  region: 'eu-west-1',
  resourceType,
  resourceId,
  resourceArn: arn,
  source: 'https://docs.aws.amazon.com/',
});

describe('toEvaluations', () => {
  it('gives one evaluation per resource with the worst status, failing rules first in the annotation', () => {
    const evaluations = toEvaluations(
      [
        result('DRS.2', 'WARNING', 'AwsEc2Subnet', 'subnet-1'),
        result('DSYNC.7', 'FAILED', 'AwsEc2Subnet', 'subnet-1'),
        result('DSYNC.6', 'PASSED', 'AwsEc2Subnet', 'subnet-1'),
        result('NET.3', 'PASSED', 'AwsEc2Vpc', 'vpc-1'),
        result('S3PL.3', 'NOT_APPLICABLE', 'AwsS3Bucket', 'logs'),
      ],
      { orderingTimestamp: AT },
    );
    expect(evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::EC2::Subnet',
        ComplianceResourceId: 'subnet-1',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: 'FAILED DSYNC.7; WARNING DRS.2; PASSED DSYNC.6',
        OrderingTimestamp: AT,
      },
      {
        ComplianceResourceType: 'AWS::EC2::VPC',
        ComplianceResourceId: 'vpc-1',
        ComplianceType: 'COMPLIANT',
        Annotation: 'PASSED NET.3',
        OrderingTimestamp: AT,
      },
      {
        ComplianceResourceType: 'AWS::S3::Bucket',
        ComplianceResourceId: 'logs',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'NOT_APPLICABLE',
        OrderingTimestamp: AT,
      },
    ]);
  });

  it('maps endpoints, VPN connections, route tables, DataSync agents and transit gateway attachments; skips resources Config cannot name (Direct Connect)', () => {
    const agent = 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-1';
    const types = toEvaluations(
      [
        result('NET.1', 'PASSED', 'Other', 'vpce-1'),
        result('VPN.2', 'PASSED', 'AwsEc2VpnConnection', 'vpn-1'),
        result('VPN.5', 'PASSED', 'AwsEc2RouteTable', 'rtb-1'),
        result('VPN.3', 'PASSED', 'Other', 'vgw-1'),
        result('DSYNC.3', 'PASSED', 'Other', agent, agent),
        result('NET.5', 'FAILED', 'Other', 'tgw-attach-1'),
        result('DRS.8', 'FAILED', 'Other', 's-1'),
        result('NET.7', 'PASSED', 'Other', 'dxvif-1'),
        result('VPN.7', 'FAILED', 'AwsRdsDbInstance', 'orders-db'),
      ],
      { orderingTimestamp: AT },
    ).map((e) => `${e.ComplianceResourceType} ${e.ComplianceResourceId}`);
    expect(types).toEqual([
      'AWS::EC2::VPCEndpoint vpce-1',
      'AWS::EC2::VPNConnection vpn-1',
      'AWS::EC2::RouteTable rtb-1',
      'AWS::EC2::VPNGateway vgw-1',
      `AWS::DataSync::Agent ${agent}`,
      'AWS::EC2::TransitGatewayAttachment tgw-attach-1',
    ]);
  });

  it('gives no evaluation for a resource with a NOT_AVAILABLE result', () => {
    expect(
      toEvaluations(
        [
          result('DRS.2', 'NOT_AVAILABLE', 'AwsEc2Subnet', 'subnet-1'),
          result('DSYNC.7', 'PASSED', 'AwsEc2Subnet', 'subnet-1'),
        ],
        { orderingTimestamp: AT },
      ),
    ).toEqual([]);
  });

  it('keeps the annotation within 256 characters', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      result(`DRS.${i}`, 'FAILED', 'AwsEc2Subnet', 'subnet-1'),
    );
    const [evaluation] = toEvaluations(many, { orderingTimestamp: AT });
    expect(evaluation?.Annotation?.length).toBeLessThanOrEqual(256);
    expect(evaluation?.Annotation?.startsWith('FAILED DRS.0, DRS.1')).toBe(true);
  });
});

describe('putEvaluations', () => {
  it('sends at most 100 a call and honours the TESTMODE token', async () => {
    const config = mockClient(ConfigServiceClient);
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    const evaluations = Array.from({ length: 250 }, (_, i) => ({
      ComplianceResourceType: 'AWS::EC2::Subnet',
      ComplianceResourceId: `subnet-${i}`,
      ComplianceType: 'COMPLIANT' as const,
      OrderingTimestamp: AT,
    }));
    const sent = await putEvaluations(
      new ConfigServiceClient({ region: 'eu-west-1' }),
      evaluations,
      'TESTMODE',
    );
    expect(sent.sent).toBe(250);
    const calls = config.commandCalls(PutEvaluationsCommand);
    expect(calls.map((c) => c.args[0].input.Evaluations?.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.args[0].input.TestMode === true)).toBe(true);
    config.reset();
    config.on(PutEvaluationsCommand).resolves({});
    await putEvaluations(
      new ConfigServiceClient({ region: 'eu-west-1' }),
      evaluations.slice(0, 1),
      'real-token',
    );
    expect(config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input.TestMode).toBeUndefined();
    config.restore();
  });
});
