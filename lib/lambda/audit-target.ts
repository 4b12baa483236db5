/**
 * One unit of work of the fan-out: audit one (account, region) and write its findings
 * to Security Hub in that account, with that account's credentials. A target that can
 * never succeed ends as a counted skip with its reason, not as a retry: a member role that
 * cannot be assumed (not deployed there, or not trusting this auditor), a region not
 * enabled in the member account, a region denied by a service control policy, a region
 * where Security Hub is not enabled (the findings cannot be written).
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AuditReport } from '../audit/run-audit.js';
import { auditAccount, type Collector, collectorOf } from '../audit/service.js';
import { type ClientFactory, clientFactory, createRegionalClients } from '../collect/clients.js';
import { CollectionLog, errorCode } from '../collect/log.js';
import type { Snapshot } from '../inventory/types.js';
import { type WriteCounts, writeSecurityHubFindings } from '../report/security-hub.js';
import { RULES } from '../rules/index.js';
import { isDefect } from '../util/errors.js';
import { auditConfigOf } from './audit-config.js';
import { EventError, type Target } from './events.js';
import { MemberRoleUnavailable, memberCredentials } from './member-credentials.js';
import { receiveNetworkInventory } from './network-handoff.js';
import type { LambdaSettings } from './settings.js';

export type { Target } from './events.js';

export type SkipReason =
  | 'member-role-unavailable'
  | 'region-not-enabled'
  | 'region-denied-by-scp'
  | 'security-hub-not-enabled';

export type TargetOutcome =
  | {
      status: 'audited';
      target: Target;
      report: AuditReport;
      calls: number;
      written: WriteCounts;
      /** The object written to the Security Lake custom source, when one is configured. */
      securityLakeObject?: string;
    }
  | {
      status: 'skipped';
      target: Target;
      reason: SkipReason;
      detail: string;
      report?: AuditReport;
      calls: number;
    };

export interface AuditDependencies {
  settings: LambdaSettings;
  sts: STSClient;
  /** Where the function runs: the region asked which regions the member account has enabled. */
  homeRegion: string;
  /** Wraps each AWS client (X-Ray tracing in Lambda). */
  instrument?: <T>(client: T) => T;
  /** Reads the run's network inventory from the hand-off bucket, with the worker's own role. */
  s3?: S3Client;
  /** How the target is read (a test passes a fixed snapshot): by default, collected with the member's clients. */
  collect?: (clients: ClientFactory) => Collector;
}

/** The network accounts' inventory the message names, other than the target's own account. */
async function networkPeers(target: Target, deps: AuditDependencies): Promise<Snapshot[]> {
  if (target.networkInventory === undefined) return [];
  const bucket = deps.settings.handoffBucket;
  if (bucket === undefined || deps.s3 === undefined)
    throw new Error(
      `the message names ${target.networkInventory}, but HNA_HANDOFF_BUCKET is not set: the hub's paths cannot be followed`,
    );
  return receiveNetworkInventory(deps.s3, bucket, target.networkInventory);
}

/** Regions enabled in the member account (DescribeRegions answers only those by default). */
async function enabledRegions(clients: ClientFactory, homeRegion: string): Promise<Set<string> | undefined> {
  try {
    const answer = await clients(EC2Client, homeRegion).send(new DescribeRegionsCommand({}));
    return new Set((answer.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])));
  } catch (error) {
    // Refused or unreachable: unknown, and the collection itself will say what it could read. A bug is not that.
    if (isDefect(error)) throw error;
    return undefined;
  }
}

/** Every EC2 call of the region was refused by a service control policy: nothing there can be read. */
function deniedByScp(snapshot: Snapshot, region: string): string | undefined {
  const ec2Errors = (snapshot.errors ?? []).filter((e) => e.region === region && e.service === 'ec2');
  const collected = snapshot.regions?.[region]?.ec2;
  const anyRead = collected !== undefined && Object.values(collected).some((list) => list !== undefined);
  const scp = ec2Errors.find((e) => /service control polic/i.test(e.message));
  return !anyRead && scp !== undefined ? `${scp.operation}: ${scp.code}: ${scp.message}` : undefined;
}

