/**
 * Field cases for issue 30: inspection as enterprises build it. A Gateway Load Balancer
 * endpoint is a detour, not an exit (VPC User Guide, "Gateway route tables",
 * https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html; Elastic Load
 * Balancing, "Gateway Load Balancers",
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html:
 * "asymmetric routing is not supported"), and VPC Block Public Access closes internet gateway
 * paths (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html). Each broken
 * variant gave PASSED before the change.
 */
import { describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { privateRoutingConsistent } from '../../lib/rules/drs/private-routing-consistent.js';
import { replicationPortOpen } from '../../lib/rules/drs/replication-port-open.js';
import { stagingEgressHttps } from '../../lib/rules/drs/staging-egress-https.js';
import { databaseReachable } from '../../lib/rules/vpn/database-reachable.js';
import { vpcRoutesToRemote } from '../../lib/rules/vpn/vpc-routes-to-remote.js';
import { ATTACH_VPN, alibabaOnHub, REMOTE, toAttachment } from '../support/alibaba-hub.js';
import { evaluate } from '../support/fixtures.js';
import { routeTable } from '../support/hub-table.js';
import { broken, ec2Of, HEALTHY_CONFIG, IDS, NET_IDS } from '../support/landing-zone.js';
import { group, publicReplication, table } from './support.js';

type Change = (snapshot: Snapshot, region: RegionInventory) => void;

const STAGING = IDS.staging;
const STAGING_BLOCK = '10.50.1.0/24';
const DATA_CENTRE = '10.20.0.0/16';
const NAT = 'nat-0d1e2f3a4b5c60001';
const INSPECTION = 'vpce-0a1b2c3d4e5f6e001';
const OTHER_INSPECTION = 'vpce-0a1b2c3d4e5f6e002';
const INSPECTION_SUBNET = 'subnet-0e5f6a7b8c9d0f0e1';
const INSPECTION_TABLE = 'rtb-0a9b8c7d6e5f4f0e1';
const GATEWAY_TABLE = 'rtb-0a9b8c7d6e5f4f0e2';
const DRS_SETTING = 'rct-0a1b2c3d4e5f60001';

function judge(
  rule: Parameters<typeof evaluate>[0],
  change: Change,
  id: string,
  config: AuditConfigInput = HEALTHY_CONFIG,
): RuleResult {
  const result = evaluate(rule, broken(change), config).find((r) => r.resourceId === id);
  if (result === undefined) throw new Error(`no result for ${id}`);
  return result;
}

const active = (DestinationCidrBlock: string, target: Record<string, string>) => ({
  DestinationCidrBlock,
  ...target,
  State: 'active',
  Origin: 'CreateRoute',
});

/**
 * An inspection subnet holding a Gateway Load Balancer endpoint (and a second one, for another
 * appliance), its own table holding `onward`.
 */
function inspectionSubnet(onward: Record<string, unknown>[], state = 'available'): Change {
  return (_s, region) => {
    const ec2 = ec2Of(region);
    ec2.Subnets?.push({
      SubnetId: INSPECTION_SUBNET,
      VpcId: IDS.vpc,
      CidrBlock: '10.50.250.0/28',
      AvailabilityZone: 'eu-west-1a',
    });
    for (const [id, service, State] of [
      [INSPECTION, 'vpce-svc-0a1b2c3d4e5f6e001', state],
      [OTHER_INSPECTION, 'vpce-svc-0a1b2c3d4e5f6e002', 'available'],
    ] as const)
      ec2.VpcEndpoints?.push({
        VpcEndpointId: id,
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: IDS.vpc,
        ServiceName: `com.amazonaws.vpce.eu-west-1.${service}`,
        State,
        SubnetIds: [INSPECTION_SUBNET],
      });
    ec2.RouteTables?.push({
      RouteTableId: INSPECTION_TABLE,
      VpcId: IDS.vpc,
      Associations: [{ Main: false, SubnetId: INSPECTION_SUBNET, AssociationState: { State: 'associated' } }],
      Routes: [
        {
          DestinationCidrBlock: '10.50.0.0/16',
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        },
        ...onward,
      ],
    });
  };
}

/** The gateway route table on a gateway, sending the staging subnet to `target`. */
function gatewayTable(gateway: string, target: Record<string, string>): Change {
  return (_s, region) => {
    ec2Of(region).RouteTables?.push({
      RouteTableId: GATEWAY_TABLE,
      VpcId: IDS.vpc,
      Associations: [{ Main: false, GatewayId: gateway, AssociationState: { State: 'associated' } }],
      Routes: [
        {
          DestinationCidrBlock: '10.50.0.0/16',
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        },
        active(STAGING_BLOCK, target),
      ],
    });
  };
}

/** The staging table's route for `destination`, replaced by one to `target`. */
function stagingRoute(destination: string, target: Record<string, string>): Change {
  return (_s, region) => {
    const staging = table(region, IDS.stagingTable);
    staging.Routes = [
      ...(staging.Routes ?? []).filter((r) => r.DestinationCidrBlock !== destination),
      active(destination, target),
    ];
  };
}

const all =
  (...changes: Change[]): Change =>
  (snapshot, region) => {
    for (const change of changes) change(snapshot, region);
  };

/** The design AWS documents: in through the gateway table, out through the staging table, both via one endpoint. */
const inspectedBothWays = (onward = [active(DATA_CENTRE, { GatewayId: IDS.vgw })], state = 'available') =>
  all(
    inspectionSubnet(onward, state),
    gatewayTable(IDS.vgw, { GatewayId: INSPECTION }),
    stagingRoute(DATA_CENTRE, { GatewayId: INSPECTION }),
  );

describe('point 1: a Gateway Load Balancer endpoint is a detour, both ways', () => {
  it('healthy: requests and answers both through the live endpoint, its subnet routing the data centre to the VPN gateway (DRS.2, DRS.3 PASSED)', () => {
    const drs2 = judge(replicationPortOpen, inspectedBothWays(), STAGING);
    expect(drs2.status, drs2.evidence).toBe('PASSED');
    const drs3 = judge(privateRoutingConsistent, inspectedBothWays(), DRS_SETTING);
    expect(drs3.status, drs3.evidence).toBe('PASSED');
  });

  it('the gateway table sends the staging subnet to a deleted endpoint: closed, naming it (DRS.2 FAILED)', () => {
    const change = all(
      inspectionSubnet([active(DATA_CENTRE, { GatewayId: IDS.vgw })]),
      gatewayTable(IDS.vgw, { GatewayId: INSPECTION }),
      stagingRoute(DATA_CENTRE, { GatewayId: INSPECTION }),
      (_s, region) => {
        const endpoint = ec2Of(region).VpcEndpoints?.find((e) => e.VpcEndpointId === INSPECTION);
        if (endpoint) endpoint.State = 'deleted';
      },
    );
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain(`${INSPECTION} is deleted`);
  });

  it('the gateway table is checked whatever the subnet’s own route: a blackhole there closes a path whose answers are inspected', () => {
    const change = all(inspectedBothWays(), (_s, region) => {
      const gateway = table(region, GATEWAY_TABLE);
      for (const route of gateway.Routes ?? []) if (route.GatewayId === INSPECTION) route.State = 'blackhole';
    });
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain(`gateway route table ${GATEWAY_TABLE}`);
  });

  it('an endpoint subnet that only routes 0.0.0.0/0 to a NAT gateway does not return answers on-premises (DRS.2, DRS.3 FAILED)', () => {
    const change = inspectedBothWays([active('0.0.0.0/0', { NatGatewayId: NAT })]);
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('a NAT gateway does not carry answers back');
    const drs3 = judge(privateRoutingConsistent, change, DRS_SETTING);
    expect(drs3.status, drs3.evidence).toBe('FAILED');
  });

  it('inspected on the way in, answers bypassing the appliance: asymmetric, closed naming both routes (DRS.2 FAILED)', () => {
    const change = all(
      inspectionSubnet([active(DATA_CENTRE, { GatewayId: IDS.vgw })]),
      gatewayTable(IDS.vgw, { GatewayId: INSPECTION }),
    );
    const drs2 = judge(replicationPortOpen, change, STAGING);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('asymmetric routing is not supported');
    expect(drs2.evidence).toContain(`${DATA_CENTRE} -> ${IDS.vgw}`);
  });

  it('answers through the appliance, requests straight in (no gateway table) or through another appliance: closed', () => {
    for (const change of [
      all(
        inspectionSubnet([active(DATA_CENTRE, { GatewayId: IDS.vgw })]),
        stagingRoute(DATA_CENTRE, { GatewayId: INSPECTION }),
      ),
      all(
        inspectionSubnet([active(DATA_CENTRE, { GatewayId: IDS.vgw })]),
        gatewayTable(IDS.vgw, { GatewayId: OTHER_INSPECTION }),
        stagingRoute(DATA_CENTRE, { GatewayId: INSPECTION }),
      ),
    ]) {
      const drs2 = judge(replicationPortOpen, change, STAGING);
      expect(drs2.status, drs2.evidence).toBe('FAILED');
      expect(drs2.evidence).toContain('asymmetric routing is not supported');
    }
  });
});

describe('point 1: the internet through an inspection endpoint only if its subnet reaches it (DRS.4)', () => {
  it('healthy: the staging default route to the endpoint, the endpoint subnet’s to the NAT gateway (PASSED)', () => {
    const change = all(
      inspectionSubnet([active('0.0.0.0/0', { NatGatewayId: NAT })]),
      stagingRoute('0.0.0.0/0', { GatewayId: INSPECTION }),
    );
    const drs4 = judge(stagingEgressHttps, withoutPrivateEndpoints(change), STAGING);
    expect(drs4.status, drs4.evidence).toBe('PASSED');
  });

  it('the endpoint subnet has no way out: FAILED', () => {
    const change = all(inspectionSubnet([]), stagingRoute('0.0.0.0/0', { GatewayId: INSPECTION }));
    const drs4 = judge(stagingEgressHttps, withoutPrivateEndpoints(change), STAGING);
    expect(drs4.status, drs4.evidence).toBe('FAILED');
  });
});

/** Without the drs and ec2 interface endpoints, DRS.4 judges the internet path alone. */
function withoutPrivateEndpoints(change: Change): Change {
  return (snapshot, region) => {
    change(snapshot, region);
    ec2Of(region).VpcEndpoints = ec2Of(region).VpcEndpoints?.filter(
      (e) => ![IDS.drsEndpoint, IDS.ec2Endpoint].includes(e.VpcEndpointId as never),
    );
  };
}

describe('point 3: VPC Block Public Access closes internet gateway paths', () => {
  const blockPublic =
    (
      mode: string,
      exclusions: { ResourceArn: string; InternetGatewayExclusionMode: string; State: string }[] = [],
    ): Change =>
    (snapshot, region) => {
      publicReplication(region);
      group(region, IDS.drsGroup).IpPermissions = [
        { IpProtocol: 'tcp', FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: '198.51.100.0/24' }] },
      ];
      const ec2 = ec2Of(region);
      ec2.VpcBlockPublicAccessOptions = { State: 'update-complete', InternetGatewayBlockMode: mode };
      ec2.VpcBlockPublicAccessExclusions = exclusions.map((e, i) => ({
        ExclusionId: `exclusion-0a1b2c3d4e5f6000${i}`,
        ...e,
      }));
      void snapshot;
    };
  const config = { ...HEALTHY_CONFIG, drs: { publicSourceCidrs: ['198.51.100.0/24'] } };

  it('block-bidirectional: public replication over the internet gateway stops, the mode named (DRS.2 FAILED)', () => {
    const drs2 = judge(replicationPortOpen, blockPublic('block-bidirectional'), STAGING, config);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('VPC Block Public Access is block-bidirectional');
  });

  it('a read that failed is NOT_AVAILABLE naming it, never "off" (DRS.2); a list never collected is read as off', () => {
    // The member role without the new permission: AccessDenied recorded, the list absent.
    const failed: Change = (snapshot, region) => {
      blockPublic('block-bidirectional')(snapshot, region);
      delete ec2Of(region).VpcBlockPublicAccessOptions;
      delete ec2Of(region).VpcBlockPublicAccessExclusions;
      snapshot.errors = [
        ...(snapshot.errors ?? []),
        {
          region: 'eu-west-1',
          service: 'ec2',
          operation: 'DescribeVpcBlockPublicAccessOptions',
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
        },
      ];
    };
    const drs2 = judge(replicationPortOpen, failed, STAGING, config);
    expect(drs2.status, drs2.evidence).toBe('NOT_AVAILABLE');
    expect(drs2.evidence).toContain('DescribeVpcBlockPublicAccessOptions');
    const older: Change = (snapshot, region) => {
      blockPublic('block-bidirectional')(snapshot, region);
      delete ec2Of(region).VpcBlockPublicAccessOptions;
      delete ec2Of(region).VpcBlockPublicAccessExclusions;
    };
    expect(judge(replicationPortOpen, older, STAGING, config).status).toBe('PASSED');
  });

  it('block-ingress closes inbound paths through the internet gateway too', () => {
    const drs2 = judge(replicationPortOpen, blockPublic('block-ingress'), STAGING, config);
    expect(drs2.status, drs2.evidence).toBe('FAILED');
    expect(drs2.evidence).toContain('block-ingress');
  });

  it('healthy: mode off, or an exclusion for the VPC that is complete (PASSED)', () => {
    for (const change of [
      blockPublic('off'),
      blockPublic('block-bidirectional', [
        {
          ResourceArn: `arn:aws:ec2:eu-west-1:123456789012:vpc/${IDS.vpc}`,
          InternetGatewayExclusionMode: 'allow-bidirectional',
          State: 'create-complete',
        },
      ]),
    ]) {
      const drs2 = judge(replicationPortOpen, change, STAGING, config);
      expect(drs2.status, drs2.evidence).toBe('PASSED');
    }
  });

  it('outbound: block-bidirectional stops the NAT gateway’s egress too, block-ingress lets it out (DRS.4)', () => {
    const natEgress = (mode: string): Change =>
      withoutPrivateEndpoints((_s, region) => {
        const ec2 = ec2Of(region);
        ec2.VpcBlockPublicAccessOptions = { State: 'update-complete', InternetGatewayBlockMode: mode };
        ec2.VpcBlockPublicAccessExclusions = [];
      });
    const blocked = judge(stagingEgressHttps, natEgress('block-bidirectional'), STAGING);
    expect(blocked.status, blocked.evidence).toBe('FAILED');
    expect(blocked.evidence).toContain('VPC Block Public Access is block-bidirectional');
    const ingressOnly = judge(stagingEgressHttps, natEgress('block-ingress'), STAGING);
    expect(ingressOnly.status, ingressOnly.evidence).toBe('PASSED');
  });

  it('an exclusion still being created, or allowing egress only, does not lift the block on the way in', () => {
    for (const [mode, state] of [
      ['allow-bidirectional', 'create-in-progress'],
      ['allow-egress', 'create-complete'],
    ] as const) {
      const change = blockPublic('block-bidirectional', [
        {
          ResourceArn: `arn:aws:ec2:eu-west-1:123456789012:subnet/${STAGING}`,
          InternetGatewayExclusionMode: mode,
          State: state,
        },
      ]);
      expect(judge(replicationPortOpen, change, STAGING, config).status).toBe('FAILED');
    }
  });
});

