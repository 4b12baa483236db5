/**
 * Field cases for issue 18: routing as AWS decides it, and requests as they are really
 * made. Each case cites the AWS page that decides it and comes as a healthy and a broken
 * variant; every broken (or, for false FAILED, healthy) variant gave the opposite verdict
 * before the fix.
 */

import { describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { privateRoutingConsistent } from '../../lib/rules/drs/private-routing-consistent.js';
import { replicationPortOpen } from '../../lib/rules/drs/replication-port-open.js';
import { stagingEgressHttps } from '../../lib/rules/drs/staging-egress-https.js';
import { noCidrOverlap } from '../../lib/rules/net/no-cidr-overlap.js';
import { tgwRoutesBothWays } from '../../lib/rules/net/tgw-routes-both-ways.js';
import { bucketPinnedToEndpoint } from '../../lib/rules/s3pl/bucket-pinned-to-endpoint.js';
import { endpointDnsResolvable } from '../../lib/rules/s3pl/endpoint-dns-resolvable.js';
import { databaseReachable } from '../../lib/rules/vpn/database-reachable.js';
import { redundantConnections } from '../../lib/rules/vpn/redundant-connections.js';
import { staticRoutesCoverRemote } from '../../lib/rules/vpn/static-routes-cover-remote.js';
import { vpcRoutesToRemote } from '../../lib/rules/vpn/vpc-routes-to-remote.js';
import { ATTACH_VPN, alibabaOnHub } from '../support/alibaba-hub.js';
import { evaluate } from '../support/fixtures.js';
import { hubTable, routeTable } from '../support/hub-table.js';
import { broken, ec2Of, find, HEALTHY_CONFIG, healthy, IDS, NET_IDS } from '../support/landing-zone.js';
import { network, peering, route, SUBNET } from '../support/network-fixture.js';
import { inventory, TARGET } from '../support/transit-fixture.js';
import { endpoint, group, publicReplication, routing, table } from './support.js';

const STAGING = IDS.staging;
const DATA_CENTRE = '10.20.0.0/16';
const NAT = 'nat-0d1e2f3a4b5c60001';
const IGW = 'igw-0f1e2d3c4b5a60009';
const FIREWALL_ENI = 'eni-0f1e2d3c4b5a6f001';
const GWLB_ENDPOINT = 'vpce-0a1b2c3d4e5f6a001';

type Change = (snapshot: Snapshot, region: RegionInventory) => void;

function one(results: RuleResult[], id: string): RuleResult {
  const result = results.find((r) => r.resourceId === id);
  if (result === undefined) throw new Error(`no result for ${id}: ${JSON.stringify(results)}`);
  return result;
}

function judge(
  rule: Parameters<typeof evaluate>[0],
  change: Change,
  id: string,
  config: AuditConfigInput = HEALTHY_CONFIG,
): RuleResult {
  return one(evaluate(rule, broken(change), config), id);
}

/** Every DRS setting of the zone: the staging subnet's per-template and per-server results. */
const DRS_SETTINGS = ['rct-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];

/** The staging table's route to the data centre, replaced by these routes (in this order). */
const stagingDataCentre =
  (...routes: Record<string, unknown>[]): Change =>
  (_s, region) => {
    const staging = table(region, IDS.stagingTable);
    staging.Routes = [
      ...(staging.Routes ?? []).filter((r) => r.DestinationCidrBlock !== DATA_CENTRE),
      ...routes,
    ];
  };
const propagatedVgw = {
  DestinationCidrBlock: DATA_CENTRE,
  GatewayId: IDS.vgw,
  State: 'active',
  Origin: 'EnableVgwRoutePropagation',
};
const staticTo = (target: Record<string, string>, State = 'active') => ({
  DestinationCidrBlock: DATA_CENTRE,
  ...target,
  State,
  Origin: 'CreateRoute',
});
/** A customer-managed prefix list holding the data centre, routed by the staging table. */
const dataCentreList =
  (target: Record<string, string>): Change =>
  (snapshot, region) => {
    ec2Of(region).ManagedPrefixLists?.push({
      PrefixListId: 'pl-0a1b2c3d4e5f60009',
      PrefixListName: 'on-premises',
      Entries: [{ Cidr: DATA_CENTRE }],
    });
    stagingDataCentre(propagatedVgw, {
      DestinationPrefixListId: 'pl-0a1b2c3d4e5f60009',
      ...target,
      State: 'active',
      Origin: 'CreateRoute',
    })(snapshot, region);
  };

// ---------------------------------------------------------------- point 1: route priority

// VPC User Guide, "Route priority": longest prefix, then a static route before a prefix-list
// route before a propagated one, whatever their order in the table.
describe('point 1: the route AWS selects among routes of one prefix', () => {
  it('a static route to a NAT gateway hides the VPN gateway’s propagated route (DRS.2 and DRS.3 FAILED)', () => {
    const change = stagingDataCentre(propagatedVgw, staticTo({ NatGatewayId: NAT }));
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain(
      `route ${DATA_CENTRE} -> ${NAT}: a NAT gateway does not carry answers back`,
    );
    for (const id of DRS_SETTINGS) {
      const drs3 = judge(privateRoutingConsistent, change, id);
      expect(drs3.status, drs3.evidence).toBe('FAILED');
    }
  });

  it('a prefix-list route hides the propagated one too (DRS.2 FAILED)', () => {
    const drs2 = judge(replicationPortOpen, dataCentreList({ NatGatewayId: NAT }), STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain(
      `route pl-0a1b2c3d4e5f60009 -> ${NAT}: a NAT gateway does not carry answers back`,
    );
  });

  it('healthy: the gateway’s static route beside its propagated one, a static route ahead of a prefix-list route to a NAT gateway', () => {
    for (const change of [
      stagingDataCentre(propagatedVgw, staticTo({ GatewayId: IDS.vgw })),
      dataCentreList({ GatewayId: IDS.vgw }),
      (s: Snapshot, r: RegionInventory) => {
        dataCentreList({ NatGatewayId: NAT })(s, r);
        table(r, IDS.stagingTable).Routes?.push(staticTo({ GatewayId: IDS.vgw }));
      },
    ]) {
      const result = judge(replicationPortOpen, change, STAGING);
      expect(result.status, result.evidence).toBe('PASSED');
      expect(judge(privateRoutingConsistent, change, DRS_SETTINGS[0] as string).status).toBe('PASSED');
    }
  });

  it('a route whose Origin the snapshot lacks, beside another of its prefix, is NOT_AVAILABLE, never a guess', () => {
    const { Origin: _origin, ...withoutOrigin } = staticTo({ NatGatewayId: NAT });
    const result = judge(replicationPortOpen, stagingDataCentre(propagatedVgw, withoutOrigin), STAGING);
    expect(result.status).toBe('NOT_AVAILABLE');
    expect(result.evidence).toContain('lacks their Origin');
  });
});

// Transit Gateway Guide, "Route evaluation order": a static route before a propagated one of the
// same prefix. A static route to our VPC beats another spoke's identical propagated prefix.
hubTable(
  tgwRoutesBothWays,
  [NET_IDS.attachMain, NET_IDS.attachAnalytics],
  [
    {
      name: 'point 1: another spoke’s static route overrides our propagated one for the same prefix',
      change: ({ networkRegion }) => {
        routeTable(networkRegion, NET_IDS.tableOnPremises).Routes = [
          {
            DestinationCidrBlock: '10.50.0.0/16',
            State: 'active',
            Type: 'propagated',
            TransitGatewayAttachments: [
              { TransitGatewayAttachmentId: NET_IDS.attachMain, ResourceType: 'vpc' },
            ],
          },
          {
            DestinationCidrBlock: '10.50.0.0/16',
            State: 'active',
            Type: 'static',
            TransitGatewayAttachments: [{ TransitGatewayAttachmentId: NET_IDS.attachAnalytics }],
          },
          {
            DestinationCidrBlock: '10.60.0.0/16',
            State: 'active',
            Type: 'propagated',
            TransitGatewayAttachments: [
              { TransitGatewayAttachmentId: NET_IDS.attachAnalytics, ResourceType: 'vpc' },
            ],
          },
        ];
      },
      resourceId: NET_IDS.attachMain,
      status: 'FAILED',
      evidence: `10.50.0.0/16 -> ${NET_IDS.attachAnalytics} (not ${NET_IDS.attachMain})`,
    },
  ],
  [
    {
      name: 'point 1: our static route overrides another spoke’s identical propagated prefix',
      change: ({ networkRegion }) => {
        routeTable(networkRegion, NET_IDS.tableOnPremises).Routes = [
          {
            DestinationCidrBlock: '10.50.0.0/16',
            State: 'active',
            Type: 'propagated',
            TransitGatewayAttachments: [
              { TransitGatewayAttachmentId: NET_IDS.attachAnalytics, ResourceType: 'vpc' },
            ],
          },
          {
            DestinationCidrBlock: '10.50.0.0/16',
            State: 'active',
            Type: 'static',
            TransitGatewayAttachments: [{ TransitGatewayAttachmentId: NET_IDS.attachMain }],
          },
          {
            DestinationCidrBlock: '10.60.0.0/16',
            State: 'active',
            Type: 'propagated',
            TransitGatewayAttachments: [
              { TransitGatewayAttachmentId: NET_IDS.attachAnalytics, ResourceType: 'vpc' },
            ],
          },
        ];
      },
      resources: [NET_IDS.attachMain, NET_IDS.attachAnalytics],
    },
  ],
);

// ---------------------------------------------------------------- point 2: where the answers leave

// Transit Gateway Guide, "Route evaluation order": for one prefix a Direct Connect-propagated
// route wins over a VPN-propagated one, so the answers to a remote cloud that came over the VPN
// leave by Direct Connect and never reach it.
describe('point 2: answers that leave by the wrong connection', () => {
  const CONFIG = { ...HEALTHY_CONFIG, vpn: { remoteCidrs: ['172.16.0.0/16'] } };
  const remoteRoutes = (winner: 'direct-connect' | 'static-vpn') =>
    alibabaOnHub((_s, n) => {
      const production = routeTable(n, NET_IDS.tableProduction);
      production.Routes = [
        ...(production.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '172.16.0.0/16'),
        {
          DestinationCidrBlock: '172.16.0.0/16',
          State: 'active',
          Type: 'propagated',
          TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ATTACH_VPN, ResourceType: 'vpn' }],
        },
        winner === 'direct-connect'
          ? {
              DestinationCidrBlock: '172.16.0.0/16',
              State: 'active',
              Type: 'propagated',
              TransitGatewayAttachments: [
                { TransitGatewayAttachmentId: NET_IDS.attachDx, ResourceType: 'direct-connect-gateway' },
              ],
            }
          : {
              DestinationCidrBlock: '172.16.0.0/16',
              State: 'active',
              Type: 'static',
              TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ATTACH_VPN }],
            },
      ];
    });

  it('VPN.7, VPN.5 and NET.4 fail when a Direct Connect-propagated route takes the remote cloud’s answers', () => {
    const snapshots = remoteRoutes('direct-connect');
    const vpn7 = one(evaluate(databaseReachable, snapshots, CONFIG), 'orders-db');
    expect(vpn7.status, vpn7.evidence).toBe('FAILED');
    expect(vpn7.evidence).toContain(`the answers leave by ${NET_IDS.attachDx} (direct-connect-gateway)`);
    const vpn5 = one(evaluate(vpcRoutesToRemote, snapshots, CONFIG), IDS.dbTable);
    expect(vpn5.status, vpn5.evidence).toBe('FAILED');
    const net4 = one(evaluate(tgwRoutesBothWays, snapshots, CONFIG), NET_IDS.attachMain);
    expect(net4.status, net4.evidence).toBe('FAILED');
    expect(net4.evidence).toContain('not by the VPN the traffic came by');
  });

  it('healthy: a static route to the VPN attachment wins over the Direct Connect one', () => {
    const snapshots = remoteRoutes('static-vpn');
    for (const [rule, id] of [
      [databaseReachable, 'orders-db'],
      [vpcRoutesToRemote, IDS.dbTable],
      [tgwRoutesBothWays, NET_IDS.attachMain],
    ] as const) {
      const result = one(evaluate(rule, snapshots, CONFIG), id);
      expect(result.status, `${rule.id}: ${result.evidence}`).toBe('PASSED');
    }
  });

  it('sources that may arrive by any connection are answered by the Direct Connect route (the engine)', () => {
    const index = new NetworkIndex(
      inventory({
        spokes: [
          ['10.20.0.0/16', 'tgw-attach-onprem', 'propagated'],
          ['10.20.0.0/16', 'tgw-attach-dx', 'propagated'],
        ],
        directConnect: true,
        dxPrefixes: ['10.50.0.0/16'],
      }),
    );
    const question = {
      direction: 'inbound' as const,
      sources: ['10.20.0.0/16'],
      ports: { from: 443, to: 443 },
      subnetId: TARGET,
      securityGroupIds: ['sg-1'],
    };
    expect(reach(question, index).verdict).toBe('open');
    const overVpn = reach({ ...question, arrivesBy: 'vpn' }, index);
    expect(overVpn.verdict).toBe('blocked');
    expect(overVpn.hops.find((h) => h.hop === 'tgw-return-route')?.closed[0]?.by).toContain(
      '10.20.0.0/16 -> tgw-attach-dx',
    );
  });
});