export async function auditTarget(
  target: Target,
  deps: AuditDependencies,
  now: Date,
): Promise<TargetOutcome> {
  const { settings } = deps;
  // With network accounts, a spoke audited without the run's hub inventory would take the hub's
  // paths as opaque and could pass what its tables close: such a message is refused.
  if (
    settings.networkAccounts.length > 0 &&
    target.networkInventory === undefined &&
    !settings.networkAccounts.includes(target.accountId)
  )
    throw new EventError(
      `message for ${target.accountId} ${target.region} names no network inventory although HNA_NETWORK_ACCOUNTS is set: send the account through the dispatcher (a manual re-run builds a fresh hand-off)`,
    );
  let member: Awaited<ReturnType<typeof memberCredentials>>;
  try {
    member = await memberCredentials(target.accountId, target.region, settings, deps.sts);
  } catch (error) {
    // No role to assume there (a new account, an excluded OU): every retry would fail alike.
    if (error instanceof MemberRoleUnavailable)
      return {
        status: 'skipped',
        target,
        reason: 'member-role-unavailable',
        detail: error.message,
        calls: 2,
      };
    throw error;
  }
  const { credentials, partition } = member;
  // Every client in the member account, from one factory: its credentials, hna's retries, traced.
  const clients = clientFactory({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    ...(deps.instrument ? { instrument: deps.instrument } : {}),
  });
  try {
    return await auditWithClients(target, deps, now, clients, partition);
  } finally {
    clients.destroy();
  }
}

async function auditWithClients(
  target: Target,
  deps: AuditDependencies,
  now: Date,
  clients: ClientFactory,
  partition: string,
): Promise<TargetOutcome> {
  const { settings } = deps;
  const enabled = await enabledRegions(clients, deps.homeRegion);
  if (enabled !== undefined && !enabled.has(target.region)) {
    return {
      status: 'skipped',
      target,
      reason: 'region-not-enabled',
      detail: `${target.region} is not enabled in ${target.accountId}`,
      calls: 1,
    };
  }
  const log = new CollectionLog();
  // Paths into the network account's transit gateways are followed with the run's hand-off;
  // only the target's own results are written.
  const { snapshot, report } = await auditAccount(
    { accountId: target.accountId, partition, regions: [target.region] },
    {
      collect: (deps.collect ?? ((factory) => collectorOf(createRegionalClients(factory))))(clients),
      log,
      rules: RULES,
      config: auditConfigOf(settings),
      now,
      network: await networkPeers(target, deps),
    },
  );
  const calls = log.totalCalls() + 1;
  const scp = deniedByScp(snapshot, target.region);
  if (scp !== undefined)
    return { status: 'skipped', target, reason: 'region-denied-by-scp', detail: scp, calls };
  // Security Hub takes custom findings only in the account they belong to: write with the member's credentials.
  const hub = clients(SecurityHubClient, target.region);
  try {
    const written = await writeSecurityHubFindings(report.results, {
      client: hub,
      accountId: target.accountId,
      partition,
      region: target.region,
      now,
      ...(settings.docsBaseUrl ? { docsBaseUrl: settings.docsBaseUrl } : {}),
    });
    // The optional sink (and its Parquet writer) loads only where a Security Lake source is
    // configured: no other cold start pays for it.
    const securityLakeObject =
      settings.securityLake === undefined
        ? undefined
        : await (await import('./security-lake-sink.js')).deliverToSecurityLake(report, target, deps, now);
    return {
      status: 'audited',
      target,
      report,
      calls,
      written,
      ...(securityLakeObject ? { securityLakeObject } : {}),
    };
  } catch (error) {
    if (errorCode(error) === 'InvalidAccessException')
      return {
        status: 'skipped',
        target,
        reason: 'security-hub-not-enabled',
        detail: `Security Hub is not enabled in ${target.accountId} ${target.region}: the findings cannot be written`,
        report,
        calls,
      };
    throw error;
  }
}
