/**
 * Item schemas of the inspection lists (docs/design/network-semantics.md, "Inspection"): VPC Block Public
 * Access and Network Firewall, checked on the fields the engine reads (items.ts explains how).
 */
import { z } from 'zod';
import { item, list, num, str, strList } from './items.js';

/** DescribeVpcBlockPublicAccessOptions .VpcBlockPublicAccessOptions: the region's mode (VPC User Guide, "Block public access"). */
export const vpcBlockPublicAccessOptions = item({
  State: str,
  InternetGatewayBlockMode: str,
  AwsRegion: str,
  ExclusionsAllowed: str,
});

export const vpcBlockPublicAccessExclusion = item({
  ExclusionId: z.string(),
  InternetGatewayExclusionMode: str,
  ResourceArn: str,
  State: str,
});

/** One DescribeFirewall response: the firewall and its status, whose SyncStates name its endpoint per zone. */
export const networkFirewall = item({
  Firewall: item({
    FirewallArn: z.string(),
    FirewallName: str,
    FirewallPolicyArn: str,
    VpcId: str,
  }),
  FirewallStatus: item({
    Status: str,
    SyncStates: z
      .record(
        z.string(),
        item({ Attachment: item({ SubnetId: str, EndpointId: str, Status: str }).optional() }),
      )
      .optional(),
  }).optional(),
});

const ruleGroupReference = item({ ResourceArn: str, Priority: num });

/** One DescribeFirewallPolicy response. */
export const networkFirewallPolicy = item({
  FirewallPolicyResponse: item({ FirewallPolicyArn: z.string(), FirewallPolicyName: str }),
  FirewallPolicy: item({
    StatelessDefaultActions: strList,
    StatelessFragmentDefaultActions: strList,
    StatelessRuleGroupReferences: list(ruleGroupReference),
    StatefulRuleGroupReferences: list(ruleGroupReference),
    StatefulDefaultActions: strList,
    StatefulEngineOptions: item({ RuleOrder: str }).optional(),
  }).optional(),
});

/** One DescribeRuleGroup response: its rules are read by the firewall hop, anything it cannot read made unknown. */
export const networkFirewallRuleGroup = item({
  RuleGroupResponse: item({ RuleGroupArn: z.string(), RuleGroupName: str, Type: str }),
  RuleGroup: item({
    RulesSource: item({}).optional(),
    StatefulRuleOptions: item({ RuleOrder: str }).optional(),
  }).optional(),
});
