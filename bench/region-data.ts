/**
 * One region at the quota's edge: the bundled landing zone's eu-west-1 (a production VPC
 * with its staging, endpoint, task and database subnets, two VPN connections on a virtual
 * private gateway, DRS, DataSync, endpoint-pinned backup buckets, a database; an analytics
 * VPC behind a transit gateway) replicated `copies` times in one account and region, each
 * copy with its own ids, CIDR blocks, bucket and database names. Each copy inspects its
 * staging subnet's traffic with a Network Firewall both ways (issue 30): the staging table
 * sends the data centre to the firewall's endpoint, whose subnet routes it on to the VPN
 * gateway, whose gateway route table sends the staging subnet back through it.
 */
import { readFileSync } from 'node:fs';
import type { RegionInventory, Snapshot, SnapshotBucket } from '../lib/inventory/types.js';

const SEED_REGION = 'eu-west-1';

function seed(): Snapshot {
  return JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8')) as Snapshot;
}

/** An AWS id of 17 hex digits keeps its last 11 and takes the copy's number before them. */
const ID = /\b([a-z][a-z-]*?)-([0-9a-f]{17})\b/g;

/**
 * The seed's VPC blocks, 10.50.0.0/16 and 10.60.0.0/16, become two /20 blocks per copy in
 * 10.64.0.0/10 and up (never the data centre's 10.20.0.0/16 or a remote network): the
 * third octet j of 10.50.j.x or 10.60.j.x becomes the /24 number j mod 16 of the copy's /20.
 */
function block(copy: number, vpc: 0 | 1): number {
  return (10 << 24) + (64 << 16) + (2 * copy + vpc) * 4096;
}

function dotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function rewrite(text: string, copy: number, names: readonly string[]): string {
  const tag = copy.toString(16).padStart(6, '0');
  let out = text.replace(
    ID,
    (_match, prefix: string, digits: string) => `${prefix}-${tag}${digits.slice(6)}`,
  );
  out = out.replace(
    /\b10\.(50|60)\.(\d+)\.(\d+)(\/(\d+))?/g,
    (_m, vpc: string, third: string, fourth: string, _p, bits?: string) => {
      const base = block(copy, vpc === '50' ? 0 : 1);
      const prefix = bits === undefined ? undefined : Math.max(Number(bits), 20);
      return `${dotted(base + (Number(third) % 16) * 256 + Number(fourth))}${prefix === undefined ? '' : `/${prefix}`}`;
    },
  );
  for (const name of names) out = out.split(name).join(`${name}-${copy}`);
  return out;
}

export function replicateRegion(copies: number): Snapshot {
  const original = seed();
  const seeded = original.regions?.[SEED_REGION];
  if (seeded === undefined) throw new Error(`the seed lost ${SEED_REGION}`);
  const region = withInspection(seeded);
  const buckets = (original.s3?.Buckets ?? []).filter((b) => b.BucketRegion === SEED_REGION);
  const names = [
    ...buckets.map((b) => b.Name),
    ...(region.rds?.DBInstances ?? []).map((d) => d.DBInstanceIdentifier),
    ...(region.rds?.DBClusters ?? []).map((d) => d.DBClusterIdentifier),
  ].filter((name): name is string => typeof name === 'string' && name.length > 0);
  const regionText = JSON.stringify(region);
  const bucketsText = JSON.stringify(buckets);
  const merged: RegionInventory = {};
  const allBuckets: SnapshotBucket[] = [];
  for (let copy = 0; copy < copies; copy += 1) {
    const replica = JSON.parse(rewrite(regionText, copy, names)) as RegionInventory;
    appendLists(merged, replica);
    allBuckets.push(...(JSON.parse(rewrite(bucketsText, copy, names)) as SnapshotBucket[]));
  }
  return {
    version: 1,
    accountId: original.accountId ?? '123456789012',
    partition: 'aws',
    collectedAt: original.collectedAt ?? '2026-11-22T03:00:00.000Z',
    regions: { [SEED_REGION]: merged },
    s3: { Buckets: allBuckets },
    // Private hosted zones are global: the account's, once, whatever the copies.
    ...(original.route53 === undefined ? {} : { route53: original.route53 }),
    errors: [],
  };
}

/** Appends every list of `replica` to `merged` (keyed maps, such as VpcAttributes, are merged). */
function appendLists(merged: RegionInventory, replica: RegionInventory): void {
  const target = merged as Record<string, Record<string, unknown>>;
  for (const [service, lists] of Object.entries(replica as Record<string, Record<string, unknown>>)) {
    const into = target[service] ?? {};
    target[service] = into;
    for (const [key, value] of Object.entries(lists)) {
      if (Array.isArray(value)) {
        // The AWS-managed S3 prefix list is one list of the region, not one per copy.
        if (key === 'ManagedPrefixLists' && Array.isArray(into[key])) continue;
        const list = (into[key] as unknown[] | undefined) ?? [];
        for (const item of value) list.push(item);
        into[key] = list;
      } else if (value !== null && typeof value === 'object') {
        into[key] = { ...((into[key] as object | undefined) ?? {}), ...value };
      } else into[key] = value;
    }
  }
}

