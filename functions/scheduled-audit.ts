/**
 * EventBridge schedule: lists the (account, region) targets and queues one message per
 * target to the audit queue (lib/lambda/dispatch.ts). With one account and one region
 * and no queue, it audits in-process; that path is loaded only when used, so the
 * dispatcher starts without the collectors and rules.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import { listTargets, queueTargets } from '../lib/lambda/dispatch.js';
import { parseScheduledEvent } from '../lib/lambda/events.js';
import { observability, recordSkip } from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('scheduled-audit');
const settings = readSettings(process.env);
const endpoint = settings.endpoint ? { endpoint: settings.endpoint } : {};
const sts = tracer.captureAWSv3Client(new STSClient(endpoint));
const sqs = tracer.captureAWSv3Client(new SQSClient(endpoint));
const organizations = tracer.captureAWSv3Client(new OrganizationsClient(endpoint));
const ec2 = tracer.captureAWSv3Client(new EC2Client(endpoint));

export async function dispatch(
  input: unknown,
): Promise<{ targets: number; queued: number; audited: number; skipped: number }> {
  const event = parseScheduledEvent(input);
  const self = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
  const deps = { settings, sqs, organizations, ec2 };
  const { targets, skipped } = await listTargets(deps, self);
  for (const skip of skipped)
    logger.warn('target skipped', { ...skip.target, reason: skip.reason, detail: skip.detail });
  if (skipped.length > 0) recordSkip(metrics, 'management-account', skipped.length);
  if (settings.queueUrl === undefined) {
    const [only] = targets;
    if (targets.length !== 1 || only === undefined || only.accountId !== self) {
      throw new Error(
        `HNA_QUEUE_URL is not set: without a queue only this account in one region can be audited (${targets.length} targets)`,
      );
    }
    const { auditTarget } = await import('../lib/lambda/audit-target.js');
    const { recordOutcome } = await import('../lib/lambda/observability.js');
    const startedAt = Date.now();
    const outcome = await auditTarget(
      only,
      {
        settings,
        sts,
        homeRegion: process.env.AWS_REGION ?? only.region,
        instrument: (c) => tracer.captureAWSv3Client(c),
      },
      new Date(event.time),
    );
    recordOutcome(metrics, outcome, startedAt);
    logger.info('audited in-process', { ...only, status: outcome.status, summary: outcome.report?.summary });
    return { targets: 1, queued: 0, audited: outcome.status === 'audited' ? 1 : 0, skipped: skipped.length };
  }
  const { queued, failed } = await queueTargets(targets, event, deps);
  metrics.addMetric('TargetsQueued', MetricUnit.Count, queued);
  logger.info('run dispatched', {
    run: event.id ?? event.time,
    targets: targets.length + skipped.length,
    queued,
    skipped: skipped.length,
    failed: failed.length,
  });
  if (failed.length > 0) {
    for (const entry of failed) logger.error('target not queued', { ...entry });
    // EventBridge retries the run with the same event id: the queued targets are deduplicated.
    throw new Error(`${failed.length} of ${targets.length} targets could not be queued (${failed[0]?.code})`);
  }
  return { targets: targets.length, queued, audited: 0, skipped: skipped.length };
}

export const handler = middy(dispatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
