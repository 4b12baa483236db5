/**
 * `hna plan` on plans as real repositories write them (issue 29, docs/design/cli.md "Plans as real
 * repositories write them"): real `terraform show -json` documents with modules and `count`
 * (test/plan/fixtures/terraform-compliance, provenance in its README), one of them adapted to
 * the example account, and the plans of terraform-aws-modules' VPC (default ACL, default
 * security group, `count` routes) judged resource by resource.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../../lib/plan/delta.js';
import { overlayPlan } from '../../lib/plan/overlay.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { runHna } from '../support/cli-harness.js';
import { NETWORK, SPOKE } from '../support/plan-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-real-plans-'));
const FIXTURES = 'test/plan/fixtures/terraform-compliance';
const SNAPSHOTS = ['--snapshot', 'examples/hybrid-landing-zone.json', 'examples/network-account.json'];
const CONFIG = ['--config', 'examples/hna.config.json'];

const VPC1 = 'vpc-0a1b2c3d4e5f60001';
const DEFAULT_ACL = 'acl-0b1c2d3e4f5a60001';
const DEFAULT_GROUP = 'sg-0d1e2f3a4b5c60006';
const PRIVATE_TABLES = ['rtb-0a9b8c7d6e5f40002', 'rtb-0a9b8c7d6e5f40003'];
const NAT = 'nat-0d1e2f3a4b5c60001';

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Json;

function write(name: string, document: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

async function plan(file: string, ...extra: string[]) {
  const run = await runHna([
    'plan',
    ...SNAPSHOTS,
    ...CONFIG,
    '--terraform-plan',
    file,
    '--format',
    'json',
    ...extra,
  ]);
  return { ...run, report: run.code === 2 ? undefined : (JSON.parse(run.stdout) as PlanReport) };
}

/** What every report must be: its summary counts its lists, and nothing of the snapshot vanishes. */
function expectConsistent(report: PlanReport | undefined) {
  expect(report).toBeDefined();
  const counted = { new: 0, fixed: 0, unchanged: 0, removed: 0 };
  for (const result of report?.results ?? []) counted[result.change] += 1;
  expect(report?.summary).toEqual(counted);
}

const change = (
  address: string,
  type: string,
  actions: string[],
  before: unknown,
  after: unknown,
  afterUnknown: Json = {},
) => {
  const [, name] = /\.([^.[]+)(\[[^\]]+\])?$/.exec(address) ?? [];
  const index = /\[(\d+)\]$/.exec(address)?.[1];
  return {
    address,
    module_address: address.startsWith('module.') ? address.split('.').slice(0, 2).join('.') : undefined,
    mode: 'managed',
    type,
    name,
    ...(index === undefined ? {} : { index: Number(index) }),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions, before, after, after_unknown: afterUnknown },
  };
};