const VPC = 'vpc-0a1b2c3d4e5f60001';
const VGW = 'vgw-0c1d2e3f4a5b60001';
const STAGING_TABLE = 'rtb-0a9b8c7d6e5f40002';
const ENDPOINT = 'vpce-0a1b2c3d4e5f6f0e1';
const SUBNET = 'subnet-0e5f6a7b8c9d0f0e1';
const FIREWALL = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall/inspect-0a1b2c3d4e5f6f0e1';
const POLICY = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/inspect-0a1b2c3d4e5f6f0e1';
const RULES = 'arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/inspect-0a1b2c3d4e5f6f0e1';

/** The seed with its staging subnet's traffic inspected by a Network Firewall, both ways. */
function withInspection(seeded: RegionInventory): RegionInventory {
  const region = structuredClone(seeded);
  const ec2 = region.ec2 ?? {};
  region.ec2 = ec2;
  for (const table of ec2.RouteTables ?? [])
    if (table.RouteTableId === STAGING_TABLE)
      for (const route of table.Routes ?? [])
        if (route.DestinationCidrBlock === '10.20.0.0/16') route.GatewayId = ENDPOINT;
  ec2.Subnets?.push({
    SubnetId: SUBNET,
    VpcId: VPC,
    CidrBlock: '10.50.10.0/28',
    AvailabilityZone: 'eu-west-1a',
  });
  ec2.VpcEndpoints?.push({
    VpcEndpointId: ENDPOINT,
    VpcEndpointType: 'GatewayLoadBalancer',
    VpcId: VPC,
    State: 'available',
    SubnetIds: [SUBNET],
    ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f6f0e1',
  });
  const local = {
    DestinationCidrBlock: '10.50.0.0/16',
    GatewayId: 'local',
    State: 'active',
    Origin: 'CreateRouteTable',
  };
  ec2.RouteTables?.push(
    {
      RouteTableId: 'rtb-0a9b8c7d6e5f4f0e1',
      VpcId: VPC,
      Associations: [{ Main: false, SubnetId: SUBNET }],
      Routes: [
        local,
        { DestinationCidrBlock: '10.20.0.0/16', GatewayId: VGW, State: 'active', Origin: 'CreateRoute' },
      ],
    },
    {
      RouteTableId: 'rtb-0a9b8c7d6e5f4f0e2',
      VpcId: VPC,
      Associations: [{ Main: false, GatewayId: VGW }],
      Routes: [
        local,
        { DestinationCidrBlock: '10.50.1.0/24', GatewayId: ENDPOINT, State: 'active', Origin: 'CreateRoute' },
      ],
    },
  );
  ec2.VpcBlockPublicAccessOptions = { State: 'default-state', InternetGatewayBlockMode: 'off' };
  ec2.VpcBlockPublicAccessExclusions = [];
  const pass = (port: string, sid: number) => ({
    Action: 'PASS',
    Header: {
      Protocol: 'TCP',
      Source: '10.20.0.0/16',
      SourcePort: 'ANY',
      Direction: 'FORWARD',
      Destination: 'ANY',
      DestinationPort: port,
    },
    RuleOptions: [{ Keyword: 'sid', Settings: [`${sid}`] }],
  });
  region.networkfirewall = {
    Firewalls: [
      {
        Firewall: { FirewallArn: FIREWALL, FirewallName: 'inspect', FirewallPolicyArn: POLICY, VpcId: VPC },
        FirewallStatus: {
          SyncStates: { 'eu-west-1a': { Attachment: { SubnetId: SUBNET, EndpointId: ENDPOINT } } },
        },
      },
    ],
    FirewallPolicies: [
      {
        FirewallPolicyResponse: { FirewallPolicyArn: POLICY },
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
          StatefulDefaultActions: ['aws:drop_established'],
          StatefulRuleGroupReferences: [{ ResourceArn: RULES, Priority: 1 }],
        },
      },
    ],
    RuleGroups: [
      {
        RuleGroupResponse: { RuleGroupArn: RULES, RuleGroupName: 'inspect', Type: 'STATEFUL' },
        RuleGroup: {
          RulesSource: { StatefulRules: [pass('1500', 1), pass('443', 2), pass('1024:1064', 3)] },
        },
      },
    ],
    // Generated items hold the fields the engine reads; the SDK types require more.
  } as unknown as RegionInventory['networkfirewall'];
  return region;
}
