/**
 * AWS Config custom rule (an organization rule): validates the event and evaluates
 * it in the member account it came from (lib/lambda/config-rule.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import { type ConfigRuleOutcome, evaluateConfigEvent } from '../lib/lambda/config-rule.js';
import { observability } from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';

const { logger, metrics, tracer } = observability('config-rule');
const settings = readSettings(process.env);
const sts = tracer.captureAWSv3Client(
  new STSClient(settings.endpoint ? { endpoint: settings.endpoint } : {}),
);

export async function evaluate(event: unknown): Promise<ConfigRuleOutcome> {
  const outcome = await evaluateConfigEvent(event, {
    sts,
    settings,
    region: process.env.AWS_REGION ?? 'us-east-1',
    now: () => new Date(),
    instrument: (client) => tracer.captureAWSv3Client(client),
  });
  metrics.addMetric('EvaluationsSent', 'Count', outcome.evaluations);
  logger.info('evaluations sent', { ...outcome });
  return outcome;
}

export const handler = middy(evaluate)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
