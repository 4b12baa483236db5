/**
 * A small hybrid account in a private emulator (its own moto on loopback, so no other
 * test file resets it), collected through the fault proxy and audited.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { runAudit } from '../../lib/audit/service.js';
import type { RuleResult } from '../../lib/catalog/rule.js';
import { type ClientSettings, createRegionalClients, resolveIdentity } from '../../lib/collect/clients.js';
import { collectSnapshot } from '../../lib/collect/collect.js';
import { CollectionLog } from '../../lib/collect/log.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { attachStaticVpn } from '../support/emulator-vpn.js';
import { config, NOW, RULES } from '../support/fixtures.js';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const AUDIT_CONFIG = {
  sourceCidrs: ['10.20.0.0/16'],
  s3PrivateLink: { buckets: ['acme-veeam-backups'] },
};

/** Creates the account: a hybrid VPC with a VPN, an S3 interface endpoint, and a pinned backup bucket. */
export async function seedAccount(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  const ec2 = new EC2Client({ region: REGION, endpoint, credentials: CREDENTIALS });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
  const VpcId = vpc.Vpc?.VpcId as string;
  const subnet = await ec2.send(
    new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.2.0/24', AvailabilityZone: `${REGION}a` }),
  );
  const SubnetId = subnet.Subnet?.SubnetId as string;
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'endpoints', Description: 'endpoints', VpcId }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId as string,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
      ],
    }),
  );
  const endpointAnswer = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId,
      ServiceName: `com.amazonaws.${REGION}.s3`,
      VpcEndpointType: 'Interface',
      SubnetIds: [SubnetId],
      SecurityGroupIds: [group.GroupId as string],
    }),
  );
  const VpnGatewayId = await attachStaticVpn(ec2, VpcId);
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] }),
  );
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: tables.RouteTables?.[0]?.RouteTableId as string,
      DestinationCidrBlock: '10.20.0.0/16',
      GatewayId: VpnGatewayId,
    }),
  );
  const s3 = new S3Client({ region: REGION, endpoint, credentials: CREDENTIALS, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: 'acme-veeam-backups',
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'acme-veeam-backups',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyOutsideEndpoint',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::acme-veeam-backups', 'arn:aws:s3:::acme-veeam-backups/*'],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': endpointAnswer.VpcEndpoint?.VpcEndpointId },
              ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/BackupAdmin' },
            },
          },
        ],
      }),
    }),
  );
  ec2.destroy();
  s3.destroy();
}

export interface Collected {
  snapshot: Snapshot;
  log: CollectionLog;
  results: RuleResult[];
}

/** Identity, collection and audit, through whatever endpoint is given (the proxy or the emulator). */
export async function collectAndAudit(
  endpoint: string,
  extra: Partial<ClientSettings> = {},
): Promise<Collected> {
  const log = new CollectionLog();
  const settings: ClientSettings = { endpoint, credentials: CREDENTIALS, observer: log, ...extra };
  const identity = await resolveIdentity(settings, REGION);
  const snapshot = await collectSnapshot({
    clients: createRegionalClients(settings),
    regions: [REGION],
    accountId: identity.accountId,
    partition: identity.partition,
    log,
    now: NOW,
  });
  const { results } = runAudit(snapshot, { rules: RULES, config: config(AUDIT_CONFIG), now: NOW });
  return { snapshot, log, results };
}

/** What a person reads of an audit: each result's status and evidence, by rule and resource. */
export function verdicts(results: readonly RuleResult[]): Record<string, string> {
  return Object.fromEntries(
    results.map((r) => [`${r.ruleId} ${r.region} ${r.resourceId}`, `${r.status}: ${r.evidence ?? ''}`]),
  );
}

/** The failed calls of a collection, without their messages (which carry request ids). */
export function failedCalls(snapshot: Snapshot): string[] {
  return (snapshot.errors ?? []).map((e) => `${e.service}:${e.operation} ${e.code}`).sort();
}

/**
 * The services the emulator serves. It answers the others (DataSync, DRS, Direct Connect)
 * with a 5xx on every attempt, and such a call ends with its last attempt's error, which an
 * injected fault would replace: faults go to the served services only, so every call that
 * can succeed meets them and the comparison with the fault-free run stays exact.
 */
export const SERVED = new Set(['ec2', 's3', 'rds', 'route53resolver', 'sts', 'securityhub']);
/** Operations of a served service that the emulator does not serve (VPC Block Public Access). */
const UNSERVED_OPERATIONS = new Set([
  'DescribeVpcBlockPublicAccessOptions',
  'DescribeVpcBlockPublicAccessExclusions',
]);
export const servedOnly = (request: { service: string; operation: string }) =>
  SERVED.has(request.service) && !UNSERVED_OPERATIONS.has(request.operation);
