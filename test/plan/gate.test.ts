/**
 * `hna plan` as a gate (issue 29, docs/design/cli.md "Plans as real repositories write them"): what it
 * refuses (an --out that names an input, a Terraform state, an unknown major format version),
 * what it reads as given (UTF-8 with a BOM, UTF-16 with one), exit 5 when nothing was judged,
 * each change laid on the snapshot and in the region that hold it, and a change it cannot lay
 * making NOT_AVAILABLE only the results that read it.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../lib/plan/cloudformation.js';
import type { PlanReport } from '../../lib/plan/delta.js';
import { overlayPlan } from '../../lib/plan/overlay.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { runHna } from '../support/cli-harness.js';
import { HEALTHY_CONFIG, healthy, healthyNetwork, NET_IDS } from '../support/landing-zone.js';
import { SPOKE } from '../support/plan-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-plan-gate-'));
const SNAPSHOT = 'examples/hybrid-landing-zone.json';
const CONFIG = 'examples/hna.config.json';
const REPLICATION_GROUP = 'sg-0d1e2f3a4b5c60001';
const HEALTHY = join(dir, 'healthy.json');
const HEALTHY_NETWORK = join(dir, 'healthy-network.json');
const HEALTHY_CONFIG_FILE = join(dir, 'healthy-config.json');
writeFileSync(HEALTHY, JSON.stringify(healthy()));
writeFileSync(HEALTHY_NETWORK, JSON.stringify(healthyNetwork()));
writeFileSync(HEALTHY_CONFIG_FILE, JSON.stringify(HEALTHY_CONFIG));

type Json = Record<string, unknown>;

const rc = (
  type: string,
  name: string,
  actions: string[],
  before: unknown,
  after: unknown,
  afterUnknown: Json = {},
) => ({
  address: `${type}.${name}`,
  mode: 'managed',
  type,
  name,
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions, before, after, after_unknown: afterUnknown },
});

/** The replication group's TCP 1500 rule from the data centre, deleted: DRS.2 new FAILED on the example. */
const DROP_1500 = rc(
  'aws_vpc_security_group_ingress_rule',
  'drs_1500',
  ['delete'],
  {
    id: 'sgr-0a1b2c3d4e5f60001',
    arn: 'arn:aws:ec2:eu-west-1:123456789012:security-group-rule/sgr-0a1b2c3d4e5f60001',
    security_group_id: REPLICATION_GROUP,
    ip_protocol: 'tcp',
    from_port: 1500,
    to_port: 1500,
    cidr_ipv4: '10.20.0.0/16',
  },
  null,
);

/** A plan whose provider region is `var.region`, as in most real repositories. */
function document(changes: unknown[], region: Json = { references: ['var.region'] }): Json {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: { region: { value: 'eu-west-1' } },
    resource_changes: changes,
    configuration: { provider_config: { aws: { name: 'aws', expressions: { region } } }, root_module: {} },
  };
}

function write(name: string, content: string | Buffer | Json): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content),
  );
  return file;
}

async function plan(file: string, ...extra: string[]) {
  const base = extra.includes('--snapshot') ? [] : ['--snapshot', SNAPSHOT, '--config', CONFIG];
  const run = await runHna(['plan', ...base, '--terraform-plan', file, '--format', 'json', ...extra]);
  return { ...run, report: run.code === 2 ? undefined : (JSON.parse(run.stdout) as PlanReport) };
}

function expectCounted(report: PlanReport | undefined) {
  const counted = { new: 0, fixed: 0, unchanged: 0, removed: 0 };
  for (const result of report?.results ?? []) counted[result.change] += 1;
  expect(report?.summary).toEqual(counted);
}

