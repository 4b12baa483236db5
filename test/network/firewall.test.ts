/**
 * The `firewall` hop: flows routed through a Network Firewall endpoint meet its policy
 * (Network Firewall Developer Guide, "How Network Firewall evaluates rules",
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-rules-engines.html;
 * "Evaluation order for stateful rules",
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html).
 */
import { describe, expect, it } from 'vitest';
import type { RegionInventory } from '../../lib/inventory/types.js';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { network, route, SUBNET, VPC } from '../support/network-fixture.js';

const FIREWALL = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall/inspect';
const POLICY = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/inspect';
const group = (name: string) => `arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/${name}`;

type Policy = Record<string, unknown>;
type RuleGroup = {
  name: string;
  source: Record<string, unknown>;
  type?: string;
  options?: Record<string, unknown>;
};

/** subnet-1 answers 10.20.0.0/16 through vpce-fw both ways (gateway table and its own route). */
function inspected(policy: Policy | undefined, groups: RuleGroup[] = [], tagged = false): NetworkIndex {
  const { inventory } = network({
    routes: [route('10.20.0.0/16', { GatewayId: 'vpce-fw' })],
    extraSubnets: [{ SubnetId: 'subnet-fw', VpcId: VPC, CidrBlock: '10.50.9.0/28' }],
    endpoints: [
      {
        VpcEndpointId: 'vpce-fw',
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: VPC,
        State: 'available',
        SubnetIds: ['subnet-fw'],
        ...(tagged
          ? {
              Tags: [
                { Key: 'AWSNetworkFirewallManaged', Value: 'true' },
                { Key: 'Firewall', Value: FIREWALL },
              ],
            }
          : {}),
      },
    ],
    extraTables: [
      {
        RouteTableId: 'rtb-fw',
        VpcId: VPC,
        Associations: [{ SubnetId: 'subnet-fw' }],
        Routes: [
          route('10.50.0.0/16', { GatewayId: 'local' }),
          route('10.20.0.0/16', { GatewayId: 'vgw-1' }),
        ],
      },
      {
        RouteTableId: 'rtb-edge',
        VpcId: VPC,
        Associations: [{ GatewayId: 'vgw-1', AssociationState: { State: 'associated' } }],
        Routes: [
          route('10.50.0.0/16', { GatewayId: 'local' }),
          route('10.50.1.0/24', { GatewayId: 'vpce-fw' }),
        ],
      },
    ],
  });
  const region: RegionInventory =
    policy === undefined
      ? inventory
      : {
          ...inventory,
          networkfirewall: {
            Firewalls: [
              {
                Firewall: {
                  FirewallArn: FIREWALL,
                  FirewallName: 'inspect',
                  FirewallPolicyArn: POLICY,
                  VpcId: VPC,
                },
                FirewallStatus: {
                  Status: 'READY',
                  SyncStates: {
                    'eu-west-1a': {
                      Attachment: { SubnetId: 'subnet-fw', EndpointId: 'vpce-fw', Status: 'READY' },
                    },
                  },
                },
              },
            ],
            FirewallPolicies: [
              {
                FirewallPolicyResponse: { FirewallPolicyArn: POLICY, FirewallPolicyName: 'inspect' },
                FirewallPolicy: policy as never,
              },
            ],
            RuleGroups: groups.map((g) => ({
              RuleGroupResponse: {
                RuleGroupArn: group(g.name),
                RuleGroupName: g.name,
                Type: g.type ?? 'STATEFUL',
              },
              RuleGroup: { RulesSource: g.source, ...(g.options ? { StatefulRuleOptions: g.options } : {}) },
            })),
            // Hand-built items hold the fields the engine reads; the SDK types require more.
          } as unknown as RegionInventory['networkfirewall'],
        };
  return new NetworkIndex(region);
}

const forwardAll = {
  StatelessDefaultActions: ['aws:forward_to_sfe'],
  StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
};
const stateful5 = (action: string, destinationPort: string, source = '10.20.0.0/16') => ({
  Action: action,
  Header: {
    Protocol: 'TCP',
    Source: source,
    SourcePort: 'ANY',
    Direction: 'FORWARD',
    Destination: '10.50.1.0/24',
    DestinationPort: destinationPort,
  },
  RuleOptions: [{ Keyword: 'sid', Settings: ['1'] }],
});
const ask = (index: NetworkIndex) =>
  reach(
    {
      direction: 'inbound',
      sources: ['10.20.0.0/16'],
      ports: { from: 1500, to: 1500 },
      subnetId: SUBNET,
      securityGroupIds: ['sg-1'],
    },
    index,
  );

