/**
 * One unit of work of the fan-out: audit one (account, region) and write its
 * findings to Security Hub in that account, with that account's credentials.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { type AuditReport, runAudit } from '../audit/run-audit.js';
import { createRegionalClients } from '../collect/clients.js';
import { collectSnapshot } from '../collect/collect.js';
import { CollectionLog } from '../collect/log.js';
import { type WriteCounts, writeSecurityHubFindings } from '../report/security-hub.js';
import { RULES } from '../rules/index.js';
import type { LambdaSettings } from './settings.js';

export interface Target {
  accountId: string;
  region: string;
}

export interface TargetOutcome {
  target: Target;
  report: AuditReport;
  calls: number;
  written: WriteCounts;
}

/** Parses an SQS message body; the error names what is wrong. */
export function parseTarget(body: string): Target {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const { accountId, region } = (value ?? {}) as Record<string, unknown>;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId))
    throw new Error('message body: accountId must be a 12-digit account id');
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new Error('message body: region must be a region name');
  return { accountId, region };
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Credentials for the target account: our own for our account, else the member role. */
async function credentialsFor(
  target: Target,
  settings: LambdaSettings,
  sts: STSClient,
): Promise<{ credentials?: Credentials; partition: string }> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  if (identity.Account === target.accountId) return { partition };
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:${partition}:iam::${target.accountId}:role/${settings.memberRoleName}`,
      RoleSessionName: `hna-audit-${target.region}`,
      DurationSeconds: 900,
      ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
    }),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new Error(`AssumeRole into ${target.accountId} returned no credentials`);
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    },
    partition,
  };
}

export async function auditTarget(
  target: Target,
  settings: LambdaSettings,
  sts: STSClient,
  now: Date,
): Promise<TargetOutcome> {
  const { credentials, partition } = await credentialsFor(target, settings, sts);
  const clientSettings = {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  const log = new CollectionLog();
  const snapshot = await collectSnapshot({
    clients: createRegionalClients(clientSettings),
    regions: [target.region],
    accountId: target.accountId,
    partition,
    log,
    now,
  });
  const report = runAudit(snapshot, { rules: RULES, config: settings.config, now });
  // Security Hub takes custom findings only in the account they belong to: write with the member's credentials.
  const hub = new SecurityHubClient({ region: target.region, ...clientSettings });
  try {
    const written = await writeSecurityHubFindings(report.results, {
      client: hub,
      accountId: target.accountId,
      partition,
      region: target.region,
      now,
      ...(settings.docsBaseUrl ? { docsBaseUrl: settings.docsBaseUrl } : {}),
    });
    return { target, report, calls: log.totalCalls(), written };
  } finally {
    hub.destroy();
  }
}
