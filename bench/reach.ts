/**
 * Reachability benchmark (issue: exact engine): 10,000 questions against a VPC
 * with 1,000 security group rules, 40 ACL entries per direction and 200 routes,
 * then the same at 2x and 4x the entries to show how time grows. Half the subnets answer
 * through a Network Firewall endpoint (issue 30), both ways: their own table sends the VPN's
 * networks to it, the virtual private gateway's table sends their traffic in through it, and
 * the firewall's 5-tuple rules (20 per 1x) decide.
 * Run: npm run bench:reach
 */
import type { RegionInventory } from '../lib/inventory/types.js';
import { NetworkIndex } from '../lib/network/network-index.js';
import { type InboundQuestion, reach } from '../lib/network/reach.js';
import { median, table, writeSection } from './report.js';

/** A small deterministic generator, so every run asks the same questions. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const QUESTIONS = Number(process.env.HNA_BENCH_QUESTIONS ?? 10_000);
const SUBNETS = 10;
const GROUPS = 5;

/** A /bits block inside 10.0.0.0/9, the on-premises space of the benchmark. */
function onPremisesBlock(next: () => number, bits: number): string {
  const size = 2 ** (32 - bits);
  const start = 10 * 2 ** 24 + Math.floor(next() * (2 ** 23 / size)) * size;
  return `${[24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join('.')}/${bits}`;
}

const SERVICE_PORTS = [
  [443, 443],
  [1024, 1064],
  [1500, 1500],
  [22, 22],
  [3389, 3389],
  [5432, 5432],
] as const;

/**
 * A realistic large VPC: routes to many on-premises blocks through a VPN or transit
 * gateway (a few blackholed), a NAT default route; ACLs that deny some blocks and
 * ports before allowing the rest; groups whose rules open service ports to blocks.
 */
function build(scale: number, next: () => number): RegionInventory {
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const subnets = Array.from({ length: SUBNETS }, (_, i) => ({
    SubnetId: `subnet-${i}`,
    VpcId: 'vpc-1',
    CidrBlock: `10.200.${i}.0/24`,
  }));
  const routes = Array.from({ length: 200 * scale }, (_, i) => ({
    DestinationCidrBlock: onPremisesBlock(next, between(12, 24)),
    ...(i % 3 === 0 ? { TransitGatewayId: 'tgw-1' } : { GatewayId: 'vgw-1' }),
    State: i % 25 === 0 ? 'blackhole' : 'active',
  }));
  const acl = (egress: boolean) => [
    ...Array.from({ length: 40 * scale }, (_, i) => {
      const deny = i % 4 === 0;
      const [from, to] = deny ? (SERVICE_PORTS[between(0, 5)] as readonly [number, number]) : [0, 65535];
      return {
        RuleNumber: (i + 1) * 10,
        RuleAction: deny ? 'deny' : 'allow',
        Protocol: deny || i % 3 === 0 ? '6' : '-1',
        Egress: egress,
        CidrBlock: onPremisesBlock(next, deny ? between(20, 28) : between(10, 16)),
        PortRange: { From: egress && !deny ? 1024 : from, To: to },
      };
    }),
    { RuleNumber: 32000, RuleAction: 'allow', Protocol: '-1', Egress: egress, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, RuleAction: 'deny', Protocol: '-1', Egress: egress, CidrBlock: '0.0.0.0/0' },
  ];
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    GroupId: `sg-${g}`,
    VpcId: 'vpc-1',
    IpPermissions: Array.from({ length: (1000 * scale) / GROUPS }, () => {
      const [from, to] = SERVICE_PORTS[between(0, 5)] as readonly [number, number];
      return {
        IpProtocol: 'tcp',
        FromPort: from,
        ToPort: next() < 0.1 ? to - 2 : to,
        IpRanges: [{ CidrIp: onPremisesBlock(next, between(12, 24)) }],
      };
    }),
    IpPermissionsEgress: [],
  }));
  const mainRoutes = [
    { DestinationCidrBlock: '10.200.0.0/16', GatewayId: 'local', State: 'active' },
    { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' },
    ...routes,
  ];
  const inspected = subnets.slice(0, SUBNETS / 2);
  const inspectedRoutes = mainRoutes.map((r) =>
    'GatewayId' in r && r.GatewayId === 'vgw-1' ? { ...r, GatewayId: 'vpce-fw' } : r,
  );
  const firewallRules = Array.from({ length: 20 * scale }, (_, i) => {
    const [from, to] = SERVICE_PORTS[between(0, 5)] as readonly [number, number];
    return {
      Action: i % 4 === 0 ? 'DROP' : 'PASS',
      Header: {
        Protocol: 'TCP',
        Source: onPremisesBlock(next, between(12, 20)),
        SourcePort: 'ANY',
        Direction: 'FORWARD',
        Destination: 'ANY',
        DestinationPort: from === to ? `${from}` : `${from}:${to}`,
      },
      RuleOptions: [{ Keyword: 'sid', Settings: [`${i + 1}`] }],
    };
  });
  return {
    ec2: {
      Subnets: [...subnets, { SubnetId: 'subnet-fw', VpcId: 'vpc-1', CidrBlock: '10.200.250.0/28' }],
      RouteTables: [
        { RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: mainRoutes },
        {
          RouteTableId: 'rtb-inspected',
          VpcId: 'vpc-1',
          Associations: inspected.map((subnet) => ({ SubnetId: subnet.SubnetId })),
          Routes: inspectedRoutes,
        },
        {
          RouteTableId: 'rtb-fw',
          VpcId: 'vpc-1',
          Associations: [{ SubnetId: 'subnet-fw' }],
          Routes: [
            { DestinationCidrBlock: '10.200.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '10.0.0.0/9', GatewayId: 'vgw-1', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' },
          ],
        },
        {
          RouteTableId: 'rtb-edge',
          VpcId: 'vpc-1',
          Associations: [{ GatewayId: 'vgw-1' }],
          Routes: [
            { DestinationCidrBlock: '10.200.0.0/16', GatewayId: 'local', State: 'active' },
            ...inspected.map((subnet) => ({
              DestinationCidrBlock: subnet.CidrBlock,
              GatewayId: 'vpce-fw',
              State: 'active',
            })),
          ],
        },
      ],
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-fw',
          VpcEndpointType: 'GatewayLoadBalancer',
          VpcId: 'vpc-1',
          State: 'available',
          SubnetIds: ['subnet-fw'],
        },
      ],
      VpcBlockPublicAccessOptions: { State: 'default-state', InternetGatewayBlockMode: 'off' },
      VpcBlockPublicAccessExclusions: [],
      NetworkAcls: [
        {
          NetworkAclId: 'acl-1',
          VpcId: 'vpc-1',
          Associations: subnets.map((s) => ({ SubnetId: s.SubnetId })),
          Entries: [...acl(false), ...acl(true)],
        },
      ],
      SecurityGroups: groups,
      ManagedPrefixLists: [],
    },
    networkfirewall: {
      Firewalls: [
        {
          Firewall: {
            FirewallArn: FIREWALL,
            FirewallName: 'inspection',
            FirewallPolicyArn: POLICY,
            VpcId: 'vpc-1',
          },
          FirewallStatus: {
            SyncStates: { a: { Attachment: { SubnetId: 'subnet-fw', EndpointId: 'vpce-fw' } } },
          },
        },
      ],
      FirewallPolicies: [
        {
          FirewallPolicyResponse: { FirewallPolicyArn: POLICY },
          FirewallPolicy: {
            StatelessDefaultActions: ['aws:forward_to_sfe'],
            StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
            StatefulRuleGroupReferences: [{ ResourceArn: RULES }],
          },
        },
      ],
      RuleGroups: [
        {
          RuleGroupResponse: { RuleGroupArn: RULES, RuleGroupName: 'inspection', Type: 'STATEFUL' },
          RuleGroup: { RulesSource: { StatefulRules: firewallRules } },
        },
      ],
      // Generated items hold the fields the engine reads; the SDK types require more.
    } as unknown as RegionInventory['networkfirewall'],
  };
}

