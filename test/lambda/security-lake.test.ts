/**
 * The optional Security Lake custom source sink of the Lambda deployment (issue 35): settings
 * checked by name, the object partitioned as Security Lake documents for custom sources
 * (region=/accountId=/eventDay=), written with the source's role through the local emulator,
 * and the object read back by pyarrow.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { deliverToSecurityLake } from '../../lib/lambda/security-lake-sink.js';
import { readSettings } from '../../lib/lambda/settings.js';
import { toOcsf } from '../../lib/report/ocsf.js';
import { parseSecurityLakeLocation, securityLakeKey } from '../../lib/report/security-lake.js';
import { exampleConfig, loadExample, NOW, RULES } from '../support/fixtures.js';
import { readParquetRows } from '../support/parquet.js';

const endpoint = inject('awsEndpoint');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const scratch = mkdtempSync(join(tmpdir(), 'hna-lake-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Security Lake custom source settings and partitions', () => {
  it('reads the location and role together, and refuses one without the other by name', () => {
    expect(readSettings({}).securityLake).toBeUndefined();
    expect(
      readSettings({
        HNA_SECURITY_LAKE_LOCATION: 's3://aws-security-data-lake-eu-west-1-abc/ext/hna/',
        HNA_SECURITY_LAKE_ROLE_ARN:
          'arn:aws:iam::123456789012:role/AmazonSecurityLake-Provider-hna-eu-west-1',
        HNA_SECURITY_LAKE_EXTERNAL_ID: 'hna-lake',
      }).securityLake,
    ).toEqual({
      location: 's3://aws-security-data-lake-eu-west-1-abc/ext/hna/',
      roleArn: 'arn:aws:iam::123456789012:role/AmazonSecurityLake-Provider-hna-eu-west-1',
      externalId: 'hna-lake',
    });
    expect(() => readSettings({ HNA_SECURITY_LAKE_LOCATION: 's3://b/ext/hna/' })).toThrow(
      /^HNA_SECURITY_LAKE_ROLE_ARN: required with HNA_SECURITY_LAKE_LOCATION/,
    );
    expect(() =>
      readSettings({ HNA_SECURITY_LAKE_LOCATION: 's3://b/ext/hna/', HNA_SECURITY_LAKE_ROLE_ARN: 'role' }),
    ).toThrow('HNA_SECURITY_LAKE_ROLE_ARN: "role" is not an IAM role ARN');
    expect(() => parseSecurityLakeLocation('https://example.org/x', 'HNA_SECURITY_LAKE_LOCATION')).toThrow(
      /^HNA_SECURITY_LAKE_LOCATION: "https:\/\/example.org\/x" is not an S3 location/,
    );
  });

  it('partitions by region, account and event day under the source prefix', () => {
    const location = parseSecurityLakeLocation('s3://aws-security-data-lake-eu-west-1-abc/ext/hna/1.0', 'x');
    expect(location).toEqual({ bucket: 'aws-security-data-lake-eu-west-1-abc', prefix: 'ext/hna/1.0/' });
    expect(
      securityLakeKey(location, { region: 'us-east-1', accountId: '123456789012', time: NOW }, 'run-1'),
    ).toBe('ext/hna/1.0/region=us-east-1/accountId=123456789012/eventDay=20261122/run-1.parquet');
  });
});

describe('deliverToSecurityLake (through the local emulator)', () => {
  it("writes the target's events as one Parquet object that pyarrow reads back whole", async () => {
    // Prepare: the lake's bucket, and the target's audit.
    const bucket = 'aws-security-data-lake-eu-west-1-hna-test';
    const s3 = new S3Client({ region: 'eu-west-1', endpoint, forcePathStyle: true, credentials });
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const report = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW });
    const settings = {
      ...readSettings({
        AWS_ENDPOINT_URL: endpoint,
        HNA_SECURITY_LAKE_LOCATION: `s3://${bucket}/ext/hna/`,
        HNA_SECURITY_LAKE_ROLE_ARN:
          'arn:aws:iam::123456789012:role/AmazonSecurityLake-Provider-hna-eu-west-1',
        HNA_SECURITY_LAKE_EXTERNAL_ID: 'hna-lake',
      }),
    };
    const sts = new STSClient({ region: 'eu-west-1', endpoint, credentials });
    // Act
    const key = await deliverToSecurityLake(
      report,
      { accountId: '123456789012', region: 'eu-west-1' },
      { settings, sts, homeRegion: 'eu-west-1' },
      NOW,
    );
    // Assess: the partition, then the object's rows.
    expect(key).toMatch(
      /^ext\/hna\/region=eu-west-1\/accountId=123456789012\/eventDay=20261122\/[0-9a-f-]{36}\.parquet$/,
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const file = join(scratch, 'object.parquet');
    writeFileSync(
      file,
      await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    const rows = await readParquetRows<{
      finding_info: { uid: string };
      class_uid: number;
      cloud: { account: { uid: string } };
    }>(file);
    const events = toOcsf(report);
    expect(rows.map((row) => row.finding_info.uid)).toEqual(events.map((event) => event.finding_info.uid));
    for (const row of rows) {
      expect(row.class_uid).toBe(2003);
      expect(row.cloud.account.uid).toBe('123456789012');
    }
    s3.destroy();
    sts.destroy();
  });
});
