/**
 * The scheduled run's dispatch: list the (account, region) targets and queue one FIFO
 * message each. The deduplication id is the run's event id with the target, so an
 * EventBridge retry of the same run (same event id) queues no target twice; only the
 * entries SQS refused are sent again. The management account is skipped by name unless
 * the member role is deployed there (service-managed StackSets never deploy to it).
 */
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  type OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import { clientFactory } from '../collect/client-config.js';
import { CollectionLog } from '../collect/log.js';
import type { NetworkCollectOptions } from '../collect/network-account.js';
import { collectNetworkInventory } from '../collect/network-account.js';
import type { Snapshot } from '../inventory/types.js';
import { EventError, type ScheduledInvocation, type Target } from './events.js';
import { type Credentials, memberCredentials } from './member-credentials.js';
import { handOffNetworkInventory } from './network-handoff.js';
import type { LambdaSettings } from './settings.js';

export interface DispatchDependencies {
  settings: LambdaSettings;
  sqs: SQSClient;
  organizations: OrganizationsClient;
  ec2: EC2Client;
  /** Backoff between attempts to send refused entries (tests pass a short one). */
  sleep?: (ms: number) => Promise<void>;
}

export interface Skipped {
  target: Target;
  reason: 'management-account';
  detail: string;
}

export interface DispatchOutcome {
  targets: number;
  queued: number;
  skipped: Skipped[];
  /** Entries SQS refused after every attempt (the run then fails and EventBridge retries it). */
  failed: { target: Target; code: string; message: string }[];
}

const SEND_ATTEMPTS = 5;

async function accounts(deps: DispatchDependencies): Promise<{ ids: string[]; management?: string }> {
  if (deps.settings.accounts.length > 0) return { ids: deps.settings.accounts };
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: deps.organizations }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.State === 'ACTIVE' && account.Id) ids.push(account.Id);
  }
  const organization = await deps.organizations.send(new DescribeOrganizationCommand({}));
  const management = organization.Organization?.MasterAccountId;
  return { ids, ...(management ? { management } : {}) };
}

