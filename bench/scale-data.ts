/** Synthetic, realistic snapshots for the benchmarks (see bench/scale.ts). */
import type { RegionInventory, Snapshot } from '../lib/inventory/types.js';

const ACCOUNT = '123456789012';
export const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const BASE_VPCS = 128;

/** The Direct Connect gateway every region's hub is associated with. */
const DX_GATEWAY = 'dxgw-bench';

function region(
  name: string,
  vpcs: number,
  offset: number,
  index: number,
): { inventory: RegionInventory; buckets: NonNullable<Snapshot['s3']>['Buckets'] } {
  // One transit gateway per region (a network account's hub, here in the same snapshot):
  // every VPC attaches to it and sends the data centre there, through Direct Connect.
  const tgw = `tgw-${index.toString(16).padStart(17, '0')}`;
  const dxAttachment = `tgw-attach-dx${index.toString(16).padStart(14, '0')}`;
  const spokesTable = `tgw-rtb-spokes${index.toString(16).padStart(11, '0')}`;
  const onPremisesTable = `tgw-rtb-onprem${index.toString(16).padStart(11, '0')}`;
  const onPremisesRoutes: NonNullable<
    NonNullable<RegionInventory['ec2']>['TransitGatewayRouteTables']
  >[number]['Routes'] = [];
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
    VpcPeeringConnections: [],
    VpnConnections: [],
    VpnGateways: [],
    CustomerGateways: [],
    TransitGateways: [],
    TransitGatewayAttachments: [],
    TransitGatewayVpcAttachments: [],
    TransitGatewayRouteTables: [],
    VpcBlockPublicAccessOptions: { State: 'default-state', InternetGatewayBlockMode: 'off' },
    VpcBlockPublicAccessExclusions: [],
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
        AvailabilityZone: `${name}${'abc'[s % 3]}`,
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
        { DestinationCidrBlock: '10.20.0.0/16', TransitGatewayId: tgw, State: 'active' },
        ...Array.from({ length: 8 }, (_, r) => ({
          DestinationCidrBlock: `172.${16 + r}.0.0/16`,
          GatewayId: vgw,
          State: 'active',
        })),
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-${n.toString(16)}`, State: 'active' },
      ],
    });
    const attachment = `tgw-attach-${n.toString(16).padStart(17, '0')}`;
    ec2.TransitGatewayAttachments.push({
      TransitGatewayAttachmentId: attachment,
      TransitGatewayId: tgw,
      ResourceType: 'vpc',
      ResourceId: vpcId,
      State: 'available',
      Association: { TransitGatewayRouteTableId: spokesTable, State: 'associated' },
    });
    ec2.TransitGatewayVpcAttachments.push({
      TransitGatewayAttachmentId: attachment,
      TransitGatewayId: tgw,
      VpcId: vpcId,
      State: 'available',
      SubnetIds: subnetIds.slice(0, 3),
    });
    onPremisesRoutes.push({
      DestinationCidrBlock: cidr,
      Type: 'propagated',
      State: 'active',
      TransitGatewayAttachments: [
        { TransitGatewayAttachmentId: attachment, ResourceId: vpcId, ResourceType: 'vpc' },
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
        // As AWS returns them: the regional endpoint-specific name (the zonal ones left out).
        DnsEntries: [
          {
            DnsName: `${endpointId}-${(n * 3 + e).toString(36).padStart(8, '0')}.${services[e]}.${name}.vpce.amazonaws.com`,
            HostedZoneId: 'Z7HUB22UULQXV',
          },
        ],
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
  ec2.TransitGateways.push({ TransitGatewayId: tgw, State: 'available', OwnerId: ACCOUNT });
  ec2.TransitGatewayAttachments.push({
    TransitGatewayAttachmentId: dxAttachment,
    TransitGatewayId: tgw,
    ResourceType: 'direct-connect-gateway',
    ResourceId: DX_GATEWAY,
    State: 'available',
    Association: { TransitGatewayRouteTableId: onPremisesTable, State: 'associated' },
  });
  ec2.TransitGatewayRouteTables.push(
    {
      TransitGatewayRouteTableId: spokesTable,
      TransitGatewayId: tgw,
      Routes: [
        {
          DestinationCidrBlock: '10.20.0.0/16',
          Type: 'static',
          State: 'active',
          TransitGatewayAttachments: [{ TransitGatewayAttachmentId: dxAttachment }],
        },
        // A decommissioned site: a blackhole no question reaches.
        { DestinationCidrBlock: '10.21.0.0/16', Type: 'static', State: 'blackhole' },
      ],
      Associations: [],
      Propagations: [],
    },
    {
      TransitGatewayRouteTableId: onPremisesTable,
      TransitGatewayId: tgw,
      Routes: onPremisesRoutes,
      Associations: [{ TransitGatewayAttachmentId: dxAttachment, ResourceId: DX_GATEWAY }],
      Propagations: [],
    },
  );
  const directconnect: NonNullable<RegionInventory['directconnect']> = {
    VirtualInterfaces: ['a', 'b'].map((side) => ({
      virtualInterfaceId: `dxvif-${index}${side}`,
      virtualInterfaceType: 'transit',
      virtualInterfaceState: 'available',
      directConnectGatewayId: DX_GATEWAY,
      region: name,
      ownerAccount: ACCOUNT,
      bgpPeers: [{ bgpPeerId: `dxpeer-${index}${side}`, bgpPeerState: 'available', bgpStatus: 'up' }],
    })),
    // Gateways and associations are global: listed once, in the first region.
    ...(index === 0
      ? {
          DirectConnectGateways: [{ directConnectGatewayId: DX_GATEWAY, ownerAccount: ACCOUNT }],
          DirectConnectGatewayAssociations: REGIONS.map((regionName, i) => ({
            associationId: `assoc-${i}`,
            directConnectGatewayId: DX_GATEWAY,
            directConnectGatewayOwnerAccount: ACCOUNT,
            associationState: 'associated',
            associatedGateway: {
              id: `tgw-${i.toString(16).padStart(17, '0')}`,
              type: 'transitGateway',
              region: regionName,
            },
            allowedPrefixesToDirectConnectGateway: [{ cidr: '10.64.0.0/10' }, { cidr: '10.128.0.0/9' }],
          })),
        }
      : {}),
  };
  return {
    inventory: {
      ec2,
      directconnect,
      datasync: { Agents: agents },
      drs: {
        ReplicationConfigurationTemplates: templates,
        SourceServers: servers,
        ReplicationConfigurations: configurations,
      },
      rds: { DBInstances: [], DBClusters: [] },
      route53resolver: { ResolverEndpoints: [], ResolverRules: [], ResolverRuleAssociations: [] },
    },
    buckets,
  };
}

export function generate(scale: number): Snapshot {
  const perRegion = (BASE_VPCS * scale) / REGIONS.length;
  const regions: Record<string, RegionInventory> = {};
  const buckets: NonNullable<NonNullable<Snapshot['s3']>['Buckets']> = [];
  REGIONS.forEach((name, index) => {
    const built = region(name, perRegion, index * perRegion, index);
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
    route53: { HostedZones: [] },
    errors: [],
  };
}

export function count(snapshot: Snapshot) {
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
    transitGateways: sum((r) => r.ec2?.TransitGateways?.length ?? 0),
    tgwAttachments: sum((r) => r.ec2?.TransitGatewayVpcAttachments?.length ?? 0),
    tgwRoutes: sum((r) =>
      (r.ec2?.TransitGatewayRouteTables ?? []).reduce((t, table) => t + (table.Routes?.length ?? 0), 0),
    ),
  };
}
