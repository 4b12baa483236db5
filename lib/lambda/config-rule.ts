/**
 * The AWS Config custom rule, deployed as an organization rule: Config in each member
 * account invokes one function, which works in that account through the hna member role.
 *
 * - A change notification evaluates the resource that changed (AWS Config: evaluations
 *   of change-triggered rules are for the resource in the configuration item), after
 *   collecting its region, because the rules need the network around it. A deleted
 *   resource, or one that left the rule's scope, is NOT_APPLICABLE; a resource no rule
 *   reports on is NOT_APPLICABLE too.
 * - A periodic notification evaluates every resource of the region Config knows.
 * - OrderingTimestamp is the time of the configuration item for a change, and the
 *   notification time for a periodic run (PutEvaluations API reference).
 */
import {
  ConfigServiceClient,
  type Evaluation,
  GetResourceConfigHistoryCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { auditAccount, type Collector, collectorOf } from '../audit/service.js';
import { notJudged, type RuleResult } from '../catalog/rule.js';
import { type ClientFactory, clientFactory, createRegionalClients } from '../collect/clients.js';
import { CollectionLog } from '../collect/log.js';
import { parseConfig } from '../config/load.js';
import type { AuditConfig } from '../config/schema.js';
import { INVENTORY_LISTS, LISTS, type ListSpec } from '../inventory/registry.js';
import { putEvaluations, toEvaluations } from '../report/config-evaluations.js';
import { RULES, ruleIds } from '../rules/index.js';
import { type ConfigurationItem, parseConfigEvent } from './events.js';
import { MemberRoleUnavailable, memberCredentials } from './member-credentials.js';
import { latestNetworkInventory } from './network-handoff.js';
import { OutsideOrganization, requireOrganizationMember } from './organization-membership.js';
import type { LambdaSettings } from './settings.js';

const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** Rule parameters are strings (Config requires it): JSON values are parsed, lists may be comma separated. */
export function configFromParameters(raw: Record<string, unknown>): AuditConfig {
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') document[key] = value;
    else {
      try {
        document[key] = JSON.parse(value);
      } catch (error) {
        // Not JSON: a plain string value, or a comma-separated list. Anything else is a bug.
        if (!(error instanceof SyntaxError)) throw error;
        document[key] = /Cidrs$|^buckets$|^remoteConnections$/.test(key)
          ? value.split(',').map((v) => v.trim())
          : value;
      }
    }
  }
  return parseConfig(document, 'ruleParameters', ruleIds());
}

export interface ConfigRuleDependencies {
  sts: STSClient;
  settings: LambdaSettings;
  /** The function's own region, where the rule runs unless the item names another. */
  region: string;
  now: () => Date;
  /** Wraps each AWS client (X-Ray tracing in Lambda). */
  instrument?: <T>(client: T) => T;
  /** Reads the last run's network inventory from the hand-off bucket, with the function's own role. */
  s3?: S3Client;
  /** Tells whether an event's account is of the organization, before any role is assumed there. */
  organizations?: OrganizationsClient;
  /** How the account is read (a test passes a fixed snapshot): by default, collected with the member's clients. */
  collect?: (clients: ClientFactory) => Collector;
}

export type ConfigRuleOutcome =
  | {
      status: 'evaluated';
      trigger: 'change' | 'periodic';
      accountId: string;
      evaluations: number;
      failed: number;
      /** "AWS::EC2::VPC vpc-… NON_COMPLIANT", one per evaluation sent. */
      evaluated: string[];
    }
  /**
   * Not evaluated, and not retried (an error would make Lambda retry twice and fill the failure queue):
   * refused — the account is not ours to audit —, or skipped — our member role is not there (yet).
   */
  | {
      status: 'refused' | 'skipped';
      accountId: string;
      reason: 'outside-organization' | 'not-an-audited-account' | 'member-role-unavailable';
      detail: string;
    };

/** The snapshot list that holds each kind of resource the rule is scoped to (from the list registry). */
const LIST_OF_TYPE: Readonly<Record<string, string>> = Object.fromEntries(
  INVENTORY_LISTS.flatMap((list) => {
    const type = (LISTS[list] as ListSpec).configType;
    return type === undefined ? [] : [[type, list] as const];
  }),
);

/** Whether a rule that reads this kind of resource could not judge the region, or the resource itself. */
function couldNotJudge(results: readonly RuleResult[], item: ConfigurationItem): boolean {
  const list = LIST_OF_TYPE[item.resourceType];
  return results.some((result) => {
    if (!notJudged(result)) return false;
    if (result.resourceId === item.resourceId) return true;
    const inputs = RULES.find((candidate) => candidate.id === result.ruleId)?.inputs as
      | readonly string[]
      | undefined;
    return result.resourceType === 'AwsAccount' && list !== undefined && inputs?.includes(list) === true;
  });
}

const label = (evaluations: readonly Evaluation[]) =>
  evaluations.map((e) => `${e.ComplianceResourceType} ${e.ComplianceResourceId} ${e.ComplianceType}`);

