/**
 * The bundled landing zone, and a healthy version of it: every problem the example
 * shows on purpose is fixed. Rule tests break one thing in the healthy version.
 */
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { loadExample, loadNetworkExample } from './fixtures.js';

export const IDS = {
  vpc: 'vpc-0a1b2c3d4e5f60001',
  analyticsVpc: 'vpc-0a1b2c3d4e5f60002',
  staging: 'subnet-0e5f6a7b8c9d00001',
  endpointsA: 'subnet-0e5f6a7b8c9d00002',
  endpointsB: 'subnet-0e5f6a7b8c9d00003',
  tasks: 'subnet-0e5f6a7b8c9d00004',
  dbA: 'subnet-0e5f6a7b8c9d00005',
  mainTable: 'rtb-0a9b8c7d6e5f40001',
  stagingTable: 'rtb-0a9b8c7d6e5f40002',
  dbTable: 'rtb-0a9b8c7d6e5f40003',
  acl: 'acl-0b1c2d3e4f5a60001',
  drsGroup: 'sg-0d1e2f3a4b5c60001',
  endpointGroup: 'sg-0d1e2f3a4b5c60002',
  dataSyncEndpointGroup: 'sg-0d1e2f3a4b5c60003',
  taskGroup: 'sg-0d1e2f3a4b5c60004',
  dbGroup: 'sg-0d1e2f3a4b5c60005',
  drsEndpoint: 'vpce-0a1b2c3d4e5f60101',
  ec2Endpoint: 'vpce-0a1b2c3d4e5f60102',
  s3Gateway: 'vpce-0a1b2c3d4e5f60103',
  s3Interface: 'vpce-0a1b2c3d4e5f60104',
  analyticsS3Interface: 'vpce-0a1b2c3d4e5f60107',
  dataSyncEndpoint: 'vpce-0a1b2c3d4e5f60105',
  agent1: 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0001',
  agent2: 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0002',
  vpnDataCentre: 'vpn-0b1c2d3e4f5a60001',
  vpnAlibaba: 'vpn-0b1c2d3e4f5a60002',
  vgw: 'vgw-0c1d2e3f4a5b60001',
} as const;

/** The network account of the example (examples/network-account.json): the hub the landing zone's VPCs attach to. */
export const NET_IDS = {
  account: '111122223333',
  tgw: 'tgw-0f1a2b3c4d5e60001',
  attachMain: 'tgw-attach-0a1b2c3d4e5f60001',
  attachAnalytics: 'tgw-attach-0a1b2c3d4e5f60002',
  attachDx: 'tgw-attach-0a1b2c3d4e5f60003',
  tableProduction: 'tgw-rtb-0b1c2d3e4f5a60001',
  tableAnalytics: 'tgw-rtb-0b1c2d3e4f5a60002',
  tableOnPremises: 'tgw-rtb-0b1c2d3e4f5a60003',
  dxGateway: '5f3c1e2a-7b9d-4c6e-8a1f-2d3e4f5a6b7c',
  association: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
  vifA: 'dxvif-fg5a1b2c',
  vifB: 'dxvif-fg5a1b2d',
  analyticsSubnet: 'subnet-0e5f6a7b8c9d00007',
  analyticsAttachmentSubnet: 'subnet-0e5f6a7b8c9d00008',
  // The shared-services VPC (issue 31): centralised endpoints, their zones, the inbound Resolver endpoint.
  sharedVpc: 'vpc-0b2c3d4e5f6a70001',
  sharedSubnetA: 'subnet-0b2c3d4e5f6a70011',
  sharedSubnetB: 'subnet-0b2c3d4e5f6a70012',
  sharedVgw: 'vgw-0b2c3d4e5f6a70008',
  sharedTable: 'rtb-0b2c3d4e5f6a70021',
  centralDrs: 'vpce-0b2c3d4e5f6a70101',
  centralS3: 'vpce-0b2c3d4e5f6a70102',
  endpointGroup: 'sg-0b2c3d4e5f6a70041',
  dnsInboundGroup: 'sg-0b2c3d4e5f6a70042',
  inbound: 'rslvr-in-0b2c3d4e5f6a70001',
  drsZone: '/hostedzone/Z0A1B2C3D4E5F6DRS001',
  s3Zone: '/hostedzone/Z0A1B2C3D4E5F6S3001',
} as const;