describe('real plan documents with modules and count (terraform-compliance test data), as they are', () => {
  it('reads terraform-aws-modules/vpc: references inside the module resolve by instance key; what comes from a local is named; nothing of the account changes', async () => {
    const parsed = parseTerraformPlan(readFileSync(join(FIXTURES, 'issue-158.plan.json')), 'issue-158');
    const overlay = overlayPlan(structuredClone(SPOKE), parsed, undefined, [structuredClone(NETWORK)]);
    // aws_route.private_nat_gateway[1] takes aws_route_table.private[1] (count.index), not [0].
    const route = overlay.unjudged.find((u) => u.address === 'module.vpc.aws_route.private_nat_gateway[1]');
    expect(route?.ids).toContain('tf:module.vpc.aws_route_table.private[1]');
    expect(route?.ids).not.toContain('tf:module.vpc.aws_route_table.private[0]');
    // The subnets' VPC is `local.vpc_id`, which the plan does not describe: named, never guessed.
    const subnet = overlay.unjudged.find((u) => u.address === 'module.vpc.aws_subnet.private[0]');
    expect(subnet?.why).toBe(
      'module.vpc.aws_subnet.private[0].vpc_id (from local.vpc_id): known after apply',
    );
    expect(overlay.planned.map((p) => p.address)).toEqual(['module.vpc.aws_vpc.this[0]']);
    // A new VPC and what it holds change nothing the example holds: every result stays, unchanged.
    const { code, report } = await plan(join(FIXTURES, 'issue-158.plan.json'));
    expect(code).toBe(0);
    expectConsistent(report);
    expect(report?.summary).toMatchObject({ new: 0, fixed: 0, removed: 0 });
    expect(report?.ignored.sort()).toEqual(['aws_eip', 'aws_internet_gateway', 'aws_nat_gateway']);
  });

  it('lays a root rule on a child module’s group through the module’s output', () => {
    const parsed = parseTerraformPlan(readFileSync(join(FIXTURES, 'issue-190.plan.json')), 'issue-190');
    const overlay = overlayPlan(structuredClone(SPOKE), parsed);
    expect(overlay.unjudged).toEqual([]);
    expect(overlay.planned.find((p) => p.address === 'aws_security_group_rule.elb-ingress-ssh')?.ids).toEqual(
      ['tf:module.mysg.aws_security_group.alb'],
    );
    const group = overlay.after.regions?.['us-east-1']?.ec2?.SecurityGroups?.find(
      (g) => g.GroupId === 'tf:module.mysg.aws_security_group.alb',
    );
    expect(group?.IpPermissions?.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges?.[0]?.CidrIp])).toEqual([
      ['tcp', 80, '10.0.0.0/8'],
      ['tcp', 22, '0.0.0.0/0'],
    ]);
  });

  it('lays a local module’s VPC, count subnets and ACL in the provider’s region', () => {
    const parsed = parseTerraformPlan(readFileSync(join(FIXTURES, 'issue-514.plan.json')), 'issue-514');
    const overlay = overlayPlan(structuredClone(SPOKE), parsed);
    expect(overlay.unjudged).toEqual([]);
    const ec2 = overlay.after.regions?.['us-east-1']?.ec2;
    expect(ec2?.Subnets?.map((s) => [s.SubnetId, s.VpcId, s.CidrBlock])).toEqual([
      [
        'tf:module.vpc_module.aws_subnet.vpc_subnet[0]',
        'tf:module.vpc_module.aws_vpc.vpc',
        '172.16.0.128/25',
      ],
      ['tf:module.vpc_module.aws_subnet.vpc_subnet[1]', 'tf:module.vpc_module.aws_vpc.vpc', '172.16.0.0/25'],
    ]);
    expect(overlay.touched.has('region:eu-west-1')).toBe(false);
  });
});

/**
 * issue-158 adapted to the example account — the module manages the example's VPC instead of
 * creating one. Changed: the VPC, its private route tables and NAT gateway are the example's
 * (no-op, their ids and values as the example holds them); the private NAT route of table [0]
 * exists (no-op) and the one of table [1] is created; the default network ACL is adopted with
 * the module's default rules (allow all, protocol "-1"); a default security group is added as
 * terraform-aws-modules v3+ writes it (no rules), with its configuration entry. The module's
 * configuration is the document's own.
 */
