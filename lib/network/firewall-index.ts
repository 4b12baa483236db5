/**
 * The Network Firewall part of a region's inventory, indexed for the engine: which firewall
 * an endpoint belongs to (its `SyncStates`, or the tags AWS puts on the endpoints it manages),
 * the firewall's policy and its rule groups. What the snapshot lacks is said, never guessed:
 * an endpoint of a firewall whose data was not collected makes the flows through it unknown.
 */
import type {
  Ec2VpcEndpoint,
  NetworkFirewallItem,
  NetworkFirewallPolicyItem,
  NetworkFirewallRuleGroupItem,
  RegionInventory,
} from '../inventory/types.js';
import { type Known, known, unknown } from './known.js';

export interface FirewallData {
  arn: string;
  name: string;
  policy: NetworkFirewallPolicyItem;
  groups: Map<string, NetworkFirewallRuleGroupItem>;
}

export class FirewallIndex {
  readonly collected: boolean;
  private readonly byEndpoint = new Map<string, NetworkFirewallItem>();
  private readonly byArn = new Map<string, NetworkFirewallItem>();
  private readonly policies = new Map<string, NetworkFirewallPolicyItem>();
  private readonly groups = new Map<string, NetworkFirewallRuleGroupItem>();
  /** Each firewall endpoint's subnet, as its SyncStates name it. */
  readonly endpointSubnets = new Map<string, string>();

  constructor(inventory: RegionInventory) {
    const lists = inventory.networkfirewall;
    this.collected = lists?.Firewalls !== undefined;
    for (const firewall of lists?.Firewalls ?? []) {
      const arn = firewall.Firewall?.FirewallArn;
      if (arn !== undefined) this.byArn.set(arn, firewall);
      for (const state of Object.values(firewall.FirewallStatus?.SyncStates ?? {})) {
        const endpoint = state.Attachment?.EndpointId;
        if (endpoint === undefined) continue;
        this.byEndpoint.set(endpoint, firewall);
        if (state.Attachment?.SubnetId) this.endpointSubnets.set(endpoint, state.Attachment.SubnetId);
      }
    }
    for (const policy of lists?.FirewallPolicies ?? [])
      if (policy.FirewallPolicyResponse?.FirewallPolicyArn)
        this.policies.set(policy.FirewallPolicyResponse.FirewallPolicyArn, policy);
    for (const group of lists?.RuleGroups ?? [])
      if (group.RuleGroupResponse?.RuleGroupArn) this.groups.set(group.RuleGroupResponse.RuleGroupArn, group);
  }

  /**
   * The firewall an endpoint belongs to: by the firewall's SyncStates, or by the tags Network
   * Firewall puts on the endpoints it creates (`AWSNetworkFirewallManaged`, `Firewall`).
   */
  endpointFirewall(endpointId: string, endpoint?: Pick<Ec2VpcEndpoint, 'Tags'>): string | undefined {
    const listed = this.byEndpoint.get(endpointId)?.Firewall?.FirewallArn;
    if (listed !== undefined) return listed;
    const tags = endpoint?.Tags ?? [];
    if (!tags.some((t) => t.Key === 'AWSNetworkFirewallManaged' && t.Value === 'true')) return undefined;
    return tags.find((t) => t.Key === 'Firewall')?.Value ?? `the firewall of ${endpointId}`;
  }

  /** The firewall's policy and rule groups, or what the snapshot lacks of them. */
  firewall(arn: string): Known<FirewallData> {
    if (!this.collected)
      return unknown(
        `Network Firewall ${arn} inspects this path, and networkfirewall.Firewalls is not in the snapshot`,
      );
    const firewall = this.byArn.get(arn);
    if (firewall === undefined) return unknown(`Network Firewall ${arn} is not in the snapshot`);
    const name = firewall.Firewall?.FirewallName ?? arn;
    const policyArn = firewall.Firewall?.FirewallPolicyArn;
    const policy = policyArn === undefined ? undefined : this.policies.get(policyArn);
    if (policy?.FirewallPolicy === undefined)
      return unknown(
        `the policy of Network Firewall ${name} (${policyArn ?? 'no FirewallPolicyArn'}) is not in the snapshot`,
      );
    return known({ arn, name, policy, groups: this.groups });
  }
}
