/**
 * `hna plan --cloudformation` (issue 22, docs/design/cli.md "hna plan"): templates synthesised offline by
 * the real aws-cdk-lib, a YAML template with CloudFormation's short tags, a change set, and
 * parameters, each judged over the healthy landing zone and its network account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../lib/plan/delta.js';
import { runHna } from '../support/cli-harness.js';
import { HEALTHY_CONFIG, healthy, healthyNetwork } from '../support/landing-zone.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-cfn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEALTHY = join(dir, 'healthy.json');
const HEALTHY_NETWORK = join(dir, 'healthy-network.json');
const CONFIG = join(dir, 'config.json');
writeFileSync(HEALTHY, JSON.stringify(healthy()));
writeFileSync(HEALTHY_NETWORK, JSON.stringify(healthyNetwork()));
writeFileSync(CONFIG, JSON.stringify(HEALTHY_CONFIG));

const VPC = 'vpc-0a1b2c3d4e5f60001';
const ENDPOINT_SUBNETS = ['subnet-0e5f6a7b8c9d00002', 'subnet-0e5f6a7b8c9d00003'];
const DATA_CENTRE = '10.20.0.0/16';

/**
 * The seed scenarios' resources as a CDK app: an S3 interface endpoint and its security group,
 * the backup bucket's policy pinned to it through a reference, a DataSync interface endpoint
 * and its security group, a DRS staging subnet, in the landing zone's existing VPC.
 * `corrected` decides the S3 endpoint's group: CDK's default (`open`: the VPC's CIDR on 443
 * only, so the data centre cannot reach it) or one that admits the data centre.
 */
function synthesise(corrected: boolean): string {
  const app = new cdk.App({ outdir: mkdtempSync(join(dir, 'cdk-')), analyticsReporting: false });
  const stack = new cdk.Stack(app, 'HybridBackup', {
    env: { account: '123456789012', region: 'eu-west-1' },
    synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: VPC,
    vpcCidrBlock: '10.50.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ENDPOINT_SUBNETS,
  });
  const subnets = { subnets: vpc.privateSubnets };
  const s3Group = new ec2.SecurityGroup(stack, 'S3EndpointGroup', { vpc, allowAllOutbound: true });
  if (corrected) s3Group.addIngressRule(ec2.Peer.ipv4(DATA_CENTRE), ec2.Port.tcp(443), 'backup servers');
  const s3Endpoint = new ec2.InterfaceVpcEndpoint(stack, 'S3Endpoint', {
    vpc,
    service: new ec2.InterfaceVpcEndpointService('com.amazonaws.eu-west-1.s3', 443),
    subnets,
    privateDnsEnabled: false,
    securityGroups: [s3Group],
    // CDK's default opens the endpoint to the VPC's CIDR only: the seeded mistake.
    open: !corrected,
  });
  new s3.CfnBucketPolicy(stack, 'PinnedPolicy', {
    bucket: 'acme-veeam-backups',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyOutsideEndpoint',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::acme-veeam-backups', 'arn:aws:s3:::acme-veeam-backups/*'],
          Condition: { StringNotEquals: { 'aws:SourceVpce': s3Endpoint.vpcEndpointId } },
        },
      ],
    },
  });
  const dataSyncGroup = new ec2.SecurityGroup(stack, 'DataSyncEndpointGroup', {
    vpc,
    allowAllOutbound: true,
  });
  dataSyncGroup.addIngressRule(ec2.Peer.ipv4(DATA_CENTRE), ec2.Port.tcp(443), 'agent activation');
  dataSyncGroup.addIngressRule(ec2.Peer.ipv4(DATA_CENTRE), ec2.Port.tcpRange(1024, 1064), 'agent control');
  new ec2.InterfaceVpcEndpoint(stack, 'DataSyncEndpoint', {
    vpc,
    service: new ec2.InterfaceVpcEndpointService('com.amazonaws.eu-west-1.datasync', 443),
    subnets: { subnets: [vpc.privateSubnets[0] as ec2.ISubnet] },
    privateDnsEnabled: false,
    securityGroups: [dataSyncGroup],
    open: false,
  });
  const staging = new ec2.CfnSubnet(stack, 'StagingSubnet', {
    vpcId: VPC,
    cidrBlock: '10.50.7.0/24',
    availabilityZone: 'eu-west-1a',
  });
  // The landing zone's zone, on purpose: CDK's default rule against fixed zones would print a warning.
  cdk.Validations.of(staging).acknowledge({
    id: 'CloudFormation-Validate::W3010',
    reason: "the landing zone's own zone",
  });
  const template = app.synth().getStackByName('HybridBackup').template;
  const file = join(dir, `HybridBackup-${corrected ? 'corrected' : 'seeded'}.template.json`);
  writeFileSync(file, JSON.stringify(template));
  return file;
}

async function plan(file: string, ...extra: string[]) {
  const run = await runHna([
    'plan',
    '--snapshot',
    HEALTHY,
    HEALTHY_NETWORK,
    '--config',
    CONFIG,
    '--cloudformation',
    file,
    '--region',
    'eu-west-1',
    '--format',
    'json',
    ...extra,
  ]);
  return { ...run, report: run.code === 2 ? undefined : (JSON.parse(run.stdout) as PlanReport) };
}

