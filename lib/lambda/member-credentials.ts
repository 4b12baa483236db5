/** Credentials in a member account: our own for our account, else the hna member role there. */
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { LambdaSettings } from './settings.js';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export async function memberCredentials(
  accountId: string,
  region: string,
  settings: Pick<LambdaSettings, 'memberRoleName' | 'externalId'>,
  sts: STSClient,
): Promise<{ credentials?: Credentials; partition: string }> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  if (identity.Account === accountId) return { partition };
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:${partition}:iam::${accountId}:role/${settings.memberRoleName}`,
      RoleSessionName: `hna-audit-${region}`,
      DurationSeconds: 900,
      ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
    }),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    },
    partition,
  };
}
