/**
 * `hna plan` on Terraform plans (issue 22, docs/design/cli.md "hna plan"): plan documents in Terraform's
 * documented JSON format (`terraform show -json`: format_version, resource_changes[] with
 * address, mode, type, name, provider_name and change.{actions, before, after,
 * after_unknown}), laid over the bundled example.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../../lib/plan/delta.js';
import {
  aclProtocol,
  apiProtocol,
  overlayPlan,
  PROTOCOLS,
  terraformProtocol,
} from '../../lib/plan/overlay.js';
import { parseTerraformPlan } from '../../lib/plan/terraform-plan.js';
import { runHna } from '../support/cli-harness.js';
import { HEALTHY_CONFIG, healthy, healthyNetwork, NET_IDS } from '../support/landing-zone.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-plan-'));
const SNAPSHOT = 'examples/hybrid-landing-zone.json';
const CONFIG = 'examples/hna.config.json';
const REPLICATION_GROUP = 'sg-0d1e2f3a4b5c60001';
// The healthy landing zone and its network account: DRS.2 PASSED before any change.
const HEALTHY = join(dir, 'healthy.json');
const HEALTHY_NETWORK = join(dir, 'healthy-network.json');
const HEALTHY_CONFIG_FILE = join(dir, 'healthy-config.json');
writeFileSync(HEALTHY, JSON.stringify(healthy()));
writeFileSync(HEALTHY_NETWORK, JSON.stringify(healthyNetwork()));
writeFileSync(HEALTHY_CONFIG_FILE, JSON.stringify(HEALTHY_CONFIG));
const onHealthy = ['--snapshot', HEALTHY, HEALTHY_NETWORK, '--config', HEALTHY_CONFIG_FILE];
const DATASYNC_GROUP = 'sg-0d1e2f3a4b5c60003';

type Actions = ('no-op' | 'create' | 'update' | 'delete' | 'read')[];
function resourceChange(
  type: string,
  name: string,
  actions: Actions,
  before: unknown,
  after: unknown,
  afterUnknown: unknown = {},
) {
  return {
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions,
      before,
      after,
      after_unknown: afterUnknown,
      before_sensitive: {},
      after_sensitive: {},
    },
  };
}

/** A plan document; `resources` is its configuration's root module (what each resource's configuration sets). */
function planFile(name: string, changes: unknown[], resources: unknown[] = []): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      resource_changes: changes,
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: { resources },
      },
    }),
  );
  return file;
}

async function plan(file: string, ...extra: string[]) {
  const base = extra.includes('--snapshot') ? [] : ['--snapshot', SNAPSHOT, '--config', CONFIG];
  const run = await runHna(['plan', ...base, '--terraform-plan', file, '--format', 'json', ...extra]);
  return { ...run, report: run.code === 2 ? undefined : (JSON.parse(run.stdout) as PlanReport) };
}

const ingressRule = (groupId: string, from: number, to: number, cidr: string) => ({
  security_group_id: groupId,
  ip_protocol: 'tcp',
  from_port: from,
  to_port: to,
  cidr_ipv4: cidr,
});