async function regions(deps: DispatchDependencies): Promise<string[]> {
  if (deps.settings.regions !== 'all') return deps.settings.regions;
  const answer = await deps.ec2.send(new DescribeRegionsCommand({}));
  return (answer.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}

/** The run's identity in deduplication ids: SQS allows up to 128 alphanumeric and punctuation characters. */
function runId(event: Pick<ScheduledInvocation, 'id' | 'time'>): string {
  return (event.id ?? event.time).replace(/[^A-Za-z0-9!"#$%&'()*+,./:;<=>?@[\\\]^_`{|}~-]/g, '').slice(0, 80);
}

export async function listTargets(
  deps: DispatchDependencies,
  self: string,
  /** A manual re-run's choice: only these accounts and regions, each of which must be one of the run's. */
  only: { accounts?: readonly string[]; regions?: readonly string[] } = {},
): Promise<{ targets: Target[]; skipped: Skipped[] }> {
  const [all, allRegions] = await Promise.all([accounts(deps), regions(deps)]);
  const unknownAccount = only.accounts?.find((id) => !all.ids.includes(id));
  if (unknownAccount !== undefined)
    throw new EventError(
      `manual re-run event: accounts: ${unknownAccount} is not an account this auditor audits (not in the organization or the configured accounts)`,
    );
  const unknownRegion = only.regions?.find((region) => !allRegions.includes(region));
  if (unknownRegion !== undefined)
    throw new EventError(
      `manual re-run event: regions: ${unknownRegion} is not one of the audited regions (${allRegions.join(', ')})`,
    );
  const ids = only.accounts ? all.ids.filter((id) => only.accounts?.includes(id)) : all.ids;
  const regionNames = only.regions ? allRegions.filter((r) => only.regions?.includes(r)) : allRegions;
  const { management } = all;
  const targets: Target[] = [];
  const skipped: Skipped[] = [];
  for (const accountId of ids) {
    for (const region of regionNames) {
      const target = { accountId, region };
      if (accountId === management && management !== self && !deps.settings.auditManagementAccount) {
        skipped.push({
          target,
          reason: 'management-account',
          detail: `${accountId} is the management account, where service-managed StackSets deploy no member role; deploy infra/member-role.yml there by its own stack and set auditManagementAccount=true to audit it`,
        });
      } else targets.push(target);
    }
  }
  return { targets, skipped };
}

/** The EC2, Direct Connect and Route 53 clients of a network account (hna's retries, the member role's credentials). */
export function hubClients(
  settings: Pick<LambdaSettings, 'endpoint'>,
  instrument: <T>(client: T) => T,
): NetworkHandoffDependencies['clients'] {
  return (credentials) => {
    const client = clientFactory({
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      instrument,
    });
    return {
      ec2: (region) => client(EC2Client, region),
      directconnect: (region) => client(DirectConnectClient, region),
      route53resolver: (region) => client(Route53ResolverClient, region),
      route53: (region) => client(Route53Client, region),
    };
  };
}

export interface NetworkHandoffDependencies {
  settings: LambdaSettings;
  sts: STSClient;
  s3: S3Client;
  /** The EC2, Direct Connect and Route 53 clients in a network account, with its member role's credentials. */
  clients(
    credentials: Credentials | undefined,
  ): Pick<NetworkCollectOptions, 'ec2' | 'directconnect' | 'route53resolver' | 'route53'>;
  now: Date;
}

/**
 * Collects each configured network account's hub inventory once, in every region the
 * run audits, and hands it to the workers: the key of the run's object, or undefined when
 * no network account is configured. Any failure fails the dispatch (EventBridge retries
 * it): workers that audited without the hub would take its paths as opaque, and could
 * pass what its tables close.
 */
export async function handOffNetwork(
  targets: readonly Target[],
  event: Pick<ScheduledInvocation, 'id' | 'time'>,
  deps: NetworkHandoffDependencies,
): Promise<{ key: string; snapshots: Snapshot[]; calls: number } | undefined> {
  const { networkAccounts, handoffBucket } = deps.settings;
  if (networkAccounts.length === 0) return undefined;
  if (handoffBucket === undefined)
    throw new Error(
      'HNA_NETWORK_ACCOUNTS is set but HNA_HANDOFF_BUCKET is not: the workers could not receive the network inventory',
    );
  const regions = [...new Set(targets.map((target) => target.region))].sort();
  if (regions.length === 0) return undefined;
  const snapshots: Snapshot[] = [];
  let calls = 0;
  for (const accountId of networkAccounts) {
    const { credentials, partition } = await memberCredentials(
      accountId,
      regions[0] as string,
      deps.settings,
      deps.sts,
    );
    const log = new CollectionLog();
    snapshots.push(
      await collectNetworkInventory({
        ...deps.clients(credentials),
        regions,
        accountId,
        partition,
        log,
        now: deps.now,
      }),
    );
    calls += log.totalCalls();
  }
  const key = await handOffNetworkInventory(deps.s3, handoffBucket, runId(event), snapshots);
  return { key, snapshots, calls };
}

export async function queueTargets(
  targets: readonly Target[],
  event: Pick<ScheduledInvocation, 'id' | 'time'>,
  deps: DispatchDependencies,
  /** The run's network inventory in the hand-off bucket, named in every message. */
  networkInventory?: string,
): Promise<Pick<DispatchOutcome, 'queued' | 'failed'>> {
  const queueUrl = deps.settings.queueUrl;
  if (queueUrl === undefined) throw new Error('HNA_QUEUE_URL is not set');
  const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const run = runId(event);
  let queued = 0;
  const failed: DispatchOutcome['failed'] = [];
  for (let start = 0; start < targets.length; start += 10) {
    let pending = targets.slice(start, start + 10).map((target, index) => ({ target, index }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const entries: SendMessageBatchRequestEntry[] = pending.map(({ target, index }) => ({
        Id: String(index),
        MessageBody: JSON.stringify(networkInventory ? { ...target, networkInventory } : target),
        MessageGroupId: `${target.accountId}:${target.region}`,
        MessageDeduplicationId: `${run}:${target.accountId}:${target.region}`,
      }));
      const answer = await deps.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
      queued += answer.Successful?.length ?? 0;
      const refused = new Map((answer.Failed ?? []).map((f) => [f.Id, f]));
      const retryable = pending.filter(({ index }) => {
        const failure = refused.get(String(index));
        return failure !== undefined && failure.SenderFault !== true;
      });
      for (const { target, index } of pending) {
        const failure = refused.get(String(index));
        if (failure === undefined) continue;
        if (failure.SenderFault === true || attempt >= SEND_ATTEMPTS)
          failed.push({ target, code: failure.Code ?? 'Unknown', message: failure.Message ?? '' });
      }
      pending = attempt >= SEND_ATTEMPTS ? [] : retryable;
      if (pending.length > 0) await sleep(Math.random() * 200 * 2 ** attempt);
    }
  }
  return { queued, failed };
}