const FIREWALL = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall/inspection';
const POLICY = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/inspection';
const RULES = 'arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/inspection';

function questions(next: () => number): InboundQuestion[] {
  return Array.from({ length: QUESTIONS }, () => {
    const [from, to] = SERVICE_PORTS[Math.floor(next() * SERVICE_PORTS.length)] as readonly [number, number];
    return {
      direction: 'inbound',
      sources: [onPremisesBlock(next, 16 + Math.floor(next() * 9))],
      ports: { from, to },
      subnetId: `subnet-${Math.floor(next() * SUBNETS)}`,
      securityGroupIds: Array.from(
        { length: 1 + Math.floor(next() * 3) },
        () => `sg-${Math.floor(next() * GROUPS)}`,
      ),
    };
  });
}

function measure(scale: number) {
  const inventory = build(scale, random(42 * scale));
  const asked = questions(random(7));
  const index = new NetworkIndex(inventory);
  const runs: number[] = [];
  let verdicts: Record<string, number> = {};
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  for (let run = 0; run < 5; run += 1) {
    verdicts = {};
    const start = process.hrtime.bigint();
    for (const question of asked) {
      const answer = reach(question, index);
      verdicts[answer.verdict] = (verdicts[answer.verdict] ?? 0) + 1;
    }
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  return {
    scale,
    ms: median(runs),
    heapMb: (heapPeak - heapBefore) / 2 ** 20,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    verdicts,
  };
}

const results = (process.env.HNA_BENCH_SCALES ?? '1,2,4').split(',').map(Number).map(measure);
const base = results[0] as (typeof results)[number];
const rows = results.map((r) => [
  `${r.scale}x`,
  `${1000 * r.scale} / ${40 * r.scale} / ${200 * r.scale}`,
  r.ms.toFixed(0),
  (r.ms / base.ms).toFixed(2),
  r.heapMb.toFixed(1),
  r.rssMb.toFixed(0),
  Object.entries(r.verdicts)
    .map(([v, n]) => `${v} ${n}`)
    .join(', '),
]);
const target = base.ms < 1000 ? 'met' : 'NOT met';
const growth = results.every((r) => r.ms / base.ms <= r.scale * 1.1) ? 'at most linear' : 'worse than linear';
const body = `## Reachability engine

${QUESTIONS.toLocaleString('en')} inbound questions (random /16–/24 on-premises sources, ports 443, 1024-1064, 1500, 22, 3389 or 5432, one of ${SUBNETS} subnets, 1–3 of ${GROUPS} groups), one thread, median of 5 runs. Half the subnets answer through a Network Firewall endpoint both ways (gateway route table and their own), its 5-tuple rules (${20} per 1x) deciding. Reproduce: \`npm run bench:reach\`.

${table(['size', 'SG rules / ACL entries per direction / routes', 'time (ms)', 'time vs 1x', 'heap growth (MB)', 'RSS (MB)', 'verdicts'], rows)}

Target: 10,000 questions at 1x in under 1 s — **${target}** (${base.ms.toFixed(0)} ms). Growth with the number of entries: **${growth}**.`;
console.log(body);
writeSection('reach', body);