describe('hna plan --terraform-plan', () => {
  it('removing the replication group’s TCP 1500 rule makes DRS.2 new FAILED, and exits 1', async () => {
    const file = planFile('drop-1500', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'drs_1500',
        ['delete'],
        { id: 'sgr-1', ...ingressRule(REPLICATION_GROUP, 1500, 1500, '10.20.0.0/16') },
        null,
      ),
    ]);
    const { code, report } = await plan(file, ...onHealthy);
    const drs2 = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'new');
    expect(drs2?.length).toBeGreaterThan(0);
    for (const result of drs2 ?? []) {
      expect(result.status).toBe('FAILED');
      expect(result.before).toBe('PASSED');
      expect(result.planned).toContain('aws_vpc_security_group_ingress_rule.drs_1500');
    }
    expect(code).toBe(1);
  });

  it('adding the DataSync endpoint’s TCP 1063-1064 makes DSYNC.4 fixed, and exits 0', async () => {
    const file = planFile('add-1063', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'datasync_1063',
        ['create'],
        null,
        ingressRule(DATASYNC_GROUP, 1063, 1064, '10.20.0.0/16'),
        { id: true, arn: true, security_group_rule_id: true, tags_all: true },
      ),
    ]);
    const { code, report } = await plan(file);
    const dsync4 = report?.results.find(
      (r) => r.ruleId === 'DSYNC.4' && r.resourceId === 'vpce-0a1b2c3d4e5f60105',
    );
    expect(dsync4).toMatchObject({ change: 'fixed', before: 'FAILED', status: 'PASSED' });
    expect(report?.summary.fixed).toBeGreaterThan(0);
    expect(code).toBe(0);
  });

  it('an aws_security_group update with inline rules replaces the whole set (TCP 1500 left out: DRS.2 new FAILED)', async () => {
    const file = planFile('inline', [
      resourceChange(
        'aws_security_group',
        'replication',
        ['update'],
        { id: REPLICATION_GROUP, vpc_id: 'vpc-0a1b2c3d4e5f60001', ingress: [] },
        {
          id: REPLICATION_GROUP,
          vpc_id: 'vpc-0a1b2c3d4e5f60001',
          name: 'drs-replication-servers',
          ingress: [
            {
              protocol: '6',
              from_port: 443,
              to_port: 443,
              cidr_blocks: ['10.20.0.0/16'],
              ipv6_cidr_blocks: [],
              prefix_list_ids: [],
              security_groups: [],
              self: false,
            },
          ],
          egress: [
            {
              protocol: '-1',
              from_port: 0,
              to_port: 0,
              cidr_blocks: ['0.0.0.0/0'],
              ipv6_cidr_blocks: [],
              prefix_list_ids: [],
              security_groups: [],
              self: false,
            },
          ],
        },
      ),
    ]);
    const { code, report } = await plan(file, ...onHealthy);
    const drs2 = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'new');
    expect(drs2?.length).toBeGreaterThan(0);
    for (const result of drs2 ?? []) expect([result.before, result.status]).toEqual(['PASSED', 'FAILED']);
    expect(code).toBe(1);
  });

  it('a value the rules read that is known only after apply, from outside the plan, makes them NOT_AVAILABLE naming it and its references, never PASSED', async () => {
    const file = planFile(
      'nacl-from-module',
      [
        resourceChange(
          'aws_network_acl_association',
          'staging',
          ['create'],
          null,
          { subnet_id: 'subnet-0e5f6a7b8c9d00001' },
          { id: true, network_acl_id: true },
        ),
      ],
      [
        {
          address: 'aws_network_acl_association.staging',
          mode: 'managed',
          type: 'aws_network_acl_association',
          name: 'staging',
          expressions: {
            subnet_id: { constant_value: 'subnet-0e5f6a7b8c9d00001' },
            network_acl_id: { references: ['module.acls.staging_id', 'module.acls'] },
          },
        },
      ],
    );
    const { report } = await plan(file, ...onHealthy, '--fail-on', 'never');
    expect(report?.unjudged).toEqual([
      {
        address: 'aws_network_acl_association.staging',
        why: 'aws_network_acl_association.staging.network_acl_id (from module.acls.staging_id, module.acls): known after apply',
      },
    ]);
    const aclRules = report?.results.filter(
      (r) =>
        r.status === 'NOT_AVAILABLE' && (r.evidence ?? '').includes('aws_network_acl_association.staging'),
    );
    expect(aclRules?.length).toBeGreaterThan(0);
    // DRS.2 reads the ACLs: it is not PASSED on a guess; what it reported before is covered, not "removed".
    const drs2 = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change !== 'removed') ?? [];
    expect(drs2.length).toBeGreaterThan(0);
    for (const result of drs2) expect(result.status).toBe('NOT_AVAILABLE');
    expect(report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'removed')).toEqual([]);
  });

  it('deleting the VPC route to the data centre makes DRS.3 new FAILED (aws_route, matched by table and destination)', async () => {
    const file = planFile('drop-route', [
      resourceChange(
        'aws_route',
        'onprem',
        ['delete'],
        {
          route_table_id: 'rtb-0a9b8c7d6e5f40002',
          destination_cidr_block: '10.20.0.0/16',
          gateway_id: 'vgw-0c1d2e3f4a5b60001',
        },
        null,
      ),
    ]);
    const { code, report } = await plan(file, ...onHealthy);
    const drs3 = report?.results.filter((r) => r.ruleId === 'DRS.3' && r.change === 'new') ?? [];
    expect(drs3.length).toBeGreaterThan(0);
    for (const result of drs3) expect([result.before, result.status]).toEqual(['PASSED', 'FAILED']);
    expect(drs3.some((r) => r.planned.includes('aws_route.onprem'))).toBe(true);
    expect(code).toBe(1);
  });

  it('a blackhole transit gateway route makes NET.4 new FAILED (the network account’s plan)', async () => {
    const route = {
      transit_gateway_route_table_id: NET_IDS.tableAnalytics,
      destination_cidr_block: '10.20.0.0/16',
      transit_gateway_attachment_id: NET_IDS.attachDx,
      blackhole: false,
    };
    const file = planFile('blackhole', [
      resourceChange('aws_ec2_transit_gateway_route', 'onprem', ['update'], route, {
        ...route,
        transit_gateway_attachment_id: '',
        blackhole: true,
      }),
    ]);
    const { code, report } = await plan(
      file,
      '--snapshot',
      HEALTHY_NETWORK,
      HEALTHY,
      '--config',
      HEALTHY_CONFIG_FILE,
    );
    const net4 = report?.results.find(
      (r) => r.ruleId === 'NET.4' && r.resourceId === NET_IDS.attachAnalytics,
    );
    expect(net4).toMatchObject({ change: 'new', before: 'PASSED', status: 'FAILED' });
    expect(net4?.evidence).toContain('blackhole');
    expect(code).toBe(1);
  });

  it('an ACL entry denying the data centre makes DRS.2 new FAILED (aws_network_acl_rule)', async () => {
    const file = planFile('acl-rule', [
      resourceChange(
        'aws_network_acl_rule',
        'deny_onprem',
        ['create'],
        null,
        {
          network_acl_id: 'acl-0b1c2d3e4f5a60001',
          rule_number: 5,
          egress: false,
          protocol: 'all',
          rule_action: 'deny',
          cidr_block: '10.20.0.0/16',
          from_port: 0,
          to_port: 0,
        },
        { id: true },
      ),
    ]);
    const { code, report } = await plan(file, ...onHealthy);
    const drs2 = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'new') ?? [];
    expect(drs2.length).toBeGreaterThan(0);
    for (const result of drs2) {
      expect([result.before, result.status]).toEqual(['PASSED', 'FAILED']);
      expect(result.evidence).toContain('acl-0b1c2d3e4f5a60001 rule 5 (ingress) denies');
    }
    expect(code).toBe(1);
  });

  const newEndpoint = () =>
    resourceChange(
      'aws_vpc_endpoint',
      's3_new',
      ['create'],
      null,
      {
        vpc_id: 'vpc-0a1b2c3d4e5f60001',
        service_name: 'com.amazonaws.eu-west-1.s3',
        vpc_endpoint_type: 'Interface',
        subnet_ids: ['subnet-0e5f6a7b8c9d00002', 'subnet-0e5f6a7b8c9d00003'],
        security_group_ids: ['sg-0d1e2f3a4b5c60002'],
        private_dns_enabled: false,
      },
      { id: true, arn: true, dns_entry: true, network_interface_ids: true, policy: true, state: true },
    );
  const endpointConfiguration = (withPolicy: boolean) => ({
    address: 'aws_vpc_endpoint.s3_new',
    mode: 'managed',
    type: 'aws_vpc_endpoint',
    name: 's3_new',
    expressions: {
      vpc_id: { constant_value: 'vpc-0a1b2c3d4e5f60001' },
      service_name: { constant_value: 'com.amazonaws.eu-west-1.s3' },
      ...(withPolicy ? { policy: { references: ['data.aws_iam_policy_document.s3.json'] } } : {}),
    },
  });

  it('a new S3 endpoint and a bucket policy pinned to it in the same plan: never FAILED, the unknowns named', async () => {
    const file = planFile(
      'endpoint-and-policy',
      [
        newEndpoint(),
        resourceChange(
          'aws_s3_bucket_policy',
          'veeam',
          ['update'],
          { bucket: 'acme-veeam-backups', policy: '{}' },
          { bucket: 'acme-veeam-backups' },
          { policy: true },
        ),
      ],
      [
        endpointConfiguration(true),
        {
          address: 'aws_s3_bucket_policy.veeam',
          mode: 'managed',
          type: 'aws_s3_bucket_policy',
          name: 'veeam',
          expressions: {
            bucket: { constant_value: 'acme-veeam-backups' },
            policy: { references: ['aws_vpc_endpoint.s3_new.id', 'aws_vpc_endpoint.s3_new'] },
          },
        },
      ],
    );
    const { report } = await plan(file, ...onHealthy, '--fail-on', 'never');
    const pinned =
      report?.results.filter((r) => r.ruleId === 'S3PL.4' && r.resourceId === 'acme-veeam-backups') ?? [];
    expect(pinned.length).toBeGreaterThan(0);
    for (const result of pinned) {
      expect(result.status).toBe('NOT_AVAILABLE');
      expect(result.evidence).toContain(
        'aws_s3_bucket_policy.veeam.policy (from aws_vpc_endpoint.s3_new): known after apply',
      );
    }
    const onEndpoint = report?.results.filter((r) => r.resourceId === 'tf:aws_vpc_endpoint.s3_new') ?? [];
    expect(onEndpoint.length).toBeGreaterThan(0);
    for (const result of onEndpoint) expect(result.status).not.toBe('FAILED');
    // The endpoint policy comes from a value not known yet: the policy rules name it, none passes it.
    const policyRules = onEndpoint.filter((r) => r.ruleId === 'S3PL.6' || r.ruleId === 'DRS.6');
    expect(policyRules.length).toBeGreaterThan(0);
    for (const result of policyRules) {
      expect(result.status).toBe('NOT_AVAILABLE');
      expect(result.evidence).toContain(
        'aws_vpc_endpoint.s3_new.policy (from data.aws_iam_policy_document.s3.json): known after apply',
      );
    }
  });

  it('an endpoint whose interfaces are known only after apply makes exactly the results that read them NOT_AVAILABLE, naming address.attribute', async () => {
    const endpoint = {
      id: 'vpce-0a1b2c3d4e5f60105',
      vpc_id: 'vpc-0a1b2c3d4e5f60001',
      service_name: 'com.amazonaws.eu-west-1.datasync',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: false,
      security_group_ids: [DATASYNC_GROUP],
      route_table_ids: [],
    };
    const file = planFile('datasync-subnets', [
      resourceChange(
        'aws_vpc_endpoint',
        'datasync',
        ['update'],
        { ...endpoint, subnet_ids: ['subnet-0e5f6a7b8c9d00002'] },
        { ...endpoint, subnet_ids: ['subnet-0e5f6a7b8c9d00002', 'subnet-0e5f6a7b8c9d00003'] },
        { network_interface_ids: true },
      ),
    ]);
    const { code, report } = await plan(file, ...onHealthy);
    expect(code).toBe(0);
    const changed = report?.results.filter((r) => r.change !== 'unchanged') ?? [];
    expect(changed.length).toBeGreaterThan(0);
    for (const result of changed) {
      expect(result.status).toBe('NOT_AVAILABLE');
      expect(result.evidence).toContain('aws_vpc_endpoint.datasync.network_interface_ids: known after apply');
      expect(result.evidence).not.toContain('dns_entry');
    }
    expect(changed.map((r) => r.ruleId)).toContain('DSYNC.2');
  });

  it('a new endpoint whose configuration sets no policy takes AWS’s full-access default', async () => {
    const file = planFile('endpoint-default', [newEndpoint()], [endpointConfiguration(false)]);
    const { report } = await plan(file, ...onHealthy, '--fail-on', 'never');
    const s3pl6 = report?.results.find(
      (r) => r.ruleId === 'S3PL.6' && r.resourceId === 'tf:aws_vpc_endpoint.s3_new',
    );
    expect(s3pl6).toMatchObject({ change: 'new', before: null, status: 'PASSED' });
    expect(s3pl6?.evidence).toContain('no policy (AWS applies full access)');
  });

  it('a plan that changes nothing hybrid reports no change and exits 0', async () => {
    const file = planFile('unrelated', [
      resourceChange('aws_iam_role', 'app', ['create'], null, { name: 'app' }, { arn: true, id: true }),
      resourceChange('aws_s3_bucket', 'logs', ['no-op'], { bucket: 'logs' }, { bucket: 'logs' }),
    ]);
    const { code, report } = await plan(file);
    expect(report?.summary).toMatchObject({ new: 0, fixed: 0, removed: 0 });
    expect(report?.summary.unchanged).toBeGreaterThan(0);
    expect(report?.ignored).toEqual(['aws_iam_role']);
    expect(code).toBe(0);
    const table = await runHna([
      'plan',
      '--snapshot',
      SNAPSHOT,
      '--config',
      CONFIG,
      '--terraform-plan',
      file,
    ]);
    expect(table.stdout).toContain('The change alters no hybrid-network result.');
  });

  it('refuses a file that is not a plan with exit 2, naming the file and the path at fault', async () => {
    const notPlan = join(dir, 'not-a-plan.json');
    writeFileSync(notPlan, JSON.stringify({ resource_changes: [{ address: 'x' }] }));
    const run = await runHna(['plan', '--snapshot', SNAPSHOT, '--terraform-plan', notPlan]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^hna plan: ${notPlan.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: format_version: `),
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const badChange = planFile('bad-change', [
      { address: 'aws_route.x', type: 'aws_route', name: 'x', change: { actions: ['explode'] } },
    ]);
    const bad = await runHna(['plan', '--snapshot', SNAPSHOT, '--terraform-plan', badChange]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('resource_changes[0].change.actions[0]');
  });
});

describe('hna plan --format markdown', () => {
  it('is a pull-request comment: what the change breaks first, with the planned address', async () => {
    const file = planFile('markdown', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'drs_1500',
        ['delete'],
        { id: 'sgr-1', ...ingressRule(REPLICATION_GROUP, 1500, 1500, '10.20.0.0/16') },
        null,
      ),
    ]);
    const run = await runHna(['plan', ...onHealthy, '--terraform-plan', file, '--format', 'markdown']);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^## hna plan: [1-9]\d* new, 0 fixed, 0 removed$/);
    expect(lines).toContain('### What the change breaks');
    const row = lines.find((line) => line.startsWith('| FAILED | DRS.2 '));
    expect(row).toContain('`aws_vpc_security_group_ingress_rule.drs_1500`');
    expect(row).toContain('| PASSED |');
    // One row a line: no cell breaks the table.
    for (const line of lines.filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
  });
});

describe('hna plan --format sarif', () => {
  it('is SARIF 2.1.0 valid against the published schema, each change at its level, located at the address', async () => {
    const file = planFile('sarif', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'drs_1500',
        ['delete'],
        { id: 'sgr-1', ...ingressRule(REPLICATION_GROUP, 1500, 1500, '10.20.0.0/16') },
        null,
      ),
    ]);
    const run = await runHna(['plan', ...onHealthy, '--terraform-plan', file, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    // The OASIS schema as Microsoft publishes it (draft-04), validated with Ajv's draft-04 build.
    const schema = JSON.parse(
      readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
    );
    // The schema's formats (uri, date-time…) are checked too, by ajv-formats: none left unknown.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv as never);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    // And the schema refuses what is not SARIF: the check has teeth.
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    const [runOf] = sarif.runs;
    expect(runOf.tool.driver.name).toBe('hna');
    const drs2 = runOf.results.filter((r: { ruleId: string }) => r.ruleId === 'DRS.2');
    expect(drs2.length).toBeGreaterThan(0);
    for (const result of drs2) {
      expect(result.level).toBe('error');
      expect(result.properties).toMatchObject({ change: 'new', status: 'FAILED', before: 'PASSED' });
      expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe(
        'aws_vpc_security_group_ingress_rule.drs_1500',
      );
      expect(runOf.tool.driver.rules[result.ruleIndex].id).toBe('DRS.2');
    }
  });
});

describe('hna plan --format junit', () => {
  it('one test case a result the change alters; failures only for what it introduces', async () => {
    const file = planFile('junit', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'datasync_1063',
        ['create'],
        null,
        ingressRule(DATASYNC_GROUP, 1063, 1064, '10.20.0.0/16'),
        { id: true, arn: true, security_group_rule_id: true, tags_all: true },
      ),
    ]);
    // On the example, whose existing FAILED results are not the change's: they are no failure here.
    const run = await runHna([
      'plan',
      '--snapshot',
      SNAPSHOT,
      '--config',
      CONFIG,
      '--terraform-plan',
      file,
      '--format',
      'junit',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml/);
    const cases = run.stdout.match(/<testcase /g) ?? [];
    expect(cases.length).toBeGreaterThan(0);
    expect(run.stdout).toContain('DSYNC.4');
    expect(run.stdout).not.toContain('<failure');
    const breaking = planFile('junit-breaking', [
      resourceChange(
        'aws_vpc_security_group_ingress_rule',
        'drs_1500',
        ['delete'],
        { id: 'sgr-1', ...ingressRule(REPLICATION_GROUP, 1500, 1500, '10.20.0.0/16') },
        null,
      ),
    ]);
    const broken = await runHna(['plan', ...onHealthy, '--terraform-plan', breaking, '--format', 'junit']);
    expect(broken.code).toBe(1);
    const failures = broken.stdout.match(/<failure /g) ?? [];
    expect(failures.length).toBeGreaterThan(0);
    expect(broken.stdout).toMatch(/<testcase classname="hna\.DRS\.DRS\.2"[^>]*>\s*<failure/);
  });
});

describe('real plan documents (hashicorp/terraform-json test data)', () => {
  const FIXTURES = 'test/plan/fixtures/terraform-json';
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  it('reads every one, and judges their non-AWS changes as changing nothing hybrid', async () => {
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) {
      const path = join(FIXTURES, name);
      const parsed = parseTerraformPlan(readFileSync(path, 'utf8'), path);
      const raw = JSON.parse(readFileSync(path, 'utf8')) as { resource_changes?: { mode: string }[] };
      expect(parsed.changes).toHaveLength(
        (raw.resource_changes ?? []).filter((c) => c.mode === 'managed').length,
      );
      const run = await runHna([
        'plan',
        '--snapshot',
        SNAPSHOT,
        '--config',
        CONFIG,
        '--terraform-plan',
        path,
        '--format',
        'json',
      ]);
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      const report = JSON.parse(run.stdout) as PlanReport;
      expect(report.summary, name).toMatchObject({ new: 0, fixed: 0, removed: 0 });
      expect(report.unjudged).toEqual([]);
    }
  });
});

describe('a list the snapshot does not hold', () => {
  it('stays absent: a planned rule on it is not judged, never laid over an empty list', () => {
    const snapshot = healthy();
    const ec2 = snapshot.regions?.['eu-west-1']?.ec2;
    if (ec2) delete ec2.SecurityGroups;
    const overlay = overlayPlan(snapshot, {
      configured: new Map(),
      region: 'eu-west-1',
      changes: [
        resourceChange(
          'aws_vpc_security_group_ingress_rule',
          'r',
          ['create'],
          null,
          ingressRule(REPLICATION_GROUP, 1500, 1500, '10.20.0.0/16'),
        ) as never,
      ],
    });
    expect(overlay.after.regions?.['eu-west-1']?.ec2?.SecurityGroups).toBeUndefined();
    expect(overlay.unjudged).toEqual([
      {
        lists: ['ec2.SecurityGroups'],
        address: 'aws_vpc_security_group_ingress_rule.r',
        why: 'ec2.SecurityGroups of eu-west-1 is not in the snapshot',
        ids: [REPLICATION_GROUP],
        accountId: snapshot.accountId,
        region: 'eu-west-1',
      },
    ]);
  });
});

describe('Terraform protocol spellings', () => {
  it('map to the EC2 API and back, one table both ways', () => {
    expect(aclProtocol('tcp')).toBe('6');
    expect(aclProtocol('all')).toBe('-1');
    expect(aclProtocol('47')).toBe('47');
    for (const { terraform, api } of PROTOCOLS) {
      for (const spelling of terraform) expect(apiProtocol(spelling)).toBe(api);
      expect(apiProtocol(terraformProtocol(api) as string)).toBe(api);
    }
    expect(apiProtocol('TCP')).toBe('tcp');
    expect(apiProtocol('all')).toBe('-1');
    expect(apiProtocol('gre')).toBeUndefined();
  });
});
