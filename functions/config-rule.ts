/**
 * AWS Config custom rule (an organization rule): validates the event and evaluates
 * it in the member account it came from (lib/lambda/config-rule.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import { clientFactory } from '../lib/collect/client-config.js';
import { type ConfigRuleOutcome, evaluateConfigEvent } from '../lib/lambda/config-rule.js';
import { HandoffBucketMissing } from '../lib/lambda/network-handoff.js';
import {
  observability,
  recordConfigEventNotEvaluated,
  recordHandoffBucketMissing,
} from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('config-rule');
const settings = readSettings(process.env);
const instrument = <T>(client: T) => tracer.captureAWSv3Client(client);
// The function's own clients (its role): STS to reach the members, S3 for the last run's hand-off.
const clients = clientFactory({ ...(settings.endpoint ? { endpoint: settings.endpoint } : {}), instrument });
const home = process.env.AWS_REGION ?? 'us-east-1';
const sts = clients(STSClient, home);
const s3 = clients(S3Client, home);
// Organizations answers in us-east-1 (aws) whatever the caller's region; the SDK routes it.
const organizations = clients(OrganizationsClient, home);

export async function evaluate(event: unknown): Promise<ConfigRuleOutcome> {
  let outcome: ConfigRuleOutcome;
  try {
    outcome = await evaluateConfigEvent(event, {
      sts,
      s3,
      organizations,
      settings,
      region: home,
      now: () => new Date(),
      instrument,
    });
  } catch (error) {
    if (error instanceof HandoffBucketMissing) {
      recordHandoffBucketMissing(metrics);
      logger.error('hand-off bucket missing', { error: error.message });
    }
    throw error;
  }
  if (outcome.status === 'evaluated') {
    metrics.addMetric('EvaluationsSent', 'Count', outcome.evaluations);
    logger.info('evaluations sent', { ...outcome });
  } else {
    // Counted, and not retried: an error would make Lambda retry twice and fill the failure queue.
    recordConfigEventNotEvaluated(
      metrics,
      outcome.status === 'refused' ? 'ConfigEventsRefused' : 'ConfigEventsSkipped',
      outcome.reason,
    );
    logger.warn(`Config event ${outcome.status}`, { ...outcome });
  }
  return outcome;
}

export const handler = middy(evaluate)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