function modulePlan(defaultAclRules?: { ingress: Json[]; egress: Json[] }): Json {
  const real = fixture('issue-158.plan.json');
  const configuration = structuredClone(real.configuration) as Json;
  const vpcModule = ((configuration.root_module as Json).module_calls as Json).vpc as Json;
  (vpcModule.module as { resources: Json[] }).resources.push({
    address: 'aws_default_security_group.this',
    mode: 'managed',
    type: 'aws_default_security_group',
    name: 'this',
    provider_config_key: 'vpc:aws',
    expressions: { vpc_id: { references: ['aws_vpc.this[0].id', 'aws_vpc.this[0]', 'aws_vpc.this'] } },
    count_expression: { references: ['var.create_vpc', 'var.manage_default_security_group'] },
  });
  const vpc = {
    id: VPC1,
    cidr_block: '10.50.0.0/16',
    default_network_acl_id: DEFAULT_ACL,
    default_security_group_id: DEFAULT_GROUP,
    default_route_table_id: 'rtb-0a9b8c7d6e5f40001',
  };
  const allowAll = {
    rule_no: 100,
    action: 'allow',
    protocol: '-1',
    from_port: 0,
    to_port: 0,
    cidr_block: '0.0.0.0/0',
  };
  const rules = defaultAclRules ?? { ingress: [allowAll], egress: [allowAll] };
  const noOp = (address: string, type: string, values: Json) =>
    change(address, type, ['no-op'], values, values);
  return {
    format_version: real.format_version,
    terraform_version: real.terraform_version,
    variables: real.variables,
    resource_changes: [
      noOp('module.vpc.aws_vpc.this[0]', 'aws_vpc', vpc),
      ...PRIVATE_TABLES.map((id, i) =>
        noOp(`module.vpc.aws_route_table.private[${i}]`, 'aws_route_table', { id, vpc_id: VPC1 }),
      ),
      noOp('module.vpc.aws_nat_gateway.this[0]', 'aws_nat_gateway', { id: NAT }),
      noOp('module.vpc.aws_nat_gateway.this[1]', 'aws_nat_gateway', { id: NAT }),
      noOp('module.vpc.aws_route.private_nat_gateway[0]', 'aws_route', {
        route_table_id: PRIVATE_TABLES[0],
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: NAT,
      }),
      // As Terraform writes a route whose table and gateway are references: unknown, set by the configuration.
      change(
        'module.vpc.aws_route.private_nat_gateway[1]',
        'aws_route',
        ['create'],
        null,
        { destination_cidr_block: '0.0.0.0/0', destination_ipv6_cidr_block: null },
        { id: true, route_table_id: true, nat_gateway_id: true, state: true, origin: true },
      ),
      change(
        'module.vpc.aws_default_network_acl.this[0]',
        'aws_default_network_acl',
        ['create'],
        null,
        { ...rules, tags: { Name: 'my-vpc-default' } },
        { id: true, arn: true, owner_id: true, vpc_id: true, subnet_ids: true, default_network_acl_id: true },
      ),
      change(
        'module.vpc.aws_default_security_group.this[0]',
        'aws_default_security_group',
        ['create'],
        null,
        { ingress: [], egress: [], revoke_rules_on_delete: false },
        { id: true, arn: true, owner_id: true, name: true, vpc_id: true },
      ),
    ],
    configuration,
  };
}