export function west(snapshot: Snapshot): RegionInventory {
  const region = snapshot.regions?.['eu-west-1'];
  if (region === undefined) throw new Error('the landing zone lost eu-west-1');
  return region;
}

export function find<T>(items: readonly T[] | undefined, predicate: (item: T) => boolean): T {
  const item = items?.find(predicate);
  if (item === undefined) throw new Error('the landing zone lacks an item a test expects');
  return item;
}

export function healthy(): Snapshot {
  const snapshot = loadExample();
  const region = west(snapshot);
  const ec2 = region.ec2 ?? {};
  // DataSync: the current port range, both agents online, room for the task interfaces.
  const dataSyncGroup = find(ec2.SecurityGroups, (g) => g.GroupId === IDS.dataSyncEndpointGroup);
  const control = find(dataSyncGroup.IpPermissions, (p) => p.FromPort === 1024);
  control.ToPort = 1064;
  for (const agent of region.datasync?.Agents ?? []) agent.Status = 'ONLINE';
  find(ec2.Subnets, (s) => s.SubnetId === IDS.tasks).AvailableIpAddressCount = 11;
  // DRS: the replication group admits the whole data centre, every server replicates privately and healthily.
  find(
    find(ec2.SecurityGroups, (g) => g.GroupId === IDS.drsGroup).IpPermissions,
    (p) => p.FromPort === 1500,
  ).IpRanges = [{ CidrIp: '10.20.0.0/16' }];
  for (const configuration of region.drs?.ReplicationConfigurations ?? []) {
    configuration.dataPlaneRouting = 'PRIVATE_IP';
    configuration.createPublicIP = false;
  }
  for (const server of region.drs?.SourceServers ?? []) {
    if (server.dataReplicationInfo === undefined) continue;
    server.dataReplicationInfo.dataReplicationState = 'CONTINUOUS';
    delete server.dataReplicationInfo.dataReplicationError;
    delete server.dataReplicationInfo.dataReplicationInitiation;
  }
  // VPN: both tunnels up, the DTS range routed by the Alibaba connection and the database subnets, lifetimes as the peer's.
  for (const connection of ec2.VpnConnections ?? []) {
    for (const tunnel of connection.VgwTelemetry ?? []) tunnel.Status = 'UP';
    for (const tunnel of connection.Options?.TunnelOptions ?? []) {
      if (tunnel.Phase1LifetimeSeconds !== undefined) tunnel.Phase1LifetimeSeconds = 28800;
    }
  }
  find(ec2.VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba).Routes?.push({
    DestinationCidrBlock: '100.104.0.0/16',
    Source: 'Static',
    State: 'available',
  });
  find(ec2.RouteTables, (t) => t.RouteTableId === IDS.dbTable).Routes?.push({
    DestinationCidrBlock: '100.104.0.0/16',
    GatewayId: IDS.vgw,
    State: 'active',
    Origin: 'CreateRoute',
  });
  // The analytics VPC: DNS hostnames on, its pending endpoint accepted.
  const analytics = ec2.VpcAttributes?.[IDS.analyticsVpc];
  if (analytics) analytics.EnableDnsHostnames = true;
  for (const endpoint of ec2.VpcEndpoints ?? []) endpoint.State = 'available';
  // S3: the archive bucket pins the current interface endpoint and exempts the administrators.
  const archive = find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups');
  archive.Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideEndpoint',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::acme-archive-backups', 'arn:aws:s3:::acme-archive-backups/*'],
        Condition: {
          StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface },
          ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/BackupAdmin' },
        },
      },
    ],
  });
  // The analytics VPC's attachment also has a subnet in eu-west-1a, where its endpoints are.
  find(
    ec2.TransitGatewayVpcAttachments,
    (a) => a.TransitGatewayAttachmentId === NET_IDS.attachAnalytics,
  ).SubnetIds = [NET_IDS.analyticsSubnet, NET_IDS.analyticsAttachmentSubnet];
  // us-east-1: DataSync was readable after all.
  snapshot.errors = [];
  const east = snapshot.regions?.['us-east-1'];
  if (east) east.datasync = { Agents: [] };
  return snapshot;
}

/**
 * The network account with every problem of the example fixed: the analytics table routes
 * the data centre to the Direct Connect gateway (no leftover blackhole), the analytics
 * attachment has a subnet in each zone, the allowed prefixes cover both VPCs, and both
 * virtual interfaces have their BGP session up.
 */
