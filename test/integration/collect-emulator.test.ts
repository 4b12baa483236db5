/**
 * The collectors against a real, stateful AWS emulator (moto server on loopback):
 * resources are created through the SDK, collected, and the snapshot asserted.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  AssociateResolverRuleCommand,
  CreateResolverEndpointCommand,
  CreateResolverRuleCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createRegionalClients } from '../../lib/collect/clients.js';
import { collectSnapshot } from '../../lib/collect/collect.js';
import { CollectionLog } from '../../lib/collect/log.js';
import { collectNetworkInventory } from '../../lib/collect/network-account.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { serializeSnapshot } from '../../lib/inventory/write.js';
import { mapWithConcurrency } from '../../lib/util/concurrency.js';
import { attachStaticVpn } from '../support/emulator-vpn.js';

const endpoint = inject('awsEndpoint');
const settings = { endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const RDS_INSTANCES = 105;

async function seed(): Promise<Record<string, string>> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  const ec2 = new EC2Client({ region: 'eu-west-1', ...settings });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
  const VpcId = vpc.Vpc?.VpcId as string;
  const subnet = await ec2.send(
    new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.2.0/24', AvailabilityZone: 'eu-west-1a' }),
  );
  const SubnetId = subnet.Subnet?.SubnetId as string;
  const prefixList = await ec2.send(
    new CreateManagedPrefixListCommand({
      PrefixListName: 'on-premises',
      AddressFamily: 'IPv4',
      MaxEntries: 5,
      Entries: [{ Cidr: '10.20.0.0/16', Description: 'data centre' }],
    }),
  );
  const PrefixListId = prefixList.PrefixList?.PrefixListId as string;
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'endpoints', Description: 'endpoints', VpcId }),
  );
  const GroupId = group.GroupId as string;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId }] }],
    }),
  );
  const interfaceEndpoint = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId,
      ServiceName: 'com.amazonaws.eu-west-1.datasync',
      VpcEndpointType: 'Interface',
      SubnetIds: [SubnetId],
      SecurityGroupIds: [GroupId],
      PrivateDnsEnabled: true,
    }),
  );
  await attachStaticVpn(ec2, VpcId);

  // Names: an inbound and an outbound Resolver endpoint in two zones, a FORWARD rule on the VPC, and
  // a private hosted zone associated with it holding one record.
  const secondSubnet = await ec2.send(
    new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.3.0/24', AvailabilityZone: 'eu-west-1b' }),
  );
  const resolver = new Route53ResolverClient({ region: 'eu-west-1', ...settings });
  const twoZones = [{ SubnetId }, { SubnetId: secondSubnet.Subnet?.SubnetId as string }];
  const inbound = await resolver.send(
    new CreateResolverEndpointCommand({
      CreatorRequestId: 'hna-inbound',
      Direction: 'INBOUND',
      SecurityGroupIds: [GroupId],
      IpAddresses: twoZones,
      Name: 'from-on-premises',
    }),
  );
  const outbound = await resolver.send(
    new CreateResolverEndpointCommand({
      CreatorRequestId: 'hna-outbound',
      Direction: 'OUTBOUND',
      SecurityGroupIds: [GroupId],
      IpAddresses: twoZones,
      Name: 'to-on-premises',
    }),
  );
  const rule = await resolver.send(
    new CreateResolverRuleCommand({
      CreatorRequestId: 'hna-rule',
      RuleType: 'FORWARD',
      DomainName: 'corp.example.com',
      TargetIps: [{ Ip: '10.20.0.53', Port: 53 }],
      ResolverEndpointId: outbound.ResolverEndpoint?.Id as string,
    }),
  );
  await resolver.send(
    new AssociateResolverRuleCommand({ ResolverRuleId: rule.ResolverRule?.Id as string, VPCId: VpcId }),
  );
  const route53 = new Route53Client({ region: 'us-east-1', ...settings });
  const zone = await route53.send(
    new CreateHostedZoneCommand({
      Name: 's3.eu-west-1.amazonaws.com',
      CallerReference: 'hna-zone',
      VPC: { VPCId: VpcId, VPCRegion: 'eu-west-1' },
      HostedZoneConfig: { PrivateZone: true, Comment: 'centralised S3 endpoint' },
    }),
  );
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone.HostedZone?.Id as string,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 's3.eu-west-1.amazonaws.com',
              Type: 'A',
              TTL: 300,
              ResourceRecords: [{ Value: '10.50.2.10' }],
            },
          },
        ],
      },
    }),
  );
  await route53.send(
    new CreateHostedZoneCommand({ Name: 'public.example.com', CallerReference: 'hna-public' }),
  );

  const s3West = new S3Client({ region: 'eu-west-1', forcePathStyle: true, ...settings });
  const s3East = new S3Client({ region: 'us-east-1', forcePathStyle: true, ...settings });
  await s3West.send(
    new CreateBucketCommand({
      Bucket: 'backups-west',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::backups-west', 'arn:aws:s3:::backups-west/*'],
        Condition: { StringNotEquals: { 'aws:SourceVpce': interfaceEndpoint.VpcEndpoint?.VpcEndpointId } },
      },
    ],
  });
  await s3West.send(new PutBucketPolicyCommand({ Bucket: 'backups-west', Policy: policy }));
  await s3East.send(new CreateBucketCommand({ Bucket: 'logs-east' }));
  const s3Sydney = new S3Client({ region: 'ap-southeast-2', forcePathStyle: true, ...settings });
  await s3Sydney.send(
    new CreateBucketCommand({
      Bucket: 'elsewhere-ap',
      CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' },
    }),
  );

  const rds = new RDSClient({ region: 'eu-west-1', ...settings });
  await mapWithConcurrency(
    Array.from({ length: RDS_INSTANCES }, (_, i) => i),
    8,
    (i) =>
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: `db-${i}`,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
          MasterUsername: 'admin',
          MasterUserPassword: 'not-a-real-password',
          AllocatedStorage: 20,
        }),
      ),
  );
  return {
    VpcId,
    SubnetId,
    GroupId,
    PrefixListId,
    policy,
    EndpointId: interfaceEndpoint.VpcEndpoint?.VpcEndpointId as string,
    InboundId: inbound.ResolverEndpoint?.Id as string,
    RuleId: rule.ResolverRule?.Id as string,
    ZoneId: zone.HostedZone?.Id as string,
  };
}

describe('collectors against the local AWS emulator', () => {
  let seeded: Record<string, string>;
  let snapshot: Snapshot;
  let log: CollectionLog;

  beforeAll(async () => {
    seeded = await seed();
    log = new CollectionLog();
    snapshot = await collectSnapshot({
      clients: createRegionalClients(settings),
      regions: ['eu-west-1', 'us-east-1'],
      accountId: '123456789012',
      partition: 'aws',
      log,
      now: new Date('2026-11-22T03:00:00Z'),
    });
  });

  it('writes a snapshot that its own reader accepts', () => {
    expect(parseSnapshot(serializeSnapshot(snapshot), 'collected')).toEqual(snapshot);
    expect(snapshot).toMatchObject({ version: 1, accountId: '123456789012', partition: 'aws' });
  });

  it('collects the EC2 networking as the API returned it', () => {
    const ec2 = snapshot.regions?.['eu-west-1']?.ec2;
    expect(ec2?.Vpcs?.map((v) => v.VpcId)).toContain(seeded.VpcId);
    expect(ec2?.Subnets?.find((s) => s.SubnetId === seeded.SubnetId)).toMatchObject({
      CidrBlock: '10.50.2.0/24',
      VpcId: seeded.VpcId,
    });
    expect(ec2?.SecurityGroups?.find((g) => g.GroupId === seeded.GroupId)?.IpPermissions).toMatchObject([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        PrefixListIds: [{ PrefixListId: seeded.PrefixListId }],
      },
    ]);
    const endpointItem = ec2?.VpcEndpoints?.find((e) => e.VpcEndpointId === seeded.EndpointId);
    expect(endpointItem).toMatchObject({ VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    // the endpoint's network interfaces, found through the filter the collector uses
    const interfaceIds = endpointItem?.NetworkInterfaceIds ?? [];
    expect(interfaceIds.length).toBeGreaterThan(0);
    expect(ec2?.NetworkInterfaces?.map((n) => n.NetworkInterfaceId).sort()).toEqual([...interfaceIds].sort());
    // DNS attributes for the VPC that holds an interface endpoint
    expect(ec2?.VpcAttributes?.[seeded.VpcId as string]).toEqual({
      EnableDnsSupport: true,
      EnableDnsHostnames: expect.any(Boolean),
    });
    // entries of the referenced prefix list only
    expect(ec2?.ManagedPrefixLists?.find((l) => l.PrefixListId === seeded.PrefixListId)?.Entries).toEqual([
      { Cidr: '10.20.0.0/16', Description: 'data centre' },
    ]);
    expect(ec2?.VpnConnections).toHaveLength(1);
    expect(ec2?.VpnGateways?.[0]?.VpcAttachments).toMatchObject([{ VpcId: seeded.VpcId, State: 'attached' }]);
    expect(ec2?.CustomerGateways).toHaveLength(1);
  });

  it('collects the Resolver endpoints with their addresses, the rules and their associations', () => {
    const resolver = snapshot.regions?.['eu-west-1']?.route53resolver;
    const inbound = resolver?.ResolverEndpoints?.find((e) => e.Id === seeded.InboundId);
    expect(inbound).toMatchObject({ Direction: 'INBOUND', HostVPCId: seeded.VpcId });
    expect(inbound?.IpAddresses?.map((a) => a.SubnetId).sort()).toHaveLength(2);
    expect(inbound?.IpAddresses?.every((a) => typeof a.Ip === 'string')).toBe(true);
    expect(resolver?.ResolverRules?.find((r) => r.Id === seeded.RuleId)).toMatchObject({
      RuleType: 'FORWARD',
      TargetIps: [{ Ip: '10.20.0.53', Port: 53 }],
    });
    expect(resolver?.ResolverRuleAssociations?.find((a) => a.ResolverRuleId === seeded.RuleId)).toMatchObject(
      { VPCId: seeded.VpcId },
    );
    // Collected in every audited region, each at the fewest calls: one page of each list, and one
    // ListResolverEndpointIpAddresses a endpoint (the two of eu-west-1).
    expect(snapshot.regions?.['us-east-1']?.route53resolver?.ResolverEndpoints).toEqual([]);
    for (const list of ['ListResolverEndpoints', 'ListResolverRules', 'ListResolverRuleAssociations'])
      expect(log.calls.get(`route53resolver:${list}`), list).toBe(2);
    expect(log.calls.get('route53resolver:ListResolverEndpointIpAddresses')).toBe(2);
  });

  it('collects the private hosted zones once, with their VPCs and records, and leaves out public ones', () => {
    const zones = snapshot.route53?.HostedZones ?? [];
    expect(zones.map((z) => z.Name)).toEqual(['s3.eu-west-1.amazonaws.com.']);
    const [zone] = zones;
    expect(zone?.Id).toContain(seeded.ZoneId?.replace('/hostedzone/', ''));
    expect(zone?.VPCs).toEqual([{ VPCId: seeded.VpcId, VPCRegion: 'eu-west-1' }]);
    expect(zone?.ResourceRecordSets?.find((r) => r.Type === 'A')).toMatchObject({
      Name: 's3.eu-west-1.amazonaws.com.',
      ResourceRecords: [{ Value: '10.50.2.10' }],
    });
    expect(log.calls.get('route53:ListHostedZones')).toBe(1);
    expect(log.calls.get('route53:GetHostedZone')).toBe(1);
    expect(log.calls.get('route53:ListResourceRecordSets')).toBe(1);
  });

  it("hands off a network account's names and centralised endpoints with its hub (the Lambda dispatcher's collection)", async () => {
    const clients = createRegionalClients(settings);
    const network = await collectNetworkInventory({
      ...clients,
      regions: ['eu-west-1'],
      accountId: '111122223333',
      partition: 'aws',
      log: new CollectionLog(),
      now: new Date('2026-11-22T03:00:00Z'),
    });
    const region = network.regions?.['eu-west-1'];
    expect(region?.ec2?.VpcEndpoints?.map((e) => e.VpcEndpointId)).toContain(seeded.EndpointId);
    expect(region?.ec2?.NetworkInterfaces?.length).toBeGreaterThan(0);
    expect(region?.route53resolver?.ResolverEndpoints?.map((e) => e.Id)).toContain(seeded.InboundId);
    expect(region?.route53resolver?.ResolverRules?.map((r) => r.Id)).toContain(seeded.RuleId);
    expect(network.route53?.HostedZones?.map((z) => z.Name)).toEqual(['s3.eu-west-1.amazonaws.com.']);
    // Not audited there: no buckets, DataSync, DRS or RDS.
    expect(network.s3).toBeUndefined();
    expect(region?.drs).toBeUndefined();
  });

  it('reads a bucket policy, a bucket without one, in the bucket region, and leaves out other regions', () => {
    const buckets = snapshot.s3?.Buckets ?? [];
    expect(buckets.find((b) => b.Name === 'backups-west')).toMatchObject({ BucketRegion: 'eu-west-1' });
    expect(JSON.parse(buckets.find((b) => b.Name === 'backups-west')?.Policy as string)).toEqual(
      JSON.parse(seeded.policy as string),
    );
    expect(buckets.find((b) => b.Name === 'logs-east')).toMatchObject({
      BucketRegion: 'us-east-1',
      Policy: null,
    });
    expect(buckets.map((b) => b.Name)).not.toContain('elsewhere-ap');
  });

  it('pages through more than one page of RDS instances with the fewest calls', () => {
    expect(snapshot.regions?.['eu-west-1']?.rds?.DBInstances).toHaveLength(RDS_INSTANCES);
    // two pages of 100 in eu-west-1, and one (empty) page in us-east-1
    expect(log.calls.get('rds:DescribeDBInstances')).toBe(Math.ceil(RDS_INSTANCES / 100) + 1);
  });

  it('collects what the emulator serves without a recorded error, and records any other failure whole', () => {
    // What the emulator does not serve (it varies with moto's version) is not ours to test here: the
    // recording of a failed call is tested with mocked clients (test/collect, test/faults).
    // moto serves no VPC Block Public Access call (its collector is tested with mocked clients).
    const notServed = new Set([
      'DescribeVpcBlockPublicAccessOptions',
      'DescribeVpcBlockPublicAccessExclusions',
    ]);
    expect(
      snapshot.errors?.filter(
        (e) =>
          ['ec2', 's3', 'rds', 'route53', 'route53resolver'].includes(e.service) &&
          !notServed.has(e.operation),
      ),
    ).toEqual([]);
    for (const error of snapshot.errors ?? []) {
      expect(error.region === undefined || ['eu-west-1', 'us-east-1'].includes(error.region)).toBe(true);
      expect(error.operation).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(error.code.length).toBeGreaterThan(0);
    }
  });
});
