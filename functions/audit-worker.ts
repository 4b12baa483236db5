/**
 * SQS-triggered worker: one message is one (account, region) to audit. Failures are
 * reported per message (partial batch response), so SQS retries only those; a target
 * that can never succeed (member role not assumable, region not enabled, denied by an SCP,
 * Security Hub off) ends as a counted skip instead of a retry; every other failure is counted
 * by its error code (TargetsFailed{Code}) and left to SQS.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { clientFactory } from '../lib/collect/client-config.js';
import { errorCode } from '../lib/collect/log.js';
import { auditTarget } from '../lib/lambda/audit-target.js';
import { parseSqsEvent, parseTarget } from '../lib/lambda/events.js';
import { HandoffBucketMissing } from '../lib/lambda/network-handoff.js';
import {
  observability,
  recordFailure,
  recordHandoffBucketMissing,
  recordOutcome,
} from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('audit-worker');
const settings = readSettings(process.env);
const instrument = <T>(client: T) => tracer.captureAWSv3Client(client);
// The function's own clients (its role): STS to reach the members, S3 for the run's hand-off.
const clients = clientFactory({ ...(settings.endpoint ? { endpoint: settings.endpoint } : {}), instrument });
const home = process.env.AWS_REGION ?? 'us-east-1';
const sts = clients(STSClient, home);
const s3 = clients(S3Client, home);

/** Time kept in hand: a target is not started with less than this left. */
const RESERVE_MS = 60_000;

export async function auditBatch(
  input: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> {
  // A batch that is not an SQS event, or a record without a messageId, cannot be answered record by record.
  const event = parseSqsEvent(input);
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (context.getRemainingTimeInMillis() < RESERVE_MS) {
      logger.warn('deadline near: leaving the target to SQS', { messageId: record.messageId });
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const startedAt = Date.now();
    // biome-ignore lint/plugin: a failed target is logged and counted by its code, and goes back to SQS (partial batch response): nothing is lost.
    try {
      const target = parseTarget(record.body);
      const outcome = await auditTarget(
        target,
        {
          settings,
          sts,
          s3,
          homeRegion: process.env.AWS_REGION ?? target.region,
          instrument,
        },
        new Date(),
      );
      recordOutcome(metrics, outcome, startedAt);
      if (outcome.status === 'skipped')
        logger.warn('target skipped', { ...target, reason: outcome.reason, detail: outcome.detail });
      else
        logger.info('target audited', {
          ...target,
          summary: outcome.report.summary,
          written: { ...outcome.written, failures: undefined },
        });
    } catch (error) {
      logger.error('target failed', {
        messageId: record.messageId,
        code: errorCode(error),
        error: error as Error,
      });
      recordFailure(metrics, errorCode(error));
      // The run's hand-off cannot be read because its bucket is gone: the alarm of its own, not only a failure.
      if (error instanceof HandoffBucketMissing) recordHandoffBucketMissing(metrics);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = middy(auditBatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