describe('a terraform-aws-modules-shaped plan over the example (module VPC, count routes, default ACL and group)', () => {
  it('is judged resource by resource: each change laid where its resource is, nothing unjudged, nothing removed', async () => {
    const document = modulePlan();
    const parsed = parseTerraformPlan(JSON.stringify(document), 'module.json');
    const overlay = overlayPlan(structuredClone(SPOKE), parsed, undefined, [structuredClone(NETWORK)]);
    expect(overlay.unjudged).toEqual([]);
    expect(overlay.ignored).toEqual([]);
    const planned = Object.fromEntries(overlay.planned.map((p) => [p.address, p.ids]));
    // count.index: route [1] is table [1]'s, its NAT gateway [1]'s — through the module's own configuration.
    expect(planned['module.vpc.aws_route.private_nat_gateway[1]']).toEqual([PRIVATE_TABLES[1]]);
    const table = overlay.after.regions?.['eu-west-1']?.ec2?.RouteTables?.find(
      (t) => t.RouteTableId === PRIVATE_TABLES[1],
    );
    expect(table?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')?.NatGatewayId).toBe(NAT);
    // The adopted defaults: the example's default ACL (through aws_vpc.this's attribute) and group.
    expect(planned['module.vpc.aws_default_network_acl.this[0]']).toEqual([DEFAULT_ACL]);
    expect(planned['module.vpc.aws_default_security_group.this[0]']).toEqual([DEFAULT_GROUP]);
    const group = overlay.after.regions?.['eu-west-1']?.ec2?.SecurityGroups?.find(
      (g) => g.GroupId === DEFAULT_GROUP,
    );
    expect([group?.IpPermissions, group?.IpPermissionsEgress]).toEqual([[], []]);
    const { code, report } = await plan(write('module.json', document));
    expectConsistent(report);
    expect(report?.unjudged).toEqual([]);
    expect(report?.summary.removed).toBe(0);
    // Every result the change alters names the planned resource it reads.
    for (const result of report?.results.filter((r) => r.change !== 'unchanged') ?? [])
      expect(result.planned.length, `${result.ruleId} ${result.resourceId}`).toBeGreaterThan(0);
    // The module's default ACL allows all, as the example's does: no new failure.
    expect(report?.results.filter((r) => r.change === 'new' && r.status === 'FAILED')).toEqual([]);
    expect(code).toBe(0);
  });

  it('a default ACL that closes TCP 443 in every subnet of the VPC is new FAILED, exit 1', async () => {
    const allow = (rule_no: number) => ({
      rule_no,
      action: 'allow',
      protocol: '-1',
      from_port: 0,
      to_port: 0,
      cidr_block: '0.0.0.0/0',
    });
    const deny443 = {
      rule_no: 50,
      action: 'deny',
      protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_block: '0.0.0.0/0',
    };
    const { code, report } = await plan(
      write('close-443.json', modulePlan({ ingress: [deny443, allow(100)], egress: [allow(100)] })),
    );
    expectConsistent(report);
    const broken = report?.results.filter((r) => r.change === 'new' && r.status === 'FAILED') ?? [];
    expect(broken.length).toBeGreaterThan(0);
    for (const result of broken) {
      expect(result.planned).toContain('module.vpc.aws_default_network_acl.this[0]');
      expect(result.evidence ?? '').toMatch(/443/);
    }
    expect(code).toBe(1);
  });

  it('inline aws_network_acl rules with Terraform’s protocol names are entries with numbers and ports, never dropped', async () => {
    const blocks = (egress: boolean) =>
      ['tcp', 'udp', 'icmp', '-1'].map((protocol, i) => ({
        rule_no: 100 + i * 10,
        action: 'allow',
        protocol,
        from_port: protocol === 'tcp' || protocol === 'udp' ? 0 : 0,
        to_port: protocol === 'tcp' || protocol === 'udp' ? 65535 : 0,
        icmp_type: protocol === 'icmp' ? -1 : null,
        icmp_code: protocol === 'icmp' ? -1 : null,
        cidr_block: egress ? '0.0.0.0/0' : '0.0.0.0/0',
      }));
    const before = { id: DEFAULT_ACL, vpc_id: VPC1, ingress: [], egress: [], subnet_ids: [] };
    const after = { ...before, ingress: blocks(false), egress: blocks(true) };
    const document = {
      format_version: '1.2',
      resource_changes: [change('aws_network_acl.main', 'aws_network_acl', ['update'], before, after)],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_network_acl.main',
              mode: 'managed',
              type: 'aws_network_acl',
              name: 'main',
              expressions: { vpc_id: { constant_value: VPC1 }, ingress: {}, egress: {} },
            },
          ],
        },
      },
    };
    const overlay = overlayPlan(
      structuredClone(SPOKE),
      parseTerraformPlan(JSON.stringify(document), 'acl.json'),
    );
    const entries = overlay.after.regions?.['eu-west-1']?.ec2?.NetworkAcls?.find(
      (a) => a.NetworkAclId === DEFAULT_ACL,
    )?.Entries;
    expect(
      entries
        ?.filter((e) => !e.Egress)
        .map((e) => [e.RuleNumber, e.Protocol, e.PortRange?.From, e.PortRange?.To]),
    ).toEqual([
      [100, '6', 0, 65535],
      [110, '17', 0, 65535],
      [120, '1', undefined, undefined],
      [130, '-1', undefined, undefined],
      [32767, '-1', undefined, undefined],
    ]);
    // All allowed, spelled as Terraform spells it: nothing new FAILED (rule 32767 decides nothing).
    const { code, report } = await plan(write('inline-acl.json', document));
    expectConsistent(report);
    expect(report?.results.filter((r) => r.change === 'new' && r.status === 'FAILED')).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('addresses and references with for_each and module instances', () => {
  it('takes the referring resource’s own keys: each.key inside a module instance names the same instance', () => {
    const table = (key: string, id: string) =>
      change(
        `module.spoke["a"].aws_route_table.t["${key}"]`,
        'aws_route_table',
        ['no-op'],
        { id, vpc_id: VPC1 },
        {
          id,
          vpc_id: VPC1,
        },
      );
    const route = (key: string) =>
      change(
        `module.spoke["a"].aws_route.r["${key}"]`,
        'aws_route',
        ['create'],
        null,
        { destination_cidr_block: '172.31.0.0/16', gateway_id: 'vgw-0c1d2e3f4a5b60001' },
        { id: true, route_table_id: true },
      );
    const document = {
      format_version: '1.2',
      resource_changes: [
        table('x', PRIVATE_TABLES[0] as string),
        table('y', PRIVATE_TABLES[1] as string),
        route('x'),
        route('y'),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          module_calls: {
            spoke: {
              source: './spoke',
              for_each_expression: { references: ['var.spokes'] },
              module: {
                resources: [
                  {
                    address: 'aws_route.r',
                    mode: 'managed',
                    type: 'aws_route',
                    name: 'r',
                    expressions: { route_table_id: { references: ['aws_route_table.t', 'each.key'] } },
                    for_each_expression: { references: ['var.tables'] },
                  },
                ],
              },
            },
          },
        },
      },
    };
    const overlay = overlayPlan(
      structuredClone(SPOKE),
      parseTerraformPlan(JSON.stringify(document), 'for-each.json'),
    );
    expect(overlay.unjudged).toEqual([]);
    expect(Object.fromEntries(overlay.planned.map((p) => [p.address, p.ids]))).toEqual({
      'module.spoke["a"].aws_route.r["x"]': [PRIVATE_TABLES[0]],
      'module.spoke["a"].aws_route.r["y"]': [PRIVATE_TABLES[1]],
    });
  });
});