describe('Network Firewall on the path', () => {
  it('default action order: a pass rule wins over a drop rule of any order (open)', () => {
    const index = inspected(
      { ...forwardAll, StatefulRuleGroupReferences: [{ ResourceArn: group('rules') }] },
      [{ name: 'rules', source: { StatefulRules: [stateful5('DROP', 'ANY'), stateful5('PASS', '1500')] } }],
    );
    const answer = ask(index);
    expect(answer.verdict).toBe('open');
    expect(answer.hops.map((h) => h.hop)).toContain('firewall');
  });

  it('strict order: the first matching rule decides; a drop ahead of the pass closes, naming it', () => {
    const index = inspected(
      {
        ...forwardAll,
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
        StatefulRuleGroupReferences: [{ ResourceArn: group('rules'), Priority: 1 }],
      },
      [
        {
          name: 'rules',
          source: { StatefulRules: [stateful5('DROP', '1000:2000'), stateful5('PASS', '1500')] },
        },
      ],
    );
    const answer = ask(index);
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops.find((h) => h.hop === 'firewall')?.closed[0]?.by).toContain(
      'stateful rule group rules, rule 1 (drop)',
    );
  });

  it('strict order: what no rule matches meets the stateful default action (aws:drop_established)', () => {
    const index = inspected(
      {
        ...forwardAll,
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
        StatefulDefaultActions: ['aws:drop_established'],
        StatefulRuleGroupReferences: [{ ResourceArn: group('rules'), Priority: 1 }],
      },
      [{ name: 'rules', source: { StatefulRules: [stateful5('PASS', '1500', '10.20.1.0/24')] } }],
    );
    const answer = ask(index);
    expect(answer.verdict).toBe('partial');
    expect(answer.closed).toEqual([{ ports: '1500', cidrs: expect.arrayContaining(['10.20.0.0/24']) }]);
    expect(answer.hops.find((h) => h.hop === 'firewall')?.closed[0]?.by).toContain('aws:drop_established');
  });

  it('stateless rules in priority order: a drop of port 1500 closes the request; a pass without one for the answers closes them', () => {
    const stateless = (rules: unknown[]) =>
      inspected(
        {
          StatelessDefaultActions: ['aws:drop'],
          StatelessFragmentDefaultActions: ['aws:drop'],
          StatelessRuleGroupReferences: [{ ResourceArn: group('sl'), Priority: 1 }],
        },
        [
          {
            name: 'sl',
            type: 'STATELESS',
            source: { StatelessRulesAndCustomActions: { StatelessRules: rules } },
          },
        ],
      );
    const rule = (Priority: number, Actions: string[], match: Record<string, unknown>) => ({
      Priority,
      RuleDefinition: { Actions, MatchAttributes: { Protocols: [6], ...match } },
    });
    const port1500 = { DestinationPorts: [{ FromPort: 1500, ToPort: 1500 }] };
    const answersBack = { SourcePorts: [{ FromPort: 1500, ToPort: 1500 }] };
    const dropped = ask(stateless([rule(1, ['aws:drop'], port1500), rule(2, ['aws:pass'], {})]));
    expect(dropped.verdict, JSON.stringify(dropped.unknown)).toBe('blocked');
    const onlyRequests = ask(stateless([rule(1, ['aws:pass'], port1500)]));
    expect(onlyRequests.verdict).toBe('blocked');
    expect(onlyRequests.hops.find((h) => h.hop === 'firewall')?.closed[0]?.by).toContain(
      'stateless default action aws:drop',
    );
    expect(
      ask(stateless([rule(1, ['aws:pass'], port1500), rule(2, ['aws:pass'], answersBack)])).verdict,
    ).toBe('open');
  });

  it('a Suricata rule string or a domain list is unknown, naming the rule group, never open', () => {
    for (const source of [
      { RulesString: 'pass tcp any any -> any 1500 (sid:1;)' },
      {
        RulesSourceList: {
          Targets: ['.example.com'],
          TargetTypes: ['TLS_SNI'],
          GeneratedRulesType: 'ALLOWLIST',
        },
      },
    ]) {
      const answer = ask(
        inspected({ ...forwardAll, StatefulRuleGroupReferences: [{ ResourceArn: group('suricata') }] }, [
          { name: 'suricata', source },
        ]),
      );
      expect(answer.verdict).toBe('unknown');
      expect(answer.unknown?.[0]).toContain('stateful rule group suricata');
    }
  });

  it('an endpoint of a firewall whose data was not collected is unknown, never open', () => {
    const answer = ask(inspected(undefined, [], true));
    expect(answer.verdict).toBe('unknown');
    expect(answer.unknown?.[0]).toContain('networkfirewall.Firewalls is not in the snapshot');
  });
});