// ---------------------------------------------------------------- point 3: gateway route tables

// VPC User Guide, "Gateway route tables" (ingress routing): the table associated with the virtual
// private gateway decides inbound traffic first; a route there to a dead appliance closes the path.
const gatewayTable =
  (staging: Record<string, unknown>): Change =>
  (_s, region) => {
    ec2Of(region).RouteTables?.push({
      RouteTableId: 'rtb-0a9b8c7d6e5f4f001',
      VpcId: IDS.vpc,
      Associations: [
        {
          Main: false,
          GatewayId: IDS.vgw,
          RouteTableAssociationId: 'rtbassoc-0a9b8c7d6e5f4f001',
          AssociationState: { State: 'associated' },
        },
      ],
      Routes: [
        {
          DestinationCidrBlock: '10.50.0.0/16',
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        },
        { DestinationCidrBlock: '10.50.1.0/24', Origin: 'CreateRoute', ...staging },
      ],
    });
  };

describe('point 3: a gateway route table on the virtual private gateway', () => {
  it('a route for the staging subnet to a firewall whose interface is gone closes every path in (DRS.2, DRS.3 FAILED)', () => {
    const change = gatewayTable({ NetworkInterfaceId: FIREWALL_ENI, State: 'blackhole' });
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain(
      `gateway route table rtb-0a9b8c7d6e5f4f001: route 10.50.1.0/24 -> ${FIREWALL_ENI} (blackhole)`,
    );
    expect(drs2.path?.paths[0]?.hops[0]?.hop).toBe('gateway-route');
    const drs3 = judge(privateRoutingConsistent, change, DRS_SETTINGS[0] as string);
    expect(drs3.status, drs3.evidence).toBe('FAILED');
  });

  it('healthy: the firewall is up, or the gateway table keeps only the local route', () => {
    for (const change of [
      gatewayTable({ NetworkInterfaceId: FIREWALL_ENI, State: 'active' }),
      gatewayTable({ GatewayId: 'local', State: 'active' }),
    ]) {
      const result = judge(replicationPortOpen, change, STAGING);
      expect(result.status, result.evidence).toBe('PASSED');
      expect(judge(privateRoutingConsistent, change, DRS_SETTINGS[0] as string).status).toBe('PASSED');
    }
  });
});

