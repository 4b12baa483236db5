/**
 * SQS-triggered worker: one message is one (account, region) to audit. Failures
 * are reported per message (partial batch response), so SQS retries only those and
 * sends a target that keeps failing to the dead-letter queue.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { auditTarget, parseTarget } from '../lib/lambda/audit-target.js';
import { observability, recordOutcome } from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('audit-worker');
const settings = readSettings(process.env);
const sts = tracer.captureAWSv3Client(
  new STSClient({ ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) }),
);

/** Time kept in hand: a target is not started with less than this left. */
const RESERVE_MS = 60_000;

export async function auditBatch(
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (context.getRemainingTimeInMillis() < RESERVE_MS) {
      logger.warn('deadline near: leaving the target to SQS', { messageId: record.messageId });
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const startedAt = Date.now();
    try {
      const target = parseTarget(record.body);
      const outcome = await auditTarget(target, settings, sts, new Date());
      recordOutcome(metrics, outcome, startedAt);
      logger.info('target audited', {
        ...target,
        summary: outcome.report.summary,
        written: { ...outcome.written, failures: undefined },
      });
    } catch (error) {
      logger.error('target failed', { messageId: record.messageId, error: error as Error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = middy(auditBatch)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