// Transit Gateway Guide, "Appliance in a shared services VPC" (appliance mode):
// https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
describe('point 5: VPN.5 accepts the VPN reached through an inspection VPC on the transit gateway', () => {
  const INSPECT_ATTACHMENT = 'tgw-attach-0a1b2c3d4e5f6e0f1';
  const INSPECT_TABLE = 'tgw-rtb-0b1c2d3e4f5a6e0f1';
  const viaInspectionVpc = () =>
    alibabaOnHub((_s, n) => {
      const ec2 = ec2Of(n);
      ec2.TransitGatewayAttachments?.push({
        TransitGatewayAttachmentId: INSPECT_ATTACHMENT,
        TransitGatewayId: NET_IDS.tgw,
        ResourceType: 'vpc',
        ResourceId: 'vpc-0a1b2c3d4e5f6e0f1',
        State: 'available',
        Association: { TransitGatewayRouteTableId: INSPECT_TABLE, State: 'associated' },
      });
      ec2.TransitGatewayVpcAttachments?.push({
        TransitGatewayAttachmentId: INSPECT_ATTACHMENT,
        TransitGatewayId: NET_IDS.tgw,
        VpcId: 'vpc-0a1b2c3d4e5f6e0f1',
        SubnetIds: ['subnet-0e5f6a7b8c9d0f0f1'],
        Options: { ApplianceModeSupport: 'enable' },
      });
      const production = routeTable(n, NET_IDS.tableProduction);
      production.Routes = (production.Routes ?? []).map((r) =>
        REMOTE.includes(r.DestinationCidrBlock ?? '')
          ? toAttachment(r.DestinationCidrBlock ?? '', INSPECT_ATTACHMENT)
          : r,
      );
      ec2.TransitGatewayRouteTables?.push({
        TransitGatewayRouteTableId: INSPECT_TABLE,
        TransitGatewayId: NET_IDS.tgw,
        Routes: [
          ...REMOTE.map((cidr) => toAttachment(cidr, ATTACH_VPN)),
          toAttachment('10.50.0.0/16', NET_IDS.attachMain),
        ],
        Associations: [{ TransitGatewayAttachmentId: INSPECT_ATTACHMENT, ResourceType: 'vpc' }],
        Propagations: [],
      });
    });
  const config = { ...HEALTHY_CONFIG, vpn: { remoteCidrs: ['172.16.0.0/16'] } };

  it('healthy: the database table routes the remote cloud to the hub, the hub through the inspection VPC to the VPN (VPN.5 PASSED, as VPN.7)', () => {
    const snapshots = viaInspectionVpc();
    const vpn5 = evaluate(vpcRoutesToRemote, snapshots, config).find((r) => r.resourceId === IDS.dbTable);
    expect(vpn5?.status, vpn5?.evidence).toBe('PASSED');
    const vpn7 = evaluate(databaseReachable, snapshots, config).find((r) => r.resourceId === 'orders-db');
    expect(vpn7?.status, vpn7?.evidence).toBe('PASSED');
  });
});