// ---------------------------------------------------------------- point 4: peering

// VPC Peering Guide, "Unsupported VPC peering configurations" (edge-to-edge routing): a peering
// connection carries no traffic to or from a network beyond the peer VPC.
const PEER_VPC = 'vpc-0a1b2c3d4e5f6c001';
const viaPeering =
  (destination: string): Change =>
  (_s, region) => {
    ec2Of(region).VpcPeeringConnections = [
      {
        VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f6c001',
        Status: { Code: 'active' },
        RequesterVpcInfo: { VpcId: IDS.vpc, CidrBlockSet: [{ CidrBlock: '10.50.0.0/16' }] },
        AccepterVpcInfo: { VpcId: PEER_VPC, CidrBlockSet: [{ CidrBlock: '10.70.0.0/16' }] },
      },
    ];
    const staging = table(region, IDS.stagingTable);
    staging.Routes = [
      ...(staging.Routes ?? []).filter((r) => r.DestinationCidrBlock !== DATA_CENTRE),
      {
        DestinationCidrBlock: destination,
        VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f6c001',
        State: 'active',
        Origin: 'CreateRoute',
      },
    ];
  };

describe('point 4: peering is not a way home', () => {
  it('the data centre answered through a peering connection is closed (DRS.2, DRS.3 FAILED)', () => {
    const drs2 = judge(replicationPortOpen, viaPeering(DATA_CENTRE), STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('no edge-to-edge routing');
    const drs3 = judge(privateRoutingConsistent, viaPeering(DATA_CENTRE), DRS_SETTINGS[0] as string);
    expect(drs3.status, drs3.evidence).toBe('FAILED');
  });

  it('healthy: source servers in the peer VPC itself replicate through it', () => {
    const config = { ...HEALTHY_CONFIG, drs: { sourceCidrs: ['10.70.0.0/16'] } };
    const change: Change = (s, region) => {
      viaPeering('10.70.0.0/16')(s, region);
      group(region, IDS.drsGroup).IpPermissions?.push({
        IpProtocol: 'tcp',
        FromPort: 1500,
        ToPort: 1500,
        IpRanges: [{ CidrIp: '10.70.0.0/16' }],
      });
    };
    const drs2 = judge(replicationPortOpen, change, STAGING, config);
    expect(drs2.status, drs2.evidence).toBe('PASSED');
    const drs3 = judge(privateRoutingConsistent, change, DRS_SETTINGS[0] as string, config);
    expect(drs3.status, drs3.evidence).toBe('PASSED');
  });
});

// ---------------------------------------------------------------- point 5: Gateway Load Balancer endpoints

// VPC User Guide, "Gateway route tables" and Elastic Load Balancing, "Gateway Load Balancer
// endpoints": a route to a Gateway Load Balancer endpoint sends traffic through an inspection
// appliance, a private next hop — not an S3 gateway endpoint.
const viaInspection =
  (State: string): Change =>
  (s, region) => {
    ec2Of(region).VpcEndpoints?.push({
      VpcEndpointId: GWLB_ENDPOINT,
      VpcEndpointType: 'GatewayLoadBalancer',
      VpcId: IDS.vpc,
      ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f6a001',
      State: 'available',
    });
    stagingDataCentre({ ...staticTo({ GatewayId: GWLB_ENDPOINT }), State })(s, region);
  };

describe('point 5: Gateway Load Balancer endpoints are appliances', () => {
  it('healthy: the data centre routed through an inspection endpoint replicates privately (DRS.2, DRS.3 PASSED)', () => {
    const drs2 = judge(replicationPortOpen, viaInspection('active'), STAGING);
    expect(drs2.status, drs2.evidence).toBe('PASSED');
    for (const id of DRS_SETTINGS) {
      const drs3 = judge(privateRoutingConsistent, viaInspection('active'), id);
      expect(drs3.status, drs3.evidence).toBe('PASSED');
    }
  });

  it('the inspection endpoint’s route is a blackhole: FAILED', () => {
    const drs2 = judge(replicationPortOpen, viaInspection('blackhole'), STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('is not active');
  });

  // Issue 30 (docs/design/network-semantics.md, "Inspection"): a route by a CIDR block to an endpoint that the
  // collected endpoints no longer hold is a route to a deleted inspection endpoint, a blackhole.
  it('an endpoint the collected endpoints lack, routed by a CIDR block, is gone: FAILED naming it', () => {
    const result = judge(
      replicationPortOpen,
      stagingDataCentre(staticTo({ GatewayId: GWLB_ENDPOINT })),
      STAGING,
    );
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toContain(`${GWLB_ENDPOINT} no longer exists`);
  });
});

// ---------------------------------------------------------------- point 6: the internet needs an address

// VPC User Guide, "Internet gateways": an instance reaches the internet through an internet gateway
// only with a public IPv4 address; a route to a virtual private gateway leads on-premises.
const withoutEndpoints: Change = (_s, region) => {
  ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
    (e) => ![IDS.drsEndpoint, IDS.ec2Endpoint].includes(e.VpcEndpointId as never),
  );
};
const defaultRoute =
  (target: Record<string, string>, createPublicIP: boolean): Change =>
  (s, region) => {
    withoutEndpoints(s, region);
    const staging = table(region, IDS.stagingTable);
    staging.Routes = [
      ...(staging.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0'),
      { DestinationCidrBlock: '0.0.0.0/0', ...target, State: 'active', Origin: 'CreateRoute' },
    ];
    for (const settings of [
      ...(region.drs?.ReplicationConfigurationTemplates ?? []),
      ...(region.drs?.ReplicationConfigurations ?? []),
    ])
      settings.createPublicIP = createPublicIP;
  };

describe('point 6: the internet needs an address (DRS.4)', () => {
  it('an internet gateway for replication servers without public addresses: FAILED', () => {
    const result = judge(stagingEgressHttps, defaultRoute({ GatewayId: IGW }, false), STAGING);
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('have no public IPv4 address');
  });

  it('a default route to the virtual private gateway leads on-premises, not to the internet: FAILED', () => {
    const result = judge(stagingEgressHttps, defaultRoute({ GatewayId: IDS.vgw }, false), STAGING);
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('leads to the private networks, not to the internet');
  });

  it('healthy: an internet gateway with public addresses, or a NAT gateway', () => {
    for (const change of [
      defaultRoute({ GatewayId: IGW }, true),
      defaultRoute({ NatGatewayId: NAT }, false),
    ]) {
      const result = judge(stagingEgressHttps, change, STAGING);
      expect(result.status, result.evidence).toBe('PASSED');
    }
  });
});

// ---------------------------------------------------------------- point 7: DRS.2 over a public path

// DRS, "Data routing and throttling" and VPC User Guide, "NAT gateways": replication over public
// IPs still answers through the staging subnet's route table; a NAT gateway does not carry answers.
describe('point 7: DRS.2 judges the route of the public path', () => {
  const config = { ...HEALTHY_CONFIG, drs: { publicSourceCidrs: ['203.0.113.0/24'] } };
  const admitSite: Change = (_s, region) => {
    group(region, IDS.drsGroup).IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: '203.0.113.0/24' }] },
    ];
  };

  it('PUBLIC_IP behind a NAT default route: FAILED at the route, with the route’s fix', () => {
    const result = judge(
      replicationPortOpen,
      (s, r) => {
        routing(r, 'PUBLIC_IP');
        admitSite(s, r);
      },
      STAGING,
      config,
    );
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('a NAT gateway does not carry answers back');
    expect(result.remediation).toContain('through an internet gateway');
    expect(result.path?.paths[0]?.hops.map((h) => h.hop)).toContain('route');
  });

  it('healthy: PUBLIC_IP with an internet gateway and public addresses', () => {
    const result = judge(
      replicationPortOpen,
      (s, r) => {
        publicReplication(r);
        admitSite(s, r);
      },
      STAGING,
      config,
    );
    expect(result.status, result.evidence).toBe('PASSED');
  });
});

