import { describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import { findingId, fingerprint, sendable, toAsff, truncate } from '../../lib/report/asff.js';

const NOW = new Date('2026-11-22T03:00:00.000Z');
const context = { accountId: '123456789012', partition: 'aws', now: NOW };
const result = (overrides: Partial<RuleResult> = {}): RuleResult => ({
  ruleId: 'DSYNC.4',
  slug: 'control-ports-open',
  title: 'DataSync agent can reach its VPC endpoint on TCP 1024-1064',
  severity: 'HIGH',
  status: 'FAILED',
  region: 'eu-west-1',
  resourceType: 'Other',
  resourceId: 'vpce-0ba3aaaa3752b63',
  resourceArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-0ba3aaaa3752b63',
  evidence: 'sg-0e allows tcp 1024-1062 from 10.20.0.0/16',
  remediation: 'Allow inbound TCP 1024-1064 from 10.20.0.0/16 on sg-0e',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  ...overrides,
});

describe('toAsff', () => {
  it('maps a result to a complete finding', () => {
    // Act
    const finding = toAsff(result(), { ...context, docsBaseUrl: 'https://example.org/hna/docs/rules/' });
    // Assess
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'hna/DSYNC.4/123456789012/eu-west-1/vpce-0ba3aaaa3752b63',
      ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      GeneratorId: 'hna/DSYNC.4',
      AwsAccountId: '123456789012',
      CreatedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
      Title: 'DSYNC.4 DataSync agent can reach its VPC endpoint on TCP 1024-1064',
      Description: 'sg-0e allows tcp 1024-1062 from 10.20.0.0/16',
      Compliance: { Status: 'FAILED' },
      FindingProviderFields: {
        Severity: { Label: 'HIGH' },
        Types: ['Software and Configuration Checks/AWS Hybrid Network Requirements/DSYNC'],
      },
      Remediation: {
        Recommendation: {
          Text: 'Allow inbound TCP 1024-1064 from 10.20.0.0/16 on sg-0e. Rule page: https://example.org/hna/docs/rules/control-ports-open.md',
          Url: 'https://example.org/hna/docs/rules/control-ports-open.md',
        },
      },
      Resources: [
        {
          Type: 'Other',
          Id: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-0ba3aaaa3752b63',
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      ProductFields: { 'hna/RuleId': 'DSYNC.4', 'hna/Slug': 'control-ports-open', 'hna/Scenario': 'DSYNC' },
      RecordState: 'ACTIVE',
    });
    for (const customerField of ['Workflow', 'Note', 'UserDefinedFields', 'VerificationState'])
      expect(finding).not.toHaveProperty(customerField);
  });

  it.each(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] as const)(
    'carries %s as the compliance status',
    (status) => {
      const finding = toAsff(result({ status }), context);
      expect(finding.Compliance?.Status).toBe(status);
      expect(finding.FindingProviderFields?.Severity?.Label).toBe(
        status === 'PASSED' ? 'INFORMATIONAL' : 'HIGH',
      );
    },
  );

  it('sends a suppressed result with its own status and a marker, never NOT_APPLICABLE ones', () => {
    const suppressed = toAsff(
      result({ status: 'SUPPRESSED', suppressedStatus: 'FAILED', suppressionReason: 'CHG-4711' }),
      context,
    );
    expect(suppressed.Compliance?.Status).toBe('FAILED');
    expect(suppressed.ProductFields).toMatchObject({
      'hna/Suppressed': 'true',
      'hna/SuppressionReason': 'CHG-4711',
    });
    expect(sendable([result({ status: 'NOT_APPLICABLE' }), result()])).toHaveLength(1);
  });

  it.each([
    ['AwsEc2Subnet', 'subnet-1'],
    ['AwsS3Bucket', 'backups'],
    ['AwsEc2VpnConnection', 'vpn-1'],
    ['AwsRdsDbInstance', 'orders-db'],
    ['AwsAccount', '123456789012'],
  ] as const)('keeps the %s resource type', (type, id) => {
    expect(toAsff(result({ resourceType: type, resourceId: id }), context).Resources?.[0]?.Type).toBe(type);
  });

  it('truncates long texts with a marker instead of failing', () => {
    const finding = toAsff(
      result({ evidence: 'x'.repeat(5000), remediation: 'y'.repeat(900), title: 'z'.repeat(400) }),
      context,
    );
    expect(finding.Description).toHaveLength(1024);
    expect(finding.Description?.endsWith('…[truncated]')).toBe(true);
    expect(finding.Title).toHaveLength(256);
    expect(finding.Remediation?.Recommendation?.Text?.length).toBeLessThanOrEqual(512);
    expect(finding.Remediation?.Recommendation?.Text).not.toContain('[truncated]');
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps Ids stable across runs and within 512 characters, unicode included', () => {
    const first = toAsff(result({ resourceId: 'bücher-backups' }), context);
    const later = toAsff(result({ resourceId: 'bücher-backups' }), {
      ...context,
      now: new Date('2027-01-01T00:00:00Z'),
    });
    expect(later.Id).toBe(first.Id);
    expect(fingerprint(later)).toBe(fingerprint(first));
    const long = findingId(
      { ruleId: 'S3PL.3', region: 'eu-west-1', resourceId: 'a'.repeat(700) },
      '123456789012',
    );
    expect(long.length).toBeLessThanOrEqual(512);
    expect(
      findingId({ ruleId: 'S3PL.3', region: 'eu-west-1', resourceId: `${'a'.repeat(699)}b` }, '123456789012'),
    ).not.toBe(long);
  });

  it('changes the fingerprint when the verdict or the evidence changes', () => {
    const base = fingerprint(toAsff(result(), context));
    expect(fingerprint(toAsff(result({ status: 'PASSED' }), context))).not.toBe(base);
    expect(fingerprint(toAsff(result({ evidence: 'other' }), context))).not.toBe(base);
  });
});
