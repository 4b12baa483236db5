/**
 * Results as AWS Config evaluations: one per resource that Config knows, with the
 * worst status over the rules; NOT_AVAILABLE gives no evaluation at all (Config
 * would read a missing evaluation as "not evaluated", which is the truth).
 */
import {
  type ConfigServiceClient,
  type Evaluation,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import type { RuleResult } from '../catalog/rule.js';
import { truncate } from './asff.js';

export const MAX_EVALUATIONS_PER_CALL = 100;
const ANNOTATION_LIMIT = 256;

/** The Config resource type for a result's resource, or undefined when Config has none. */
export function configResourceType(
  result: Pick<RuleResult, 'resourceType' | 'resourceId' | 'resourceArn'>,
): string | undefined {
  const { resourceId: id } = result;
  switch (result.resourceType) {
    case 'AwsEc2Subnet':
      return 'AWS::EC2::Subnet';
    case 'AwsEc2Vpc':
      return 'AWS::EC2::VPC';
    case 'AwsEc2SecurityGroup':
      return 'AWS::EC2::SecurityGroup';
    case 'AwsEc2RouteTable':
      return 'AWS::EC2::RouteTable';
    case 'AwsEc2NetworkAcl':
      return 'AWS::EC2::NetworkAcl';
    case 'AwsEc2VpnConnection':
      return 'AWS::EC2::VPNConnection';
    case 'AwsS3Bucket':
      return 'AWS::S3::Bucket';
    // Config names RDS resources by their DbiResourceId / DbClusterResourceId, which results do not
    // carry (they name databases by identifier, as people do): no evaluation rather than a wrong one.
    case 'AwsRdsDbInstance':
    case 'AwsRdsDbCluster':
    case 'AwsAccount':
      return undefined;
    default:
      if (id.startsWith('vpce-')) return 'AWS::EC2::VPCEndpoint';
      if (id.startsWith('vgw-')) return 'AWS::EC2::VPNGateway';
      if (id.startsWith('tgw-attach-')) return 'AWS::EC2::TransitGatewayAttachment';
      if (/:datasync:[^:]+:\d+:agent\//.test(result.resourceArn)) return 'AWS::DataSync::Agent';
      return undefined;
  }
}

/** Config names DataSync agents by ARN and everything else here by its own id. */
function configResourceId(result: RuleResult, type: string): string {
  return type === 'AWS::DataSync::Agent' ? result.resourceArn : result.resourceId;
}

const RANK = { FAILED: 4, WARNING: 3, PASSED: 2, SUPPRESSED: 1, NOT_APPLICABLE: 0 } as const;

export interface EvaluationOptions {
  /** When the evaluated configuration was read: the snapshot's collectedAt or the triggering notification's time. */
  orderingTimestamp: Date;
}

export function toEvaluations(results: readonly RuleResult[], options: EvaluationOptions): Evaluation[] {
  const byResource = new Map<string, { type: string; id: string; results: RuleResult[] }>();
  for (const result of results) {
    if (result.status === 'NOT_AVAILABLE') continue;
    const type = configResourceType(result);
    if (type === undefined) continue;
    const id = configResourceId(result, type);
    const key = `${type} ${id}`;
    const entry = byResource.get(key) ?? { type, id, results: [] };
    entry.results.push(result);
    byResource.set(key, entry);
  }
  // A resource with a NOT_AVAILABLE result anywhere is not fully judged: no evaluation, never a guess.
  const unavailable = new Set(
    results
      .filter((r) => r.status === 'NOT_AVAILABLE')
      .flatMap((r) => {
        const type = configResourceType(r);
        return type === undefined ? [] : [`${type} ${configResourceId(r, type)}`];
      }),
  );
  const evaluations: Evaluation[] = [];
  for (const [key, entry] of byResource) {
    if (unavailable.has(key)) continue;
    const worst = entry.results.reduce((a, b) =>
      RANK[b.status as keyof typeof RANK] > RANK[a.status as keyof typeof RANK] ? b : a,
    );
    const complianceType =
      worst.status === 'FAILED' || worst.status === 'WARNING'
        ? 'NON_COMPLIANT'
        : worst.status === 'NOT_APPLICABLE'
          ? 'NOT_APPLICABLE'
          : 'COMPLIANT';
    evaluations.push({
      ComplianceResourceType: entry.type,
      ComplianceResourceId: entry.id,
      ComplianceType: complianceType,
      Annotation: annotation(entry.results),
      OrderingTimestamp: options.orderingTimestamp,
    });
  }
  return evaluations;
}

/** Failing rule ids first, then warnings, then the rest: what a person should look at first. */
function annotation(results: readonly RuleResult[]): string {
  const ids = (status: RuleResult['status']) =>
    results.filter((r) => r.status === status).map((r) => r.ruleId);
  const parts = [
    ids('FAILED').length ? `FAILED ${ids('FAILED').join(', ')}` : '',
    ids('WARNING').length ? `WARNING ${ids('WARNING').join(', ')}` : '',
    ids('SUPPRESSED').length ? `SUPPRESSED ${ids('SUPPRESSED').join(', ')}` : '',
    ids('PASSED').length ? `PASSED ${ids('PASSED').join(', ')}` : '',
  ].filter(Boolean);
  return truncate(parts.join('; ') || 'NOT_APPLICABLE', ANNOTATION_LIMIT);
}

export interface PutEvaluationsResult {
  sent: number;
  failed: Evaluation[];
}

/** Sends the evaluations in calls of at most 100; the TESTMODE token (Config's rule test) is honoured. */
export async function putEvaluations(
  client: ConfigServiceClient,
  evaluations: readonly Evaluation[],
  resultToken: string,
): Promise<PutEvaluationsResult> {
  const result: PutEvaluationsResult = { sent: 0, failed: [] };
  const testMode = resultToken === 'TESTMODE';
  for (let start = 0; start < evaluations.length; start += MAX_EVALUATIONS_PER_CALL) {
    const batch = evaluations.slice(start, start + MAX_EVALUATIONS_PER_CALL);
    const answer = await client.send(
      new PutEvaluationsCommand({
        Evaluations: batch,
        ResultToken: resultToken,
        ...(testMode ? { TestMode: true } : {}),
      }),
    );
    result.failed.push(...(answer.FailedEvaluations ?? []));
    result.sent += batch.length - (answer.FailedEvaluations?.length ?? 0);
  }
  return result;
}
