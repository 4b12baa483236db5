/** Credentials in a member account: our own for our account, else the hna member role there. */
import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  GetCallerIdentityCommand,
  type STSClient,
} from '@aws-sdk/client-sts';
import { errorCode, errorMessage } from '../collect/log.js';
import type { LambdaSettings } from './settings.js';

/**
 * The member role cannot be assumed: it is not deployed in that account (a new account, an
 * excluded OU) or does not trust this auditor. Retrying cannot help: the target is a counted skip.
 */
export class MemberRoleUnavailable extends Error {
  override readonly name = 'MemberRoleUnavailable';
}

/** What STS answers when the role is missing, or its trust policy refuses the caller. */
const ROLE_REFUSED = new Set(['AccessDenied', 'AccessDeniedException']);

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export async function memberCredentials(
  accountId: string,
  region: string,
  settings: Pick<LambdaSettings, 'memberRoleName' | 'externalId'>,
  sts: STSClient,
  /** Checked before a role of another account is assumed (the Config rule: that account is of our organization). */
  beforeAssume?: (accountId: string) => Promise<void>,
): Promise<{ credentials?: Credentials; partition: string }> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  if (identity.Account === accountId) return { partition };
  await beforeAssume?.(accountId);
  const roleArn = `arn:${partition}:iam::${accountId}:role/${settings.memberRoleName}`;
  let assumed: AssumeRoleCommandOutput;
  try {
    assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: `hna-audit-${region}`,
        DurationSeconds: 900,
        ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
      }),
    );
  } catch (error) {
    if (ROLE_REFUSED.has(errorCode(error)))
      throw new MemberRoleUnavailable(
        `${roleArn} cannot be assumed (${errorCode(error)}: ${errorMessage(error)})`,
      );
    throw error;
  }
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
