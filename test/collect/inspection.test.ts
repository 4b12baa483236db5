/**
 * The Network Firewall and VPC Block Public Access collectors with the SDK mocked (the emulator
 * serves neither whole). API references: Network Firewall ListFirewalls, DescribeFirewall,
 * DescribeFirewallPolicy, DescribeRuleGroup
 * (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewall.html);
 * EC2 DescribeVpcBlockPublicAccessOptions / Exclusions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcBlockPublicAccessExclusions.html).
 */
import {
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeFirewallCommand,
  DescribeFirewallPolicyCommand,
  DescribeRuleGroupCommand,
  ListFirewallsCommand,
  NetworkFirewallClient,
} from '@aws-sdk/client-network-firewall';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { collectBlockPublicAccess } from '../../lib/collect/block-public-access.js';
import { CollectionLog } from '../../lib/collect/log.js';
import { collectNetworkFirewall } from '../../lib/collect/network-firewall.js';

const nfw = mockClient(NetworkFirewallClient);
const ec2 = mockClient(EC2Client);
// The unit project shares modules between files (isolate: false): the real clients come back.
afterAll(() => {
  nfw.restore();
  ec2.restore();
});
afterEach(() => {
  nfw.reset();
  ec2.reset();
});

const FIREWALL = (n: number) => `arn:aws:network-firewall:eu-west-1:123456789012:firewall/inspect-${n}`;
const POLICY = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/egress';
const GROUP = 'arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/allow-https';

function givenFirewalls() {
  nfw
    .on(ListFirewallsCommand)
    .resolvesOnce({ Firewalls: [{ FirewallArn: FIREWALL(1) }], NextToken: 'page-2' })
    .resolvesOnce({ Firewalls: [{ FirewallArn: FIREWALL(2) }] });
  for (const n of [1, 2])
    nfw.on(DescribeFirewallCommand, { FirewallArn: FIREWALL(n) }).resolves({
      UpdateToken: 'token',
      Firewall: {
        FirewallArn: FIREWALL(n),
        FirewallName: `inspect-${n}`,
        FirewallPolicyArn: POLICY,
        VpcId: 'vpc-1',
        SubnetMappings: [{ SubnetId: `subnet-fw${n}` }],
        FirewallId: `fw-${n}`,
      },
      FirewallStatus: {
        Status: 'READY',
        ConfigurationSyncStateSummary: 'IN_SYNC',
        SyncStates: {
          'eu-west-1a': {
            Attachment: { SubnetId: `subnet-fw${n}`, EndpointId: `vpce-fw${n}`, Status: 'READY' },
          },
        },
      },
    });
  nfw.on(DescribeFirewallPolicyCommand, { FirewallPolicyArn: POLICY }).resolves({
    UpdateToken: 'token',
    FirewallPolicyResponse: {
      FirewallPolicyArn: POLICY,
      FirewallPolicyName: 'egress',
      FirewallPolicyId: 'p-1',
    },
    FirewallPolicy: {
      StatelessDefaultActions: ['aws:forward_to_sfe'],
      StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
      StatefulRuleGroupReferences: [{ ResourceArn: GROUP }],
    },
  });
  nfw.on(DescribeRuleGroupCommand, { RuleGroupArn: GROUP }).resolves({
    UpdateToken: 'token',
    RuleGroupResponse: {
      RuleGroupArn: GROUP,
      RuleGroupName: 'allow-https',
      RuleGroupId: 'g-1',
      Type: 'STATEFUL',
    },
    RuleGroup: { RulesSource: { RulesString: 'pass tcp any any -> any 443 (sid:1;)' } },
  });
}

describe('collecting Network Firewall', () => {
  it('lists firewalls over every page, describes each, its policy once, and the rule groups it names', async () => {
    givenFirewalls();
    const log = new CollectionLog();
    const lists = await collectNetworkFirewall(
      new NetworkFirewallClient({ region: 'eu-west-1' }),
      'eu-west-1',
      log,
    );
    expect(log.errors).toEqual([]);
    expect(
      lists.Firewalls?.map((f) => f.FirewallStatus?.SyncStates?.['eu-west-1a']?.Attachment?.EndpointId),
    ).toEqual(['vpce-fw1', 'vpce-fw2']);
    expect(lists.Firewalls?.[0]).not.toHaveProperty('UpdateToken');
    expect(lists.FirewallPolicies?.map((p) => p.FirewallPolicyResponse?.FirewallPolicyName)).toEqual([
      'egress',
    ]);
    expect(lists.RuleGroups?.map((g) => g.RuleGroupResponse?.RuleGroupName)).toEqual(['allow-https']);
    expect(nfw.commandCalls(DescribeFirewallPolicyCommand)).toHaveLength(1);
  });

  it('a failed description leaves its list out and records the error with the resource, never a partial list', async () => {
    givenFirewalls();
    nfw
      .on(DescribeRuleGroupCommand, { RuleGroupArn: GROUP })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const log = new CollectionLog();
    const lists = await collectNetworkFirewall(
      new NetworkFirewallClient({ region: 'eu-west-1' }),
      'eu-west-1',
      log,
    );
    expect(lists.RuleGroups).toBeUndefined();
    expect(lists.Firewalls).toHaveLength(2);
    expect(log.errors).toEqual([
      expect.objectContaining({
        service: 'networkfirewall',
        operation: 'DescribeRuleGroup',
        resourceId: GROUP,
      }),
    ]);
  });
});

describe('collecting VPC Block Public Access', () => {
  it('reads the mode and every page of exclusions', async () => {
    ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
      VpcBlockPublicAccessOptions: {
        State: 'update-complete',
        InternetGatewayBlockMode: 'block-bidirectional',
      },
    });
    ec2
      .on(DescribeVpcBlockPublicAccessExclusionsCommand)
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [{ ExclusionId: 'exclusion-1', State: 'create-complete' }],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [{ ExclusionId: 'exclusion-2', State: 'create-complete' }],
      });
    const log = new CollectionLog();
    const lists = await collectBlockPublicAccess(new EC2Client({ region: 'eu-west-1' }), 'eu-west-1', log);
    expect(log.errors).toEqual([]);
    expect(lists.VpcBlockPublicAccessOptions?.InternetGatewayBlockMode).toBe('block-bidirectional');
    expect(lists.VpcBlockPublicAccessExclusions?.map((e) => e.ExclusionId)).toEqual([
      'exclusion-1',
      'exclusion-2',
    ]);
    expect(ec2.commandCalls(DescribeVpcBlockPublicAccessExclusionsCommand)[1]?.args[0].input.NextToken).toBe(
      'page-2',
    );
  });

  it('a failed page leaves the exclusions out (not collected), never a partial list', async () => {
    ec2
      .on(DescribeVpcBlockPublicAccessOptionsCommand)
      .resolves({ VpcBlockPublicAccessOptions: { InternetGatewayBlockMode: 'off' } });
    ec2
      .on(DescribeVpcBlockPublicAccessExclusionsCommand)
      .resolvesOnce({ VpcBlockPublicAccessExclusions: [{ ExclusionId: 'exclusion-1' }], NextToken: 'page-2' })
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'RequestLimitExceeded' }));
    const log = new CollectionLog();
    const lists = await collectBlockPublicAccess(new EC2Client({ region: 'eu-west-1' }), 'eu-west-1', log);
    expect(lists.VpcBlockPublicAccessExclusions).toBeUndefined();
    expect(lists.VpcBlockPublicAccessOptions?.InternetGatewayBlockMode).toBe('off');
    expect(log.errors.map((e) => e.operation)).toEqual(['DescribeVpcBlockPublicAccessExclusions']);
  });
});
