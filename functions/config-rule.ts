/**
 * AWS Config custom rule. A change to one resource re-evaluates its region (the
 * rules need the whole network around it) and reports evaluations for every
 * resource Config knows; a deleted resource, or one that left the rule's scope,
 * is NOT_APPLICABLE.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import middy from '@middy/core';
import { runAudit } from '../lib/audit/run-audit.js';
import { createRegionalClients } from '../lib/collect/clients.js';
import { collectSnapshot } from '../lib/collect/collect.js';
import { CollectionLog } from '../lib/collect/log.js';
import { parseConfig } from '../lib/config/load.js';
import { observability } from '../lib/lambda/observability.js';
import { readSettings } from '../lib/lambda/settings.js';
import { putEvaluations, toEvaluations } from '../lib/report/config-evaluations.js';
import { RULES, ruleIds } from '../lib/rules/index.js';

const { logger, metrics, tracer } = observability('config-rule');
const settings = readSettings(process.env);
const endpoint = settings.endpoint ? { endpoint: settings.endpoint } : {};
const config = tracer.captureAWSv3Client(new ConfigServiceClient(endpoint));
const sts = tracer.captureAWSv3Client(new STSClient(endpoint));

/** The event AWS Config sends a custom Lambda rule (@types/aws-lambda has no type for it). */
export interface ConfigEvent {
  invokingEvent: string;
  ruleParameters?: string;
  resultToken: string;
  eventLeftScope?: boolean;
  accountId: string;
  configRuleName?: string;
  configRuleArn?: string;
  executionRoleArn?: string;
  version?: string;
}

interface ItemSummary {
  resourceType: string;
  resourceId: string;
  configurationItemStatus?: string;
  configurationItemCaptureTime?: string;
}

interface InvokingEvent {
  messageType: string;
  notificationCreationTime?: string;
  configurationItem?: ItemSummary;
  configurationItemSummary?: ItemSummary;
}

const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** Rule parameters are strings (Config requires it): JSON values are parsed, lists may be comma separated. */
export function configFromParameters(text: string | undefined) {
  const raw = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') document[key] = value;
    else {
      try {
        document[key] = JSON.parse(value);
      } catch {
        document[key] = /Cidrs$|^buckets$/.test(key) ? value.split(',').map((v) => v.trim()) : value;
      }
    }
  }
  return parseConfig(document, 'ruleParameters', ruleIds());
}

function parseEvent(event: ConfigEvent): InvokingEvent {
  if (typeof event?.invokingEvent !== 'string' || typeof event.resultToken !== 'string') {
    throw new Error('not an AWS Config rule event (invokingEvent and resultToken are required)');
  }
  const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
  if (typeof invoking.messageType !== 'string') throw new Error('invokingEvent.messageType is missing');
  return invoking;
}

async function changedItem(invoking: InvokingEvent): Promise<ItemSummary | undefined> {
  if (invoking.messageType === 'ConfigurationItemChangeNotification') return invoking.configurationItem;
  if (invoking.messageType === 'OversizedConfigurationItemChangeNotification') {
    const summary = invoking.configurationItemSummary;
    if (summary === undefined) return undefined;
    // The item was too large to send: read it from the configuration history.
    const history = await config.send(
      new GetResourceConfigHistoryCommand({
        resourceType: summary.resourceType as ResourceType,
        resourceId: summary.resourceId,
        limit: 1,
      }),
    );
    const item = history.configurationItems?.[0];
    return item
      ? {
          resourceType: item.resourceType ?? summary.resourceType,
          resourceId: item.resourceId ?? summary.resourceId,
          ...(item.configurationItemStatus ? { configurationItemStatus: item.configurationItemStatus } : {}),
          ...(item.configurationItemCaptureTime
            ? { configurationItemCaptureTime: item.configurationItemCaptureTime.toISOString() }
            : {}),
        }
      : summary;
  }
  return undefined;
}

export async function evaluate(event: ConfigEvent): Promise<{ evaluations: number }> {
  const invoking = parseEvent(event);
  const item = await changedItem(invoking);
  const orderingTimestamp = new Date(
    item?.configurationItemCaptureTime ?? invoking.notificationCreationTime ?? Date.now(),
  );
  if (item !== undefined && (event.eventLeftScope || DELETED.has(item.configurationItemStatus ?? ''))) {
    await putEvaluations(
      config,
      [
        {
          ComplianceResourceType: item.resourceType,
          ComplianceResourceId: item.resourceId,
          ComplianceType: 'NOT_APPLICABLE',
          OrderingTimestamp: orderingTimestamp,
        },
      ],
      event.resultToken,
    );
    return { evaluations: 1 };
  }
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const log = new CollectionLog();
  const snapshot = await collectSnapshot({
    clients: createRegionalClients(endpoint),
    regions: [region],
    accountId: identity.Account ?? event.accountId,
    partition: identity.Arn?.split(':')[1] ?? 'aws',
    log,
    now: new Date(),
  });
  const report = runAudit(snapshot, {
    rules: RULES,
    config: configFromParameters(event.ruleParameters),
    now: new Date(),
  });
  const evaluations = toEvaluations(report.results, { orderingTimestamp });
  if (evaluations.length === 0) return { evaluations: 0 };
  const sent = await putEvaluations(config, evaluations, event.resultToken);
  metrics.addMetric('EvaluationsSent', 'Count', sent.sent);
  logger.info('evaluations sent', {
    messageType: invoking.messageType,
    sent: sent.sent,
    failed: sent.failed.length,
    summary: report.summary,
  });
  return { evaluations: sent.sent };
}

export const handler = middy(evaluate)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
