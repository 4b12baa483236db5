/**
 * Name resolution (lib/network/names.ts) on small snapshots: the most specific domain wins, a
 * Resolver rule before a zone for the same domain, a zone without the record answers NXDOMAIN, a
 * wildcard answers below its parent, an endpoint's private DNS needs both VPC DNS attributes, and
 * what the snapshot lacks is unknown. Source: Route 53 Developer Guide, "Resolving DNS queries
 * between VPCs and your network" —
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-DSN-queries-to-vpc.html
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../lib/inventory/types.js';
import { answerInZone, resolve } from '../../lib/network/names.js';
import { snapshotOf } from '../support/fixtures.js';

const VPC = 'vpc-1';
const ENDPOINT = 'vpce-0aaa000000000001';
const SPECIFIC = `${ENDPOINT}-abcd1234.s3.eu-west-1.vpce.amazonaws.com`;

function world(
  extra: {
    privateDns?: boolean;
    attributes?: { EnableDnsSupport?: boolean; EnableDnsHostnames?: boolean };
    zones?: NonNullable<Snapshot['route53']>['HostedZones'];
    rules?: { Id: string; DomainName: string; RuleType: string }[];
  } = {},
): Snapshot {
  return snapshotOf(
    {
      ec2: {
        Vpcs: [{ VpcId: VPC }],
        VpcAttributes: { [VPC]: extra.attributes ?? { EnableDnsSupport: true, EnableDnsHostnames: true } },
        VpcEndpoints: [
          {
            VpcEndpointId: ENDPOINT,
            VpcId: VPC,
            VpcEndpointType: 'Interface',
            ServiceName: 'com.amazonaws.eu-west-1.s3',
            State: 'available',
            PrivateDnsEnabled: extra.privateDns ?? false,
            NetworkInterfaceIds: ['eni-1'],
            DnsEntries: [{ DnsName: `*.${SPECIFIC}` }],
          },
        ],
        NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.0.1.10' }],
      },
      route53resolver: {
        ResolverRules: extra.rules ?? [],
        ResolverRuleAssociations: (extra.rules ?? []).map((r) => ({
          Id: `a-${r.Id}`,
          ResolverRuleId: r.Id,
          VPCId: VPC,
          Status: 'COMPLETE',
        })),
      },
    },
    { route53: { HostedZones: extra.zones ?? [] } },
  );
}

const zone = (name: string, records: { Name: string; Type: string; alias?: string; value?: string }[]) => ({
  Id: `/hostedzone/Z-${name}`,
  Name: `${name}.`,
  CallerReference: name,
  Config: { PrivateZone: true },
  VPCs: [{ VPCId: VPC, VPCRegion: 'eu-west-1' }],
  ResourceRecordSets: records.map((r) => ({
    Name: r.Name,
    Type: r.Type,
    ...(r.alias
      ? { AliasTarget: { DNSName: r.alias, HostedZoneId: 'Z7K1066E3PUKB', EvaluateTargetHealth: false } }
      : {}),
    ...(r.value ? { ResourceRecords: [{ Value: r.value }] } : {}),
  })),
});

const from = (snapshot: Snapshot, name: string) =>
  resolve(name, { vpc: VPC }, { snapshot, region: 'eu-west-1' });

describe('resolve(name, from a VPC)', () => {
  it('answers public when no private entry covers the name', () => {
    expect(from(world(), 's3.eu-west-1.amazonaws.com').answer).toBe('public');
  });

  it('resolves an endpoint-specific name anywhere (public DNS holds it)', () => {
    const answer = from(world(), `bucket.${SPECIFIC}`);
    expect(answer).toMatchObject({
      answer: 'endpoint',
      by: [{ kind: 'endpoint-specific', endpoint: ENDPOINT }],
    });
  });

  it('resolves through the private DNS of the endpoint only where both VPC DNS attributes are on', () => {
    expect(from(world({ privateDns: true }), 'bucket.s3.eu-west-1.amazonaws.com')).toMatchObject({
      answer: 'endpoint',
      by: [{ kind: 'private-dns', endpoint: ENDPOINT }],
    });
    const off = world({
      privateDns: true,
      attributes: { EnableDnsSupport: true, EnableDnsHostnames: false },
    });
    expect(from(off, 's3.eu-west-1.amazonaws.com').answer).toBe('public');
    const unknown = world({ privateDns: true, attributes: {} });
    expect(from(unknown, 's3.eu-west-1.amazonaws.com').answer).toBe('unknown');
  });

  it('lets the most specific zone win, and answers NXDOMAIN from it when it lacks the record', () => {
    const zones = [
      zone('amazonaws.com', [{ Name: 's3.eu-west-1.amazonaws.com.', Type: 'A', value: '10.0.1.10' }]),
      zone('eu-west-1.amazonaws.com', [
        { Name: 'ssm.eu-west-1.amazonaws.com.', Type: 'A', value: '10.9.9.9' },
      ]),
    ];
    expect(from(world({ zones }), 's3.eu-west-1.amazonaws.com')).toMatchObject({
      answer: 'nxdomain',
      by: [{ kind: 'zone', zoneName: 'eu-west-1.amazonaws.com' }],
    });
  });

  it('follows an alias to the endpoint, and a wildcard answers the names below its parent', () => {
    const zones = [
      zone('s3.eu-west-1.amazonaws.com', [
        { Name: 's3.eu-west-1.amazonaws.com.', Type: 'A', alias: `${SPECIFIC}.` },
        { Name: '\\052.s3.eu-west-1.amazonaws.com.', Type: 'A', alias: `${SPECIFIC}.` },
      ]),
    ];
    expect(from(world({ zones }), 'backups.s3.eu-west-1.amazonaws.com')).toMatchObject({
      answer: 'endpoint',
      endpoint: { endpoint: { VpcEndpointId: ENDPOINT }, addresses: ['10.0.1.10'] },
    });
    expect(
      answerInZone('s3.eu-west-1.amazonaws.com', zones[0] as never, {
        snapshot: world({ zones }),
        region: 'eu-west-1',
      }).answer,
    ).toBe('endpoint');
  });

  it('gives a Resolver rule the same domain as a zone the win; a SYSTEM rule restores the zone', () => {
    const zones = [
      zone('s3.eu-west-1.amazonaws.com', [
        { Name: 's3.eu-west-1.amazonaws.com.', Type: 'A', alias: `${SPECIFIC}.` },
      ]),
    ];
    const forward = world({
      zones,
      rules: [{ Id: 'r1', DomainName: 's3.eu-west-1.amazonaws.com', RuleType: 'FORWARD' }],
    });
    expect(from(forward, 's3.eu-west-1.amazonaws.com')).toMatchObject({ answer: 'forwarded', rule: 'r1' });
    const system = world({
      zones,
      rules: [
        { Id: 'r1', DomainName: 'amazonaws.com', RuleType: 'FORWARD' },
        { Id: 'r2', DomainName: 'eu-west-1.amazonaws.com', RuleType: 'SYSTEM' },
      ],
    });
    expect(from(system, 's3.eu-west-1.amazonaws.com').answer).toBe('endpoint');
  });

  it('is unknown when the records of the winning zone were not read', () => {
    const zones = [{ ...zone('s3.eu-west-1.amazonaws.com', []), ResourceRecordSets: undefined }];
    expect(from(world({ zones: zones as never }), 's3.eu-west-1.amazonaws.com').answer).toBe('unknown');
  });
});