describe('a root resource on a module’s output element', () => {
  it('`module.vpc.private_route_table_ids[1]` is the module’s table [1]', () => {
    const tables = PRIVATE_TABLES.map((id, i) =>
      change(
        `module.vpc.aws_route_table.private[${i}]`,
        'aws_route_table',
        ['no-op'],
        { id, vpc_id: VPC1 },
        { id, vpc_id: VPC1 },
      ),
    );
    const route = change(
      'aws_route.onprem',
      'aws_route',
      ['create'],
      null,
      { destination_cidr_block: '172.31.0.0/16', gateway_id: 'vgw-0c1d2e3f4a5b60001' },
      { id: true, route_table_id: true },
    );
    const document = {
      format_version: '1.2',
      resource_changes: [...tables, route],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_route.onprem',
              mode: 'managed',
              type: 'aws_route',
              name: 'onprem',
              expressions: {
                route_table_id: {
                  references: [
                    'module.vpc.private_route_table_ids[1]',
                    'module.vpc.private_route_table_ids',
                    'module.vpc',
                  ],
                },
              },
            },
          ],
          module_calls: {
            vpc: {
              source: 'terraform-aws-modules/vpc/aws',
              module: {
                outputs: {
                  private_route_table_ids: { expression: { references: ['aws_route_table.private'] } },
                },
                resources: [],
              },
            },
          },
        },
      },
    };
    const overlay = overlayPlan(
      structuredClone(SPOKE),
      parseTerraformPlan(JSON.stringify(document), 'output.json'),
    );
    expect(overlay.unjudged).toEqual([]);
    expect(overlay.planned.find((p) => p.address === 'aws_route.onprem')?.ids).toEqual([PRIVATE_TABLES[1]]);
  });
});