// ---------------------------------------------------------------- point 8: low answer ports

// VPC User Guide, "Network ACLs" (ephemeral ports): answers refused only below 32768 reach every
// common client OS; docs/design/rules-catalog.md maps them to WARNING everywhere.
describe('point 8: answers refused only on low ports are a WARNING in DRS.4 too', () => {
  const denyAnswers =
    (from: number, to: number): Change =>
    (_s, region) => {
      const acl = find(ec2Of(region).NetworkAcls, (a) => a.NetworkAclId === IDS.acl);
      acl.Entries = [
        {
          RuleNumber: 5,
          Protocol: '6',
          RuleAction: 'deny',
          Egress: false,
          CidrBlock: '0.0.0.0/0',
          PortRange: { From: from, To: to },
        },
        ...(acl.Entries ?? []),
      ];
    };

  it('an ACL that denies only port 3389 to the answers: WARNING naming the port', () => {
    const result = judge(stagingEgressHttps, denyAnswers(3389, 3389), STAGING);
    expect(result.status, result.evidence).toBe('WARNING');
    expect(result.evidence).toContain('3389');
  });

  it('an ACL that denies answers on 40000-40010: FAILED', () => {
    const result = judge(stagingEgressHttps, denyAnswers(40000, 40010), STAGING);
    expect(result.status, result.evidence).toBe('FAILED');
  });
});

