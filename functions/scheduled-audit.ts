/**
 * EventBridge schedule: lists the (account, region) targets and queues one message per
 * target to the audit queue (lib/lambda/dispatch.ts). With network accounts configured it
 * first collects their transit gateways and Direct Connect once and hands them to the
 * workers through S3 (lib/lambda/network-handoff.ts). A run queued in full leaves a marker in
 * that bucket (a conditional write), so a retry of its event after the FIFO queue's
 * five-minute deduplication window queues nothing. It loads no rule: the worker audits.
 */
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import { clientFactory } from '../lib/collect/client-config.js';
import { handOffNetwork, hubClients, listTargets, queueTargets } from '../lib/lambda/dispatch.js';
import { parseDispatchEvent } from '../lib/lambda/events.js';
import { HandoffBucketMissing, markRunDispatched, runDispatched } from '../lib/lambda/network-handoff.js';
import {
  observability,
  recordHandoffBucketMissing,
  recordScheduledRun,
  recordSkip,
} from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('scheduled-audit');
const settings = readSettings(process.env);
const instrument = <T>(client: T) => tracer.captureAWSv3Client(client);
// The function's own clients (its role), from the one factory: hna's retries, traced.
const clients = clientFactory({ ...(settings.endpoint ? { endpoint: settings.endpoint } : {}), instrument });
const home = process.env.AWS_REGION ?? 'us-east-1';
const sts = clients(STSClient, home);
const sqs = clients(SQSClient, home);
// Organizations answers in us-east-1 (aws) whatever the caller's region; the SDK routes it.
const organizations = clients(OrganizationsClient, home);
const ec2 = clients(EC2Client, home);
const s3 = clients(S3Client, home);

export async function dispatch(
  input: unknown,
): Promise<{ targets: number; queued: number; skipped: number }> {
  try {
    return await dispatchRun(input);
  } catch (error) {
    // Checked before anything is queued (the run's marker is read first): counted, alarmed, and the
    // run fails — it lands in ScheduleFailureQueue after EventBridge's retries, never half-queued.
    if (error instanceof HandoffBucketMissing) {
      recordHandoffBucketMissing(metrics);
      logger.error('hand-off bucket missing: nothing queued', { error: error.message });
    }
    throw error;
  }
}

async function dispatchRun(input: unknown): Promise<{ targets: number; queued: number; skipped: number }> {
  // The schedule's event, or a manual re-run of some accounts and regions (a new run each time).
  const event = parseDispatchEvent(input, new Date(), randomUUID);
  // A run dispatched in full already (a retry of its event after the FIFO deduplication window): nothing to queue.
  const bucket = settings.handoffBucket;
  if (bucket !== undefined && (await runDispatched(s3, bucket, event.id))) {
    logger.info('run already dispatched', { run: event.id });
    return { targets: 0, queued: 0, skipped: 0 };
  }
  const self = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
  const deps = { settings, sqs, organizations, ec2 };
  const { targets, skipped } = await listTargets(deps, self, event);
  for (const skip of skipped)
    logger.warn('target skipped', { ...skip.target, reason: skip.reason, detail: skip.detail });
  if (skipped.length > 0) recordSkip(metrics, 'management-account', skipped.length);
  if (settings.queueUrl === undefined)
    throw new Error('HNA_QUEUE_URL is not set: the dispatcher queues targets for the audit worker');
  const network = await handOffNetwork(targets, event, {
    settings,
    sts,
    s3,
    clients: hubClients(settings, instrument),
    now: new Date(),
  });
  if (network !== undefined)
    logger.info('network inventory handed off', {
      key: network.key,
      accounts: network.snapshots.map((s) => s.accountId),
      calls: network.calls,
      errors: network.snapshots.flatMap((s) => s.errors ?? []).length,
    });
  const { queued, failed } = await queueTargets(targets, event, deps, network?.key);
  metrics.addMetric('TargetsQueued', MetricUnit.Count, queued);
  logger.info('run dispatched', {
    run: event.id,
    kind: event.kind,
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
  if (bucket !== undefined)
    await markRunDispatched(s3, bucket, event.id, { queued, at: new Date().toISOString() });
  // The heartbeat: a scheduled run queued in full (a manual re-run is not the schedule).
  if (event.kind === 'scheduled') recordScheduledRun(metrics);
  return { targets: targets.length, queued, skipped: skipped.length };
}

export const handler = middy(dispatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
