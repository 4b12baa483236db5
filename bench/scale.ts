/**
 * Evaluation at organization scale: synthetic, realistic snapshots at 1x, 4x and
 * 16x a base size (16x: 2,000 VPCs, 40,000 subnets, 20,000 groups with 200,000
 * rules, 5,000 endpoints, 2,000 agents, 5,000 DRS source servers, 5,000 buckets),
 * the full catalog evaluated on each in a fresh process, time and peak memory.
 * Run: npm run bench:scale
 */
import { execFileSync } from 'node:child_process';
import { runAudit } from '../lib/audit/run-audit.js';
import { parseConfig } from '../lib/config/load.js';
import type { RegionInventory, Snapshot } from '../lib/inventory/types.js';
import { RULES, ruleIds } from '../lib/rules/index.js';
import { table, writeSection } from './report.js';

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const BASE_VPCS = 128;

function region(
  name: string,
  vpcs: number,
  offset: number,
): { inventory: RegionInventory; buckets: NonNullable<Snapshot['s3']>['Buckets'] } {
  const ec2: Required<NonNullable<RegionInventory['ec2']>> = {
    Vpcs: [],
    VpcAttributes: {},
    Subnets: [],
    RouteTables: [],
    NetworkAcls: [],
    SecurityGroups: [],
    VpcEndpoints: [],
    NetworkInterfaces: [],
    ManagedPrefixLists: [],
    VpnConnections: [],
    VpnGateways: [],
    CustomerGateways: [],
  };
  const agents: NonNullable<NonNullable<RegionInventory['datasync']>['Agents']> = [];
  const templates: NonNullable<NonNullable<RegionInventory['drs']>['ReplicationConfigurationTemplates']> = [];
  const servers: NonNullable<NonNullable<RegionInventory['drs']>['SourceServers']> = [];
  const configurations: NonNullable<NonNullable<RegionInventory['drs']>['ReplicationConfigurations']> = [];
  const buckets: NonNullable<NonNullable<Snapshot['s3']>['Buckets']> = [];
  const allowAll = (egress: boolean) => [
    {
      RuleNumber: 90,
      Protocol: '6',
      RuleAction: 'deny',
      Egress: egress,
      CidrBlock: '192.0.2.0/24',
      PortRange: { From: 22, To: 22 },
    },
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: egress, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' },
  ];
  for (let v = 0; v < vpcs; v += 1) {
    const n = offset + v;
    const second = Math.floor(n / 250);
    const third = n % 250;
    const vpcId = `vpc-${n.toString(16).padStart(17, '0')}`;
    const cidr = `10.${100 + (second % 150)}.${third}.0/24`;
    const vgw = `vgw-${n.toString(16).padStart(17, '0')}`;
    ec2.Vpcs.push({
      VpcId: vpcId,
      CidrBlock: cidr,
      State: 'available',
      CidrBlockAssociationSet: [{ CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    });
    ec2.VpcAttributes[vpcId] = { EnableDnsSupport: true, EnableDnsHostnames: true };
    ec2.VpnGateways.push({
      VpnGatewayId: vgw,
      State: 'available',
      VpcAttachments: [{ VpcId: vpcId, State: 'attached' }],
    });
    const subnetIds: string[] = [];
    for (let s = 0; s < 20; s += 1) {
      const subnetId = `subnet-${(n * 20 + s).toString(16).padStart(17, '0')}`;
      subnetIds.push(subnetId);
      ec2.Subnets.push({
        SubnetId: subnetId,
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailableIpAddressCount: 200,
        DefaultForAz: false,
      });
    }
    ec2.RouteTables.push({
      RouteTableId: `rtb-${n.toString(16).padStart(17, '0')}`,
      VpcId: vpcId,
      Associations: [{ Main: true }],
      Routes: [
        { DestinationCidrBlock: cidr, GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '10.20.0.0/16', GatewayId: vgw, State: 'active' },
        ...Array.from({ length: 8 }, (_, r) => ({
          DestinationCidrBlock: `172.${16 + r}.0.0/16`,
          GatewayId: vgw,
          State: 'active',
        })),
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-${n.toString(16)}`, State: 'active' },
      ],
    });
    ec2.NetworkAcls.push({
      NetworkAclId: `acl-${n.toString(16).padStart(17, '0')}`,
      VpcId: vpcId,
      Associations: subnetIds.map((SubnetId) => ({ SubnetId })),
      Entries: [...allowAll(false), ...allowAll(true)],
    });
    const groupIds: string[] = [];
    for (let g = 0; g < 10; g += 1) {
      const groupId = `sg-${(n * 10 + g).toString(16).padStart(17, '0')}`;
      groupIds.push(groupId);
      ec2.SecurityGroups.push({
        GroupId: groupId,
        VpcId: vpcId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 1024, ToPort: 1064, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.20.0.0/16' }] },
          ...Array.from({ length: 6 }, (_, r) => ({
            IpProtocol: 'tcp',
            FromPort: 3000 + r,
            ToPort: 3000 + r,
            IpRanges: [{ CidrIp: `172.${16 + r}.0.0/16` }],
          })),
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      });
    }
    const endpointCount = n % 2 === 0 ? 2 : 3;
    const services = ['datasync', 's3', 'drs'];
    for (let e = 0; e < endpointCount; e += 1) {
      const endpointId = `vpce-${(n * 3 + e).toString(16).padStart(17, '0')}`;
      const eni = `eni-${(n * 3 + e).toString(16).padStart(17, '0')}`;
      ec2.VpcEndpoints.push({
        VpcEndpointId: endpointId,
        VpcEndpointType: 'Interface',
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${name}.${services[e]}`,
        State: 'available',
        SubnetIds: [subnetIds[0] as string],
        Groups: [{ GroupId: groupIds[0] }],
        PrivateDnsEnabled: e !== 1,
        NetworkInterfaceIds: [eni],
        PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      });
      ec2.NetworkInterfaces.push({
        NetworkInterfaceId: eni,
        SubnetId: subnetIds[0],
        VpcId: vpcId,
        PrivateIpAddress: `10.0.${e}.${n % 250}`,
        PrivateIpAddresses: [{ PrivateIpAddress: `10.0.${e}.${n % 250}` }],
      });
    }
    const dataSyncEndpoint = `vpce-${(n * 3).toString(16).padStart(17, '0')}`;
    agents.push({
      AgentArn: `arn:aws:datasync:${name}:${ACCOUNT}:agent/agent-${n.toString(16).padStart(17, '0')}`,
      Status: 'ONLINE',
      EndpointType: 'PRIVATE_LINK',
      PrivateLinkConfig: {
        VpcEndpointId: dataSyncEndpoint,
        PrivateLinkEndpoint: `10.0.0.${n % 250}`,
        SubnetArns: [`arn:aws:ec2:${name}:${ACCOUNT}:subnet/${subnetIds[1]}`],
        SecurityGroupArns: [`arn:aws:ec2:${name}:${ACCOUNT}:security-group/${groupIds[1]}`],
      },
    });
    const settings = {
      stagingAreaSubnetId: subnetIds[2],
      replicationServersSecurityGroupsIDs: [groupIds[2] as string],
      dataPlaneRouting: 'PRIVATE_IP',
      createPublicIP: false,
      associateDefaultSecurityGroup: false,
    };
    templates.push({
      replicationConfigurationTemplateID: `rct-${n.toString(16).padStart(17, '0')}`,
      ...settings,
    });
    const serverCount = n % 2 === 0 ? 2 : 3;
    for (let s = 0; s < serverCount; s += 1) {
      const id = `s-${(n * 3 + s).toString(16).padStart(17, '0')}`;
      servers.push({ sourceServerID: id, dataReplicationInfo: { dataReplicationState: 'CONTINUOUS' } });
      configurations.push({ sourceServerID: id, ...settings });
      const bucket = `backup-${name}-${n}-${s}`;
      const endpoint = `vpce-${(n * 3 + 1).toString(16).padStart(17, '0')}`;
      buckets.push({
        Name: bucket,
        BucketRegion: name,
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
              Condition: {
                StringNotEquals: { 'aws:SourceVpce': endpoint },
                ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Admin` },
              },
            },
          ],
        }),
      });
    }
  }
  return {
    inventory: {
      ec2,
      datasync: { Agents: agents },
      drs: {
        ReplicationConfigurationTemplates: templates,
        SourceServers: servers,
        ReplicationConfigurations: configurations,
      },
      rds: { DBInstances: [], DBClusters: [] },
      route53resolver: { ResolverEndpoints: [] },
    },
    buckets,
  };
}

export function generate(scale: number): Snapshot {
  const perRegion = (BASE_VPCS * scale) / REGIONS.length;
  const regions: Record<string, RegionInventory> = {};
  const buckets: NonNullable<NonNullable<Snapshot['s3']>['Buckets']> = [];
  REGIONS.forEach((name, index) => {
    const built = region(name, perRegion, index * perRegion);
    regions[name] = built.inventory;
    buckets.push(...(built.buckets ?? []));
  });
  return {
    version: 1,
    accountId: ACCOUNT,
    partition: 'aws',
    collectedAt: '2026-11-22T03:00:00.000Z',
    regions,
    s3: { Buckets: buckets },
    errors: [],
  };
}

function count(snapshot: Snapshot) {
  const all = Object.values(snapshot.regions ?? {});
  const sum = (pick: (r: RegionInventory) => number) => all.reduce((total, r) => total + pick(r), 0);
  return {
    vpcs: sum((r) => r.ec2?.Vpcs?.length ?? 0),
    subnets: sum((r) => r.ec2?.Subnets?.length ?? 0),
    groups: sum((r) => r.ec2?.SecurityGroups?.length ?? 0),
    rules: sum((r) =>
      (r.ec2?.SecurityGroups ?? []).reduce(
        (t, g) => t + (g.IpPermissions?.length ?? 0) + (g.IpPermissionsEgress?.length ?? 0),
        0,
      ),
    ),
    endpoints: sum((r) => r.ec2?.VpcEndpoints?.length ?? 0),
    agents: sum((r) => r.datasync?.Agents?.length ?? 0),
    servers: sum((r) => r.drs?.SourceServers?.length ?? 0),
    buckets: snapshot.s3?.Buckets?.length ?? 0,
  };
}

if (process.argv.includes('--child')) {
  const scale = Number(process.argv[process.argv.indexOf('--child') + 1]);
  const snapshot = generate(scale);
  const config = parseConfig(
    { sourceCidrs: ['10.20.0.0/16'], vpn: { remoteCidrs: ['172.16.0.0/16'] } },
    'bench',
    ruleIds(),
  );
  const started = process.hrtime.bigint();
  const report = runAudit(snapshot, { rules: RULES, config, now: new Date('2026-11-22T03:00:00.000Z') });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      scale,
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      unavailable: [
        ...new Set(
          report.results.filter((r) => r.status === 'NOT_AVAILABLE').map((r) => `${r.ruleId}: ${r.evidence}`),
        ),
      ].slice(0, 5),
      results: report.results.length,
      counts: count(snapshot),
      summary: report.summary,
    }),
  );
} else {
  const scales = (process.env.HNA_BENCH_SCALES ?? '1,4,16').split(',').map(Number);
  const runs = scales.map((scale) => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/scale.ts', '--child', String(scale)],
      { maxBuffer: 1 << 24 },
    );
    return JSON.parse(String(out).trim().split('\n').pop() as string) as {
      scale: number;
      ms: number;
      maxRssMb: number;
      results: number;
      counts: ReturnType<typeof count>;
      summary: Record<string, number>;
    };
  });
  const rows = runs.map((r, i) => {
    const previous = runs[i - 1];
    const growth = previous
      ? `×${(r.ms / previous.ms).toFixed(2)} for ×${r.scale / previous.scale} input`
      : '';
    const c = r.counts;
    return [
      `${r.scale}x`,
      `${c.vpcs} / ${c.subnets} / ${c.groups} (${c.rules}) / ${c.endpoints} / ${c.agents} / ${c.servers} / ${c.buckets}`,
      r.results,
      (r.ms / 1000).toFixed(2),
      r.maxRssMb.toFixed(0),
      growth,
    ];
  });
  const largest = runs[runs.length - 1];
  const timeMet = largest !== undefined && largest.ms < 10_000;
  const memoryMet = largest !== undefined && largest.maxRssMb < 1536;
  const growthMet = runs.every(
    (r, i) =>
      i === 0 || r.ms / (runs[i - 1] as typeof r).ms <= 4.5 * (r.scale / (runs[i - 1] as typeof r).scale / 4),
  );
  const body = `## Evaluation scale

Synthetic snapshots over ${REGIONS.length} regions (VPCs each with 20 subnets, a main route table with VPN and NAT routes, an ACL, 10 groups of 11 rules, 2–3 interface endpoints, a DataSync agent, a DRS template and 2–3 source servers, 2–3 endpoint-pinned backup buckets), the full catalog (${RULES.length} rules) evaluated in a fresh process; time of \`runAudit\` alone, peak resident memory of the whole process (snapshot included). Reproduce: \`npm run bench:scale\`.

${table(['size', 'VPCs / subnets / groups (rules) / endpoints / agents / DRS servers / buckets', 'results', 'time (s)', 'peak RSS (MB)', 'growth'], rows)}

Targets at 16x: under 10 s — **${timeMet ? 'met' : 'NOT met'}**; under 1.5 GB — **${memoryMet ? 'met' : 'NOT met'}**; growth ×4 input → at most ×4.5 time — **${growthMet ? 'met' : 'NOT met'}**.`;
  console.log(body);
  writeSection('scale', body);
}