// ---------------------------------------------------------------- point 9: a pin to any endpoint

// S3 User Guide, "Controlling access from VPC endpoints with bucket policies": aws:SourceVpce
// holds the id of the endpoint the request came through, any account's; "vpce-*" matches them all.
describe('point 9: S3PL.3 simulates a request through another account’s endpoint', () => {
  const pinned =
    (condition: Record<string, unknown>): Change =>
    (snapshot) => {
      find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-veeam-backups').Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyOutsideEndpoint',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::acme-veeam-backups', 'arn:aws:s3:::acme-veeam-backups/*'],
            Condition: condition,
          },
        ],
      });
    };

  it('StringNotLike aws:SourceVpce "vpce-*" pins nothing: FAILED', () => {
    const result = judge(
      bucketPinnedToEndpoint,
      pinned({ StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }),
      'acme-veeam-backups',
    );
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('through another account’s endpoint'.replace('’', "'"));
  });

  it('healthy: StringNotEquals the interface endpoint’s id', () => {
    const result = judge(
      bucketPinnedToEndpoint,
      pinned({ StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface } }),
      'acme-veeam-backups',
    );
    expect(result.status, result.evidence).toBe('PASSED');
  });
});

// Point 10 (DRS.6, anonymous installer downloads) is in dsync-s3pl-vpn.test.ts, beside the
// data-perimeter policies it changes the verdict of.

// ---------------------------------------------------------------- point 11: health and identity

// Route 53 Resolver API, ResolverEndpoint: Status OPERATIONAL is the only healthy one.
describe('point 11: an inbound Resolver endpoint in ACTION_NEEDED (S3PL.5)', () => {
  const inboundOnly =
    (status: string): Change =>
    (_s, region) => {
      const e = endpoint(region, IDS.s3Interface);
      e.PrivateDnsEnabled = true;
      e.DnsOptions = { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true };
      for (const resolver of region.route53resolver?.ResolverEndpoints ?? []) resolver.Status = status;
    };

  it('ACTION_NEEDED: WARNING naming it', () => {
    const result = judge(endpointDnsResolvable, inboundOnly('ACTION_NEEDED'), IDS.s3Interface);
    expect(result.status, result.evidence).toBe('WARNING');
    expect(result.evidence).toContain('ACTION_NEEDED');
  });

  it('healthy: OPERATIONAL', () => {
    expect(judge(endpointDnsResolvable, inboundOnly('OPERATIONAL'), IDS.s3Interface).status).toBe('PASSED');
  });
});

// Site-to-Site VPN User Guide, "Customer gateway devices" and "Redundant connections": a customer
// gateway is the device at its public IP; two objects with one address are one device.
describe('point 11: two customer gateway objects with one address are one peer (VPN.3)', () => {
  const sameAddress: Change = (_s, region) => {
    for (const gateway of ec2Of(region).CustomerGateways ?? []) gateway.IpAddress = '203.0.113.10';
  };

  it('one address behind two customer gateways: WARNING', () => {
    const result = judge(redundantConnections, sameAddress, IDS.vgw);
    expect(result.status, result.evidence).toBe('WARNING');
    expect(result.evidence).toContain('203.0.113.10 is one device behind several customer gateway objects');
  });

  it('healthy: two addresses', () => {
    expect(judge(redundantConnections, () => {}, IDS.vgw).status).toBe('PASSED');
  });

  it('an address the snapshot lacks is NOT_AVAILABLE', () => {
    const result = judge(
      redundantConnections,
      (_s, region) => {
        ec2Of(region).CustomerGateways = ec2Of(region).CustomerGateways?.slice(0, 1);
      },
      IDS.vgw,
    );
    expect(result.status).toBe('NOT_AVAILABLE');
  });
});

// ---------------------------------------------------------------- point 12: nothing passes on its own word

// Alibaba Cloud DTS over IPsec VPN (docs/rules/static-routes-cover-remote.md): only a connection that leads to the
// remote cloud is judged; a branch office's routes covering themselves prove nothing.
describe('point 12: VPN.4 on a connection that does not lead to the remote cloud', () => {
  it('the data-centre connection is NOT_APPLICABLE, not PASSED', () => {
    const result = one(evaluate(staticRoutesCoverRemote, healthy(), HEALTHY_CONFIG), IDS.vpnDataCentre);
    expect(result.status, result.evidence).toBe('NOT_APPLICABLE');
    expect(result.evidence).toContain('does not lead to the remote cloud');
  });

  it('named in vpn.remoteConnections it is judged, and fails without the remote networks', () => {
    const config = {
      ...HEALTHY_CONFIG,
      vpn: { ...HEALTHY_CONFIG.vpn, remoteConnections: [IDS.vpnDataCentre] },
    };
    const result = one(evaluate(staticRoutesCoverRemote, healthy(), config), IDS.vpnDataCentre);
    expect(result.status, result.evidence).toBe('FAILED');
  });
});

// ---------------------------------------------------------------- point 13: sources inside the VPC

// DataSync, "Network requirements" (an agent on EC2 in the VPC): an address inside one of the VPC's
// own subnets is reached over the local route; only a network that merely falls in its range overlaps.
describe('point 13: NET.2 and a DataSync agent on EC2 inside the VPC', () => {
  it('healthy: the agent’s address in the task subnet is no overlap', () => {
    const config = { ...HEALTHY_CONFIG, dataSync: { sourceCidrs: ['10.50.4.5/32'] } };
    const result = one(evaluate(noCidrOverlap, healthy(), config), IDS.vpc);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toContain(`10.50.4.5/32 (in ${IDS.tasks})`);
  });

  it('a data-centre network in the VPC’s range but in none of its subnets still overlaps', () => {
    const config = { ...HEALTHY_CONFIG, dataSync: { sourceCidrs: ['10.50.200.0/24'] } };
    const result = one(evaluate(noCidrOverlap, healthy(), config), IDS.vpc);
    expect(result.status, result.evidence).toBe('FAILED');
  });
});

// The engine alone, for the closure texts the rules above rely on.
describe('engine: gateway route tables and peering in one question', () => {
  it('reports the gateway route table before the subnet’s own route', () => {
    const { index } = network({
      routes: [route('10.20.0.0/16', { GatewayId: 'vgw-1' })],
      extraTables: [
        {
          RouteTableId: 'rtb-edge',
          VpcId: 'vpc-1',
          Associations: [{ GatewayId: 'vgw-1', AssociationState: { State: 'associated' } }],
          Routes: [
            route('10.50.0.0/16', { GatewayId: 'local' }),
            route('10.50.1.0/24', { NetworkInterfaceId: 'eni-fw' }, 'blackhole'),
          ],
        },
      ],
      peerings: [peering('pcx-1', ['10.60.0.0/16'])],
    });
    const answer = reach(
      {
        direction: 'inbound',
        sources: ['10.20.0.0/16'],
        ports: { from: 443, to: 443 },
        subnetId: SUBNET,
        securityGroupIds: ['sg-1'],
      },
      index,
    );
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops.map((h) => h.hop).slice(0, 2)).toEqual(['gateway-route', 'route']);
    expect(answer.hops[0]?.closed[0]?.by).toContain('rtb-edge');
  });
});
