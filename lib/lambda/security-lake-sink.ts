/**
 * Delivers one audited target's OCSF events to the Security Lake custom source, when one is
 * configured: with the role Security Lake created for the source (assumed with its external
 * id), one Parquet object in the target's partition.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AuditReport } from '../audit/run-audit.js';
import { clientFactory } from '../collect/client-config.js';
import { toOcsf } from '../report/ocsf.js';
import { parseSecurityLakeLocation, writeSecurityLakeObject } from '../report/security-lake.js';
import type { LambdaSettings } from './settings.js';

export async function deliverToSecurityLake(
  report: AuditReport,
  target: { accountId: string; region: string },
  deps: { settings: LambdaSettings; sts: STSClient; homeRegion: string; instrument?: <T>(client: T) => T },
  now: Date,
): Promise<string | undefined> {
  const lake = deps.settings.securityLake;
  if (lake === undefined) return undefined;
  const location = parseSecurityLakeLocation(lake.location, 'HNA_SECURITY_LAKE_LOCATION');
  const assumed = await deps.sts.send(
    new AssumeRoleCommand({
      RoleArn: lake.roleArn,
      RoleSessionName: `hna-security-lake-${target.region}`,
      DurationSeconds: 900,
      ...(lake.externalId ? { ExternalId: lake.externalId } : {}),
    }),
  );
  const credentials = assumed.Credentials;
  const clients = clientFactory({
    ...(deps.settings.endpoint ? { endpoint: deps.settings.endpoint } : {}),
    ...(credentials?.AccessKeyId && credentials.SecretAccessKey
      ? {
          credentials: {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
          },
        }
      : {}),
    ...(deps.instrument ? { instrument: deps.instrument } : {}),
  });
  try {
    // The lake's bucket is in the region Security Lake runs in; the function's own region by default.
    const client = clients(S3Client, deps.homeRegion);
    return await writeSecurityLakeObject(toOcsf(report), {
      client,
      location,
      region: target.region,
      accountId: target.accountId,
      now,
    });
  } finally {
    clients.destroy();
  }
}
