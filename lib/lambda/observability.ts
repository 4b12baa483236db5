/** Powertools for the three functions: structured logs, EMF metrics and traces, created once per cold start. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { TargetOutcome } from './audit-target.js';

const serviceName = 'hybrid-network-auditor';

export function observability(functionName: string) {
  return {
    logger: new Logger({ serviceName, persistentLogAttributes: { function: functionName } }),
    metrics: new Metrics({ serviceName, namespace: 'HybridNetworkAuditor' }),
    tracer: new Tracer({ serviceName }),
  };
}

/** Metrics of one audited target: results by status, API calls, findings written, duration. */
export function recordOutcome(metrics: Metrics, outcome: TargetOutcome, startedAt: number): void {
  for (const [status, count] of Object.entries(outcome.report.summary))
    metrics.addMetric(`Results${status}`, MetricUnit.Count, count);
  metrics.addMetric('ApiCalls', MetricUnit.Count, outcome.calls);
  metrics.addMetric('FindingsImported', MetricUnit.Count, outcome.written.imported);
  metrics.addMetric('FindingsArchived', MetricUnit.Count, outcome.written.archived);
  metrics.addMetric('FindingsFailed', MetricUnit.Count, outcome.written.failed);
  metrics.addMetric('AuditDuration', MetricUnit.Milliseconds, Date.now() - startedAt);
}