export async function evaluateConfigEvent(
  input: unknown,
  deps: ConfigRuleDependencies,
): Promise<ConfigRuleOutcome> {
  const { event, invoking, parameters } = parseConfigEvent(input);
  const auditConfig = configFromParameters(parameters);
  const accountId = event.accountId;
  // Any account's Config may invoke the function: only the configured accounts are evaluated, only
  // accounts of the organization (asked before any role is assumed), and the roles may assume only
  // roles of the organization besides (aws:ResourceOrgID).
  const { accounts } = deps.settings;
  if (accounts.length > 0 && !accounts.includes(accountId))
    return {
      status: 'refused',
      accountId,
      reason: 'not-an-audited-account',
      detail: `Config event from account ${accountId}, which is not one of the audited accounts (HNA_ACCOUNTS): refused`,
    };
  const summaryItem =
    invoking.messageType === 'ConfigurationItemChangeNotification'
      ? invoking.configurationItem
      : invoking.messageType === 'OversizedConfigurationItemChangeNotification'
        ? invoking.configurationItemSummary
        : undefined;
  const region = summaryItem?.awsRegion ?? deps.region;
  let member: Awaited<ReturnType<typeof memberCredentials>>;
  try {
    member = await memberCredentials(accountId, region, deps.settings, deps.sts, (id) =>
      organizationMember(deps, id),
    );
  } catch (error) {
    if (error instanceof OutsideOrganization)
      return { status: 'refused', accountId, reason: 'outside-organization', detail: error.message };
    // Not deployed there (a new account, an excluded OU): every retry would fail alike.
    if (error instanceof MemberRoleUnavailable)
      return { status: 'skipped', accountId, reason: 'member-role-unavailable', detail: error.message };
    throw error;
  }
  const { credentials, partition } = member;
  // Every client in the member account, from one factory: its credentials, hna's retries, traced.
  const clients = clientFactory({
    ...(deps.settings.endpoint ? { endpoint: deps.settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    ...(deps.instrument ? { instrument: deps.instrument } : {}),
  });
  const config = clients(ConfigServiceClient, region);
  const audit = async () =>
    (
      await auditAccount(
        { accountId, partition, regions: [region] },
        {
          collect: (deps.collect ?? ((factory) => collectorOf(createRegionalClients(factory))))(clients),
          log: new CollectionLog(),
          rules: RULES,
          config: auditConfig,
          now: deps.now(),
          network: await networkInventory(deps),
        },
      )
    ).report.results;
  try {
    const item =
      invoking.messageType === 'OversizedConfigurationItemChangeNotification'
        ? await fullItem(config, invoking.configurationItemSummary)
        : summaryItem;
    const send = async (
      trigger: 'change' | 'periodic',
      evaluations: Evaluation[],
    ): Promise<ConfigRuleOutcome> => {
      const sent =
        evaluations.length === 0
          ? { sent: 0, failed: [] as unknown[] }
          : await putEvaluations(config, evaluations, event.resultToken);
      return {
        status: 'evaluated',
        trigger,
        accountId,
        evaluations: sent.sent,
        failed: sent.failed.length,
        evaluated: label(evaluations),
      };
    };

    if (item !== undefined) {
      const orderingTimestamp = new Date(
        item.configurationItemCaptureTime ?? invoking.notificationCreationTime ?? deps.now(),
      );
      const notApplicable = (): Evaluation => ({
        ComplianceResourceType: item.resourceType,
        ComplianceResourceId: item.resourceId,
        ComplianceType: 'NOT_APPLICABLE',
        OrderingTimestamp: orderingTimestamp,
      });
      if (event.eventLeftScope || DELETED.has(item.configurationItemStatus ?? ''))
        return send('change', [notApplicable()]);
      const results = await audit();
      const own = toEvaluations(results, { orderingTimestamp }).filter(
        (e) => e.ComplianceResourceType === item.resourceType && e.ComplianceResourceId === item.resourceId,
      );
      // Not judged because its inputs could not be read: no evaluation, which Config shows as "not evaluated".
      return send('change', own.length > 0 ? own : couldNotJudge(results, item) ? [] : [notApplicable()]);
    }

    const orderingTimestamp = new Date(invoking.notificationCreationTime ?? deps.now());
    const results = await audit();
    return send('periodic', toEvaluations(results, { orderingTimestamp }));
  } finally {
    clients.destroy();
  }
}

/** The account is of the organization (HNA_ORGANIZATION_ID), or the event is refused. */
async function organizationMember(deps: ConfigRuleDependencies, accountId: string): Promise<void> {
  const { organizationId } = deps.settings;
  if (organizationId === undefined || deps.organizations === undefined)
    throw new Error(
      `HNA_ORGANIZATION_ID is not set: the Config rule cannot tell whether ${accountId} is of the organization, and assumes no role there`,
    );
  await requireOrganizationMember(deps.organizations, organizationId, accountId);
}

/**
 * The last scheduled run's network inventory, when network accounts are configured: the rule then
 * follows a path through the hub exactly as that run's workers did. Without one (no run yet, or
 * runs stopped for longer than the hand-offs are kept) the hub's tables are not in the snapshot,
 * and what depends on them is NOT_AVAILABLE, never PASSED.
 */
async function networkInventory(deps: ConfigRuleDependencies) {
  const { networkAccounts, handoffBucket } = deps.settings;
  if (networkAccounts.length === 0 || handoffBucket === undefined || deps.s3 === undefined) return [];
  return (await latestNetworkInventory(deps.s3, handoffBucket))?.snapshots ?? [];
}

/** An oversized item: Config sent only its summary; the capture time and status come from the history. */
async function fullItem(config: ConfigServiceClient, summary: ConfigurationItem): Promise<ConfigurationItem> {
  const history = await config.send(
    new GetResourceConfigHistoryCommand({
      resourceType: summary.resourceType as ResourceType,
      resourceId: summary.resourceId,
      limit: 1,
    }),
  );
  const item = history.configurationItems?.[0];
  if (item === undefined) return summary;
  return {
    ...summary,
    ...(item.configurationItemStatus ? { configurationItemStatus: item.configurationItemStatus } : {}),
    ...(item.configurationItemCaptureTime
      ? { configurationItemCaptureTime: item.configurationItemCaptureTime.toISOString() }
      : {}),
  };
}
