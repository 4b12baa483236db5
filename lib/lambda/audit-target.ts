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
import { type AuditReport, runAudit } from '../audit/run-audit.js';
import { type ClientSettings, createRegionalClients } from '../collect/clients.js';
import { collectSnapshot } from '../collect/collect.js';
import { CollectionLog, errorCode } from '../collect/log.js';
import { shareNetwork } from '../inventory/shared-network.js';
import type { Snapshot } from '../inventory/types.js';
import { type WriteCounts, writeSecurityHubFindings } from '../report/security-hub.js';
import { RULES } from '../rules/index.js';
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
  | { status: 'audited'; target: Target; report: AuditReport; calls: number; written: WriteCounts }
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
}

/** The network accounts' inventory the message names, other than the target's own account. */
async function networkPeers(target: Target, deps: AuditDependencies): Promise<Snapshot[]> {
  if (target.networkInventory === undefined) return [];
  const bucket = deps.settings.handoffBucket;
  if (bucket === undefined || deps.s3 === undefined)
    throw new Error(
      `the message names ${target.networkInventory}, but HNA_HANDOFF_BUCKET is not set: the hub's paths cannot be followed`,
    );
  const snapshots = await receiveNetworkInventory(deps.s3, bucket, target.networkInventory);
  // The network account's own target collects itself in full.
  return snapshots.filter((snapshot) => snapshot.accountId !== target.accountId);
}

/** Regions enabled in the member account (DescribeRegions answers only those by default). */
async function enabledRegions(
  settings: ClientSettings,
  homeRegion: string,
): Promise<Set<string> | undefined> {
  const ec2 = new EC2Client({ region: homeRegion, ...settings });
  try {
    const answer = await ec2.send(new DescribeRegionsCommand({}));
    return new Set((answer.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])));
  } catch {
    // Unknown: the collection itself will say what it could read.
    return undefined;
  } finally {
    ec2.destroy();
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
  const instrument = deps.instrument ?? (<T>(client: T) => client);
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
  const clientSettings: ClientSettings = {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    instrument,
  };
  const enabled = await enabledRegions(clientSettings, deps.homeRegion);
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
  const snapshot = await collectSnapshot({
    clients: createRegionalClients(clientSettings),
    regions: [target.region],
    accountId: target.accountId,
    partition,
    log,
    now,
  });
  const calls = log.totalCalls() + 1;
  const scp = deniedByScp(snapshot, target.region);
  if (scp !== undefined)
    return { status: 'skipped', target, reason: 'region-denied-by-scp', detail: scp, calls };
  // Paths into the network account's transit gateways are followed with the run's hand-off;
  // only the target's own results are written.
  const shared = shareNetwork([snapshot, ...(await networkPeers(target, deps))]);
  const report = runAudit(shared[0] as Snapshot, {
    rules: RULES,
    config: auditConfigOf(settings),
    now,
    peers: shared,
  });
  // Security Hub takes custom findings only in the account they belong to: write with the member's credentials.
  const hub = instrument(new SecurityHubClient({ region: target.region, ...clientSettings }));
  try {
    const written = await writeSecurityHubFindings(report.results, {
      client: hub,
      accountId: target.accountId,
      partition,
      region: target.region,
      now,
      ...(settings.docsBaseUrl ? { docsBaseUrl: settings.docsBaseUrl } : {}),
    });
    return { status: 'audited', target, report, calls, written };
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
  } finally {
    hub.destroy();
  }
}
