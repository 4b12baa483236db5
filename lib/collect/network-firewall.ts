/**
 * AWS Network Firewall: every firewall of the region (ListFirewalls, then DescribeFirewall for
 * its endpoints per zone), the policies they use (DescribeFirewallPolicy) and the rule groups
 * those name (DescribeRuleGroup). Each response is kept as AWS returns it, minus its metadata
 * and UpdateToken (docs/design/snapshot-format.md). One failed description makes its list unavailable:
 * the engine cannot judge a firewall whose rules it does not hold.
 */
import {
  DescribeFirewallCommand,
  DescribeFirewallPolicyCommand,
  DescribeRuleGroupCommand,
  type NetworkFirewallClient,
  paginateListFirewalls,
} from '@aws-sdk/client-network-firewall';
import type { NetworkFirewallInventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call, withoutMetadata } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

const PER_ITEM_CONCURRENCY = 8;

type Described<T> = T & { UpdateToken?: string | undefined; $metadata?: unknown };

function kept<T extends object>(response: Described<T>): Omit<T, 'UpdateToken' | '$metadata'> {
  const { UpdateToken: _token, ...rest } = withoutMetadata(response as Described<T> & { $metadata: unknown });
  return rest as Omit<T, 'UpdateToken' | '$metadata'>;
}

/** Every response, or undefined when one failed (a partial list would read as "these are all"). */
async function describeAll<T>(
  ids: string[],
  describe: (id: string) => Promise<{ ok: true; value: T } | { ok: false; error: unknown }>,
): Promise<T[] | undefined> {
  const results = await mapWithConcurrency(ids, PER_ITEM_CONCURRENCY, describe);
  if (results.some((result) => !result.ok)) return undefined;
  return results.flatMap((result) => (result.ok ? [result.value] : []));
}

export async function collectNetworkFirewall(
  client: NetworkFirewallClient,
  region: string,
  log: CollectionLog,
): Promise<NetworkFirewallInventory> {
  const scope: CallScope = { log, region, service: 'networkfirewall' };
  const listed = await allPages(
    scope,
    'ListFirewalls',
    () => paginateListFirewalls({ client }, { MaxResults: MAX_PAGE_SIZE['networkfirewall:ListFirewalls'] }),
    (page) => page.Firewalls,
  );
  if (listed === undefined) return {};
  const arns = listed.flatMap((firewall) => (firewall.FirewallArn ? [firewall.FirewallArn] : []));
  const firewalls = await describeAll(arns, (FirewallArn) =>
    call(
      scope,
      'DescribeFirewall',
      async () => kept(await client.send(new DescribeFirewallCommand({ FirewallArn }))),
      FirewallArn,
    ),
  );
  if (firewalls === undefined) return {};
  const policyArns = [
    ...new Set(
      firewalls.flatMap((f) => (f.Firewall?.FirewallPolicyArn ? [f.Firewall.FirewallPolicyArn] : [])),
    ),
  ];
  const policies = await describeAll(policyArns, (FirewallPolicyArn) =>
    call(
      scope,
      'DescribeFirewallPolicy',
      async () => kept(await client.send(new DescribeFirewallPolicyCommand({ FirewallPolicyArn }))),
      FirewallPolicyArn,
    ),
  );
  const groupArns = [
    ...new Set(
      (policies ?? []).flatMap((policy) =>
        [
          ...(policy.FirewallPolicy?.StatelessRuleGroupReferences ?? []),
          ...(policy.FirewallPolicy?.StatefulRuleGroupReferences ?? []),
        ].flatMap((reference) => (reference.ResourceArn ? [reference.ResourceArn] : [])),
      ),
    ),
  ];
  const groups =
    policies === undefined
      ? undefined
      : await describeAll(groupArns, (RuleGroupArn) =>
          call(
            scope,
            'DescribeRuleGroup',
            async () => kept(await client.send(new DescribeRuleGroupCommand({ RuleGroupArn }))),
            RuleGroupArn,
          ),
        );
  return {
    Firewalls: firewalls as NetworkFirewallInventory['Firewalls'],
    ...(policies === undefined
      ? {}
      : { FirewallPolicies: policies as NetworkFirewallInventory['FirewallPolicies'] }),
    ...(groups === undefined ? {} : { RuleGroups: groups as NetworkFirewallInventory['RuleGroups'] }),
  };
}