export function healthyNetwork(): Snapshot {
  const network = loadNetworkExample();
  const region = west(network);
  const ec2 = ec2Of(region);
  find(ec2.TransitGatewayRouteTables, (t) => t.TransitGatewayRouteTableId === NET_IDS.tableAnalytics).Routes =
    [
      {
        DestinationCidrBlock: '10.20.0.0/16',
        State: 'active',
        Type: 'static',
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: NET_IDS.attachDx,
            ResourceId: NET_IDS.dxGateway,
            ResourceType: 'direct-connect-gateway',
          },
        ],
      },
    ];
  find(
    ec2.TransitGatewayVpcAttachments,
    (a) => a.TransitGatewayAttachmentId === NET_IDS.attachAnalytics,
  ).SubnetIds = [NET_IDS.analyticsSubnet, NET_IDS.analyticsAttachmentSubnet];
  find(
    region.directconnect?.DirectConnectGatewayAssociations,
    (a) => a.associationId === NET_IDS.association,
  ).allowedPrefixesToDirectConnectGateway = [{ cidr: '10.50.0.0/16' }, { cidr: '10.60.0.0/16' }];
  for (const vif of region.directconnect?.VirtualInterfaces ?? [])
    for (const peer of vif.bgpPeers ?? []) peer.bgpStatus = 'up';
  // DNS: the inbound Resolver endpoint's group admits TCP 53 beside UDP 53 (the seeded DNS.2 break).
  find(ec2.SecurityGroups, (g) => g.GroupId === NET_IDS.dnsInboundGroup).IpPermissions?.push({
    IpProtocol: 'tcp',
    FromPort: 53,
    ToPort: 53,
    IpRanges: [{ CidrIp: '10.20.0.0/16', Description: 'DNS over TCP from the data centre' }],
  });
  return network;
}

/** The example's network account as shipped (its seeded DNS.2 break), with the healthy landing zone. */
export function loadNetworkExampleWithSpoke(): Snapshot[] {
  return [healthy(), loadNetworkExample()];
}

/**
 * The healthy landing zone moved behind the transit gateway: the production VPC sends the
 * data centre to the hub instead of its virtual private gateway (the VPN to Alibaba Cloud
 * stays on the gateway). Audited with `healthyNetwork()`.
 */
export function behindTransitGateway(): Snapshot {
  const snapshot = healthy();
  for (const table of ec2Of(west(snapshot)).RouteTables ?? []) {
    for (const route of table.Routes ?? []) {
      if (route.DestinationCidrBlock !== '10.20.0.0/16' || route.GatewayId !== IDS.vgw) continue;
      delete route.GatewayId;
      route.TransitGatewayId = NET_IDS.tgw;
    }
  }
  return snapshot;
}

/** The configuration the example ships, without its suppression (a healthy zone needs none). */
/** The data centre's DNS servers forward the region's AWS names to the network account's inbound endpoint. */
export const DNS_FORWARDERS: NonNullable<NonNullable<AuditConfigInput['dns']>['forwarders']> = [
  { addresses: ['10.20.0.53'], domains: ['eu-west-1.amazonaws.com'], targets: ['10.70.1.53', '10.70.2.53'] },
];

export const HEALTHY_CONFIG: AuditConfigInput = {
  sourceCidrs: ['10.20.0.0/16'],
  s3PrivateLink: { buckets: ['acme-veeam-backups'] },
  vpn: { remoteCidrs: ['172.16.0.0/16'] },
  dns: { forwarders: DNS_FORWARDERS },
};

/** The healthy zone with one change. */
export function broken(change: (snapshot: Snapshot, region: RegionInventory) => void): Snapshot {
  const snapshot = healthy();
  change(snapshot, west(snapshot));
  return snapshot;
}

export function ec2Of(region: RegionInventory): NonNullable<RegionInventory['ec2']> {
  if (region.ec2 === undefined) throw new Error('the landing zone lost its EC2 inventory');
  return region.ec2;
}

export function privateLinkOf(agent: {
  PrivateLinkConfig?: { VpcEndpointId?: string; PrivateLinkEndpoint?: string };
}) {
  if (agent.PrivateLinkConfig === undefined) throw new Error('the agent lost its PrivateLinkConfig');
  return agent.PrivateLinkConfig;
}