describe('hna plan refuses, with exit 2 and one line', () => {
  it('an --out that names an input (the plan, each snapshot, the config, the parameters)', async () => {
    const planFile = write('out-plan.json', document([DROP_1500]));
    const snapshot = join(dir, 'out-snapshot.json');
    copyFileSync(SNAPSHOT, snapshot);
    const config = join(dir, 'out-config.json');
    copyFileSync(CONFIG, config);
    const contentOf = (file: string) => readFileSync(file, 'utf8');
    for (const [flag, target] of [
      ['--terraform-plan', planFile],
      ['--snapshot', snapshot],
      ['--config', config],
    ] as const) {
      const kept = contentOf(target);
      const run = await runHna([
        'plan',
        '--snapshot',
        snapshot,
        '--config',
        config,
        '--terraform-plan',
        planFile,
        '--out',
        target,
      ]);
      expect(run.code, flag).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`--out ${target}: that is the file given to ${flag}`);
      expect(contentOf(target)).toBe(kept);
    }
    const template = write('out-template.json', JSON.stringify({ Resources: {} }));
    const parameters = write('out-parameters.json', '[]');
    for (const [flag, target] of [
      ['--cloudformation', template],
      ['--parameters', parameters],
    ] as const) {
      const run = await runHna([
        'plan',
        '--snapshot',
        snapshot,
        '--region',
        'eu-west-1',
        '--cloudformation',
        template,
        '--parameters',
        parameters,
        '--out',
        target,
      ]);
      expect(run.code, flag).toBe(2);
      expect(run.stderr).toContain(`that is the file given to ${flag}`);
    }
  });

  it('a Terraform state (terraform show -json without a plan)', async () => {
    const state = write('state.json', {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: { root_module: { resources: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc' }] } },
    });
    const run = await runHna(['plan', '--snapshot', SNAPSHOT, '--terraform-plan', state]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${state}: a Terraform state, not a plan`);
    expect(run.stdout).toBe('');
    // An empty state, as `terraform show -json` prints it, and a state file itself.
    for (const [name, content] of [
      ['empty-state.json', { format_version: '1.0' }],
      ['terraform.tfstate', { version: 4, terraform_version: '1.9.8', serial: 3, resources: [] }],
    ] as const) {
      const refused = await runHna([
        'plan',
        '--snapshot',
        SNAPSHOT,
        '--terraform-plan',
        write(name, content),
      ]);
      expect(refused.code, name).toBe(2);
      expect(refused.stderr).toContain('a Terraform state, not a plan');
    }
  });

  it('a format_version whose major version is not 0 or 1', async () => {
    const file = write('v2.json', { ...document([DROP_1500]), format_version: '2.0' });
    const run = await runHna(['plan', '--snapshot', SNAPSHOT, '--terraform-plan', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('format_version "2.0"');
  });

  it('--region when a change names none and the snapshot holds two, naming the resource', async () => {
    const file = write(
      'no-region.json',
      document([
        rc('aws_vpc', 'lab', ['create'], null, { cidr_block: '10.99.0.0/16' }, { id: true, arn: true }),
      ]),
    );
    const run = await runHna(['plan', '--snapshot', SNAPSHOT, '--terraform-plan', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--region: required: aws_vpc.lab names no region');
    // Given, it is laid there.
    const { code, report } = await plan(file, '--region', 'us-east-1');
    expect(code).not.toBe(2);
    expect(report?.unjudged).toEqual([]);
  });
});

describe('hna plan reads a plan as Terraform writes it', () => {
  const text = JSON.stringify(document([DROP_1500]), null, 2);
  const encodings: [string, Buffer][] = [
    [
      'UTF-8 with a byte-order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    ],
    [
      'UTF-16LE with a byte-order mark (PowerShell > on Windows)',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
    [
      'UTF-16BE with a byte-order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ],
  ];
  it.each(encodings)('%s', async (_name, bytes) => {
    const file = write(`encoded-${bytes[0]}-${bytes[1]}.json`, bytes);
    const { code, report } = await plan(
      file,
      '--snapshot',
      HEALTHY,
      HEALTHY_NETWORK,
      '--config',
      HEALTHY_CONFIG_FILE,
    );
    expect(
      report?.results.some((r) => r.ruleId === 'DRS.2' && r.change === 'new' && r.status === 'FAILED'),
    ).toBe(true);
    expect(code).toBe(1);
  });
});

describe('hna plan judges in the region and on the snapshot that hold each change', () => {
  it('a plan with var.region over the two-region example is judged in eu-west-1, where its resources are', async () => {
    const file = write('var-region.json', document([DROP_1500]));
    const { code, stderr, report } = await plan(file, '--snapshot', HEALTHY, '--config', HEALTHY_CONFIG_FILE);
    expect(Object.keys(healthy().regions ?? {}).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(stderr).not.toContain('--region');
    const drs2 = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'new') ?? [];
    expect(drs2.length).toBeGreaterThan(0);
    for (const result of drs2) expect([result.region, result.status]).toEqual(['eu-west-1', 'FAILED']);
    expect(report?.results.filter((r) => r.status === 'NOT_AVAILABLE' && r.change === 'new')).toEqual([]);
    expect(code).toBe(1);
  });

  it.each([
    ['eu-west-1', 'us-east-1'],
    ['us-east-1', 'eu-west-1'],
  ])('a resource the snapshot does not hold is laid in the region its ARN names (%s)', (region, other) => {
    const group = 'sg-0fedcba987654321f';
    const values = {
      id: group,
      arn: `arn:aws:ec2:${region}:123456789012:security-group/${group}`,
      vpc_id: 'vpc-0fedcba987654321f',
      name: 'imported',
      ingress: [],
      egress: [],
    };
    const overlay = overlayPlan(
      structuredClone(SPOKE),
      parseTerraformPlan(
        JSON.stringify(document([rc('aws_security_group', 'imported', ['update'], values, values)])),
        'p',
      ),
    );
    expect(overlay.unjudged).toEqual([]);
    expect(overlay.after.regions?.[region]?.ec2?.SecurityGroups?.some((g) => g.GroupId === group)).toBe(true);
    expect(overlay.after.regions?.[other]?.ec2?.SecurityGroups?.some((g) => g.GroupId === group)).toBe(false);
  });

  it('a resource that names no region is laid where the plan’s other resources of its provider are', () => {
    const plan1 = document([
      rc('aws_vpc', 'lab', ['create'], null, { cidr_block: '10.99.0.0/16' }, { id: true, arn: true }),
      rc(
        'aws_subnet',
        'lab',
        ['create'],
        null,
        { cidr_block: '10.99.1.0/24', availability_zone: 'us-east-1a' },
        { id: true, arn: true, vpc_id: true },
      ),
    ]);
    const overlay = overlayPlan(structuredClone(SPOKE), parseTerraformPlan(JSON.stringify(plan1), 'p'));
    expect(overlay.after.regions?.['us-east-1']?.ec2?.Vpcs?.map((v) => v.VpcId)).toEqual(['tf:aws_vpc.lab']);
    expect(overlay.after.regions?.['eu-west-1']?.ec2?.Vpcs?.some((v) => v.VpcId === 'tf:aws_vpc.lab')).toBe(
      false,
    );
  });

  it('a change to the network account’s route table is laid on the network snapshot, given second', async () => {
    const route = {
      transit_gateway_route_table_id: NET_IDS.tableAnalytics,
      destination_cidr_block: '10.20.0.0/16',
      transit_gateway_attachment_id: NET_IDS.attachDx,
      blackhole: false,
    };
    const file = write(
      'network-route.json',
      document([
        rc('aws_ec2_transit_gateway_route', 'onprem', ['update'], route, {
          ...route,
          transit_gateway_attachment_id: '',
          blackhole: true,
        }),
      ]),
    );
    const { code, report } = await plan(
      file,
      '--snapshot',
      HEALTHY,
      HEALTHY_NETWORK,
      '--config',
      HEALTHY_CONFIG_FILE,
    );
    expect(report?.unjudged).toEqual([]);
    const net4 = report?.results.find(
      (r) => r.ruleId === 'NET.4' && r.resourceId === NET_IDS.attachAnalytics,
    );
    expect(net4).toMatchObject({ change: 'new', before: 'PASSED', status: 'FAILED' });
    expect(code).toBe(1);
  });
});

describe('a change hna cannot lay makes NOT_AVAILABLE only the results that read it', () => {
  it('names the address on exactly those results; every other result stays unchanged; the summary counts the lists', async () => {
    // An update of the replication group whose ingress comes from a module the plan does not describe.
    const group = { id: REPLICATION_GROUP, vpc_id: 'vpc-0a1b2c3d4e5f60001', name: 'drs-replication-servers' };
    const plan1 = {
      ...document([
        rc('aws_security_group', 'replication', ['update'], { ...group, ingress: [], egress: [] }, group, {
          ingress: true,
        }),
      ]),
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_security_group.replication',
              mode: 'managed',
              type: 'aws_security_group',
              name: 'replication',
              expressions: { ingress: { references: ['module.rules.ingress'] } },
            },
          ],
        },
      },
    };
    const { code, report } = await plan(write('unknown-ingress.json', plan1));
    expectCounted(report);
    const unavailable =
      report?.results.filter((r) => r.change === 'new' && r.status === 'NOT_AVAILABLE') ?? [];
    expect(unavailable.length).toBeGreaterThan(0);
    for (const result of unavailable) {
      expect(result.evidence).toContain('aws_security_group.replication');
      expect(result.planned).toContain('aws_security_group.replication');
      expect(JSON.stringify(result)).toContain(REPLICATION_GROUP);
    }
    // Results that do not read the group are as the audit before judged them; none vanishes.
    expect(report?.summary.removed).toBe(0);
    const untouched =
      report?.results.filter((r) => r.ruleId.startsWith('S3PL') || r.ruleId.startsWith('NET')) ?? [];
    expect(untouched.length).toBeGreaterThan(0);
    for (const result of untouched)
      expect(result.change, `${result.ruleId} ${result.resourceId}`).toBe('unchanged');
    // Its only change not judged: the plan judged nothing, exit 5 (docs/design/cli.md), never a pass.
    expect(code).toBe(5);
  });

  it('a bucket policy unknown at plan time makes the bucket’s results NOT_AVAILABLE naming the policy, never removed', async () => {
    const policy = rc(
      'aws_s3_bucket_policy',
      'archive',
      ['update'],
      { id: 'acme-archive-backups', bucket: 'acme-archive-backups', policy: '{}' },
      { id: 'acme-archive-backups', bucket: 'acme-archive-backups' },
      { policy: true },
    );
    const file = write('unknown-policy.json', {
      ...document([policy], { constant_value: 'eu-west-1' }),
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket_policy.archive',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'archive',
              expressions: {
                bucket: { constant_value: 'acme-archive-backups' },
                policy: {
                  references: [
                    'data.aws_iam_policy_document.archive.json',
                    'data.aws_iam_policy_document.archive',
                  ],
                },
              },
            },
          ],
        },
      },
    });
    const { report } = await plan(file, '--fail-on', 'never');
    expectCounted(report);
    expect(report?.summary.removed).toBe(0);
    const onBucket =
      report?.results.filter((r) => r.change === 'new' && r.resourceId.includes('acme-archive-backups')) ??
      [];
    expect(onBucket.length).toBeGreaterThan(0);
    for (const result of onBucket) {
      expect(result.status).toBe('NOT_AVAILABLE');
      expect(result.evidence).toContain(
        'aws_s3_bucket_policy.archive.policy (from data.aws_iam_policy_document.archive.json',
      );
    }
    expect(
      report?.results.filter(
        (r) => r.change !== 'unchanged' && !r.resourceId.includes('acme-archive-backups'),
      ),
    ).toEqual([]);
  });
});

describe('hna plan judged nothing', () => {
  it('exits 5 over a snapshot that holds nothing any rule reads, as hna audit does', async () => {
    const empty = write('empty-snapshot.json', {
      version: 1,
      accountId: '123456789012',
      partition: 'aws',
      collectedAt: '2026-01-01T00:00:00.000Z',
      regions: {},
    });
    const file = write('on-empty.json', document([DROP_1500], { constant_value: 'eu-west-1' }));
    const run = await runHna(['plan', '--snapshot', empty, '--terraform-plan', file]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('hna plan: nothing was judged');
    expect(
      (await runHna(['plan', '--snapshot', empty, '--terraform-plan', file, '--fail-on', 'never'])).code,
    ).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});

describe('hna plan reads a CloudFormation template as written', () => {
  it('with a UTF-8 byte-order mark (as Windows editors save it)', async () => {
    const template = {
      Resources: {
        Open1500: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: {
            GroupId: REPLICATION_GROUP,
            IpProtocol: 'tcp',
            FromPort: 1501,
            ToPort: 1501,
            CidrIp: '10.20.0.0/16',
          },
        },
      },
    };
    const file = write(
      'bom-template.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(template))]),
    );
    const run = await runHna([
      'plan',
      '--snapshot',
      SNAPSHOT,
      '--config',
      CONFIG,
      '--region',
      'eu-west-1',
      '--cloudformation',
      file,
      '--format',
      'json',
    ]);
    expect(run.code).not.toBe(2);
    expect((JSON.parse(run.stdout) as PlanReport).laid).toBe(1);
  });
});

describe('CloudFormation types the rules read are laid, never ignored', () => {
  it('AWS::EC2::VPCGatewayAttachment attaches the virtual private gateway to the VPC; a DB instance takes its subnet group', () => {
    const template = {
      Resources: {
        Attach: {
          Type: 'AWS::EC2::VPCGatewayAttachment',
          Properties: { VpcId: 'vpc-0a1b2c3d4e5f60002', VpnGatewayId: 'vgw-0c1d2e3f4a5b60001' },
        },
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: {
            DBInstanceIdentifier: 'reports-db',
            Engine: 'postgres',
            Port: '5432',
            DBSubnetGroupName: 'orders-db-subnets',
            VPCSecurityGroups: ['sg-0d1e2f3a4b5c60005'],
          },
        },
      },
    };
    const plan = parseCloudFormation(JSON.stringify(template), 'template.json', {
      accountId: '123456789012',
      partition: 'aws',
      region: 'eu-west-1',
    });
    const overlay = overlayPlan(structuredClone(SPOKE), plan, 'eu-west-1');
    expect(overlay.ignored).toEqual([]);
    expect(overlay.unjudged).toEqual([]);
    const ec2 = overlay.after.regions?.['eu-west-1']?.ec2;
    expect(ec2?.VpnGateways?.[0]?.VpcAttachments?.map((a) => a.VpcId).sort()).toEqual([
      'vpc-0a1b2c3d4e5f60001',
      'vpc-0a1b2c3d4e5f60002',
    ]);
    const db = overlay.after.regions?.['eu-west-1']?.rds?.DBInstances?.find(
      (d) => d.DBInstanceIdentifier === 'reports-db',
    );
    expect([
      db?.Endpoint?.Port,
      db?.DBSubnetGroup?.DBSubnetGroupName,
      db?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId,
    ]).toEqual([5432, 'orders-db-subnets', 'sg-0d1e2f3a4b5c60005']);
  });
});
