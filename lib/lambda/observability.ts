/** Powertools for the three functions: structured logs, EMF metrics and traces, created once per cold start. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { TargetOutcome } from './audit-target.js';

const serviceName = 'hybrid-network-auditor';

export function observability(functionName: string) {
  const logger = new Logger({ serviceName, persistentLogAttributes: { function: functionName } });
  return {
    logger,
    // Metrics' own warnings (an invocation that added none) go through the structured log too.
    metrics: new Metrics({ serviceName, namespace: 'HybridNetworkAuditor', logger }),
    tracer: new Tracer({ serviceName }),
  };
}

/** A target that was not audited and never will be as things stand: counted by reason, not retried. */
export function recordSkip(metrics: Metrics, reason: string, count = 1): void {
  const single = metrics.singleMetric();
  single.addDimension('Reason', reason);
  single.addMetric('TargetsSkipped', MetricUnit.Count, count);
  // And without the reason: SkippedTargetsAlarm reads the share of all targets skipped.
  metrics.addMetric('TargetsSkipped', MetricUnit.Count, count);
}

/**
 * The heartbeat of the schedule: one scheduled run dispatched in full. ScheduledRunHeartbeatAlarm
 * breaches when a window passes without it (a schedule disabled, a dispatch that keeps failing).
 */
export function recordScheduledRun(metrics: Metrics): void {
  metrics.addMetric('ScheduledRunsDispatched', MetricUnit.Count, 1);
}

/** The hand-off bucket is gone (HandoffBucketMissingAlarm): counted wherever a function meets it. */
export function recordHandoffBucketMissing(metrics: Metrics): void {
  metrics.addMetric('HandoffBucketMissing', MetricUnit.Count, 1);
}

/** A Config event not evaluated: refused (an account outside the organization) or skipped (no member role). */
export function recordConfigEventNotEvaluated(
  metrics: Metrics,
  metric: 'ConfigEventsRefused' | 'ConfigEventsSkipped',
  reason: string,
): void {
  const single = metrics.singleMetric();
  single.addDimension('Reason', reason);
  single.addMetric(metric, MetricUnit.Count, 1);
  metrics.addMetric(metric, MetricUnit.Count, 1);
}

/** A target that failed and goes back to SQS, counted by its error code (alarms read TargetsFailed). */
export function recordFailure(metrics: Metrics, code: string): void {
  const single = metrics.singleMetric();
  single.addDimension('Code', code);
  single.addMetric('TargetsFailed', MetricUnit.Count, 1);
  // And without the code: the TargetsFailed alarm reads the total (an alarm names every dimension).
  metrics.addMetric('TargetsFailed', MetricUnit.Count, 1);
}

/** Metrics of one target: results by status, API calls, findings written, duration; or its skip. */
export function recordOutcome(metrics: Metrics, outcome: TargetOutcome, startedAt: number): void {
  metrics.addMetric('ApiCalls', MetricUnit.Count, outcome.calls);
  metrics.addMetric('AuditDuration', MetricUnit.Milliseconds, Date.now() - startedAt);
  if (outcome.status === 'skipped') {
    recordSkip(metrics, outcome.reason);
    return;
  }
  metrics.addMetric('TargetsAudited', MetricUnit.Count, 1);
  for (const [status, count] of Object.entries(outcome.report.summary))
    metrics.addMetric(`Results${status}`, MetricUnit.Count, count);
  metrics.addMetric('FindingsImported', MetricUnit.Count, outcome.written.imported);
  metrics.addMetric('FindingsArchived', MetricUnit.Count, outcome.written.archived);
  metrics.addMetric('FindingsFailed', MetricUnit.Count, outcome.written.failed);
}