describe('hna plan --cloudformation on a CDK app synthesised offline', () => {
  it('finds the seeded mistake: the S3 endpoint CDK opens to its VPC only is new FAILED for the data centre, exit 1', async () => {
    const { code, report } = await plan(synthesise(false));
    expect(code).toBe(1);
    expect(report?.unjudged).toEqual([]);
    const endpoint = report?.results.filter(
      (r) => r.ruleId === 'S3PL.2' && r.resourceId.startsWith('cfn:S3Endpoint'),
    );
    expect(endpoint?.map((r) => [r.status, r.change])).toContainEqual(['FAILED', 'new']);
    expect(endpoint?.[0]?.planned.some((a) => a.startsWith('cfn:S3Endpoint'))).toBe(true);
  }, 60_000);

  it('passes the corrected app: nothing new FAILED, the pinned policy resolved through its reference (S3PL.4 not FAILED)', async () => {
    const { code, report, stderr } = await plan(synthesise(true));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report?.unjudged).toEqual([]);
    expect(report?.results.filter((r) => r.change === 'new' && r.status === 'FAILED')).toEqual([]);
    const pinned = report?.results.filter(
      (r) => r.ruleId === 'S3PL.4' && r.resourceId === 'acme-veeam-backups',
    );
    expect(pinned?.length).toBeGreaterThan(0);
    for (const result of pinned ?? []) expect(result.status).toBe('PASSED');
    // The planned DataSync endpoint and staging subnet are laid over the snapshot, named by their logical ids.
    const planned = new Set(report?.results.flatMap((r) => r.planned));
    expect(planned).toContain('cfn:PinnedPolicy');
    // Its interfaces and DNS names are known only after apply: named, never guessed.
    const dataSync = report?.results.filter(
      (r) => r.resourceId.startsWith('cfn:DataSyncEndpoint') && r.status === 'NOT_AVAILABLE',
    );
    for (const result of dataSync ?? [])
      expect(result.evidence).toMatch(/cfn:DataSyncEndpoint\w*\.(network_interface_ids|dns_entry)/);
  }, 60_000);
});

describe('hna plan --cloudformation, by hand', () => {
  const yamlTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ReplicationGroup:
    Type: AWS::EC2::SecurityGroup::Id
    Default: sg-0d1e2f3a4b5c60001
  DataCentre:
    Type: String
Conditions:
  Always: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  WideOpen:
    Type: AWS::EC2::SecurityGroupIngress
    Condition: Always
    Properties:
      GroupId: !Ref ReplicationGroup
      IpProtocol: tcp
      FromPort: 8443
      ToPort: 8443
      CidrIp: !Sub '\${DataCentre}'
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Join ['-', [hna, !Ref 'AWS::AccountId']]
`;

  it('reads YAML with short tags and parameters, and reports a change that alters nothing hybrid as no change, exit 0', async () => {
    const template = join(dir, 'template.yaml');
    const parameters = join(dir, 'parameters.json');
    writeFileSync(template, yamlTemplate);
    writeFileSync(
      parameters,
      JSON.stringify([{ ParameterKey: 'DataCentre', ParameterValue: '10.20.0.0/16' }]),
    );
    const { code, report } = await plan(template, '--parameters', parameters);
    expect(code).toBe(0);
    expect(report?.ignored).toEqual(['AWS::Logs::LogGroup']);
    expect(report?.unjudged).toEqual([]);
    expect(report?.summary.new).toBe(0);
  });

  it('leaves what depends on a parameter without a value unknown: not judged, named, never PASSED', async () => {
    const template = join(dir, 'template-no-parameters.yaml');
    writeFileSync(template, yamlTemplate);
    const { code, report } = await plan(template);
    // Its only change not judged: nothing was judged, exit 5 (docs/design/cli.md), never a pass.
    expect(code).toBe(5);
    expect(report?.unjudged.map((u) => u.address)).toEqual(['cfn:WideOpen']);
    expect(report?.unjudged[0]?.why).toContain('DataCentre');
    const groupRules = report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change !== 'removed') ?? [];
    expect(groupRules.length).toBeGreaterThan(0);
    for (const result of groupRules) expect(result.status).toBe('NOT_AVAILABLE');
  });

  it('judges a change set: removing the replication rule is new FAILED for DRS.2, exit 1', async () => {
    const changeSet = join(dir, 'change-set.json');
    writeFileSync(
      changeSet,
      JSON.stringify({
        ChangeSetName: 'drop-replication',
        StackName: 'hybrid-dr',
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Remove',
              LogicalResourceId: 'ReplicationIngress',
              PhysicalResourceId: 'sgr-0a1b2c3d4e5f60001',
              ResourceType: 'AWS::EC2::SecurityGroupIngress',
              BeforeContext: JSON.stringify({
                Properties: {
                  GroupId: 'sg-0d1e2f3a4b5c60001',
                  IpProtocol: 'tcp',
                  FromPort: 1500,
                  ToPort: 1500,
                  CidrIp: '10.20.0.0/16',
                },
              }),
            },
          },
        ],
      }),
    );
    const { code, report } = await plan(changeSet);
    expect(code).toBe(1);
    expect(
      report?.results.filter((r) => r.ruleId === 'DRS.2' && r.change === 'new').map((r) => r.status),
    ).toContain('FAILED');
  });

  it('asks for the region when the snapshot holds several (a stack is deployed in one), exit 2', async () => {
    const run = await runHna(['plan', '--snapshot', HEALTHY, '--cloudformation', join(dir, 'template.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--region: required with --cloudformation');
  });

  it('refuses a file that is neither a template nor a change set with exit 2, naming the file and the path at fault', async () => {
    const bad = join(dir, 'not-a-template.json');
    writeFileSync(bad, JSON.stringify({ Resources: { Broken: { Properties: {} } } }));
    const { code, stderr, stdout } = await plan(bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(bad);
    expect(stderr).toContain('Resources.Broken.Type');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
