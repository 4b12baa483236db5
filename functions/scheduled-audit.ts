/**
 * EventBridge schedule: lists the (account, region) targets and sends one SQS
 * message per target to the audit queue. With one account and one region and no
 * queue, it audits in-process.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { auditTarget, type Target } from '../lib/lambda/audit-target.js';
import { observability, recordOutcome } from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';
import { chunk } from '../lib/util/concurrency.js';

const { logger, metrics, tracer } = observability('scheduled-audit');
const settings = readSettings(process.env);
const endpoint = settings.endpoint ? { endpoint: settings.endpoint } : {};
const sts = tracer.captureAWSv3Client(new STSClient(endpoint));
const sqs = tracer.captureAWSv3Client(new SQSClient(endpoint));
const organizations = tracer.captureAWSv3Client(new OrganizationsClient(endpoint));
const ec2 = tracer.captureAWSv3Client(new EC2Client(endpoint));

async function accounts(): Promise<string[]> {
  if (settings.accounts.length > 0) return settings.accounts;
  const active: string[] = [];
  for await (const page of paginateListAccounts({ client: organizations }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.State === 'ACTIVE' && account.Id) active.push(account.Id);
  }
  return active;
}

async function regions(): Promise<string[]> {
  if (settings.regions !== 'all') return settings.regions;
  const answer = await ec2.send(new DescribeRegionsCommand({}));
  return (answer.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}

function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const candidate = event as Partial<ScheduledEvent> | undefined;
  return candidate?.['detail-type'] === 'Scheduled Event' && candidate.source === 'aws.events';
}

export async function dispatch(
  event: unknown,
): Promise<{ targets: number; queued: number; audited: number }> {
  if (!isScheduledEvent(event))
    throw new Error(
      'not an EventBridge scheduled event (detail-type "Scheduled Event", source "aws.events")',
    );
  const [accountIds, regionNames] = await Promise.all([accounts(), regions()]);
  const targets: Target[] = accountIds.flatMap((accountId) =>
    regionNames.map((region) => ({ accountId, region })),
  );
  const self = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  if (settings.queueUrl === undefined) {
    const [only] = targets;
    if (targets.length !== 1 || only === undefined || only.accountId !== self) {
      throw new Error(
        `HNA_QUEUE_URL is not set: without a queue only this account in one region can be audited (${targets.length} targets)`,
      );
    }
    const startedAt = Date.now();
    const outcome = await auditTarget(only, settings, sts, new Date(event.time));
    recordOutcome(metrics, outcome, startedAt);
    logger.info('audited in-process', { ...only, summary: outcome.report.summary });
    return { targets: 1, queued: 0, audited: 1 };
  }
  let queued = 0;
  for (const batch of chunk(targets, 10)) {
    const answer = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: settings.queueUrl,
        Entries: batch.map((target, index) => ({ Id: String(index), MessageBody: JSON.stringify(target) })),
      }),
    );
    queued += answer.Successful?.length ?? 0;
    for (const failed of answer.Failed ?? []) logger.error('target not queued', { failed });
  }
  metrics.addMetric('TargetsQueued', 'Count', queued);
  logger.info('targets queued', { targets: targets.length, queued });
  if (queued < targets.length)
    throw new Error(`${targets.length - queued} of ${targets.length} targets could not be queued`);
  return { targets: targets.length, queued, audited: 0 };
}

export const handler = middy(dispatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
