/** Helpers shared by the field cases: small edits to the healthy landing zone. */
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';

export type Change = (snapshot: Snapshot, region: RegionInventory) => void;

export const ACCOUNT = '123456789012';

export function table(region: RegionInventory, id: string) {
  return find(ec2Of(region).RouteTables, (t) => t.RouteTableId === id);
}

export function group(region: RegionInventory, id: string) {
  return find(ec2Of(region).SecurityGroups, (g) => g.GroupId === id);
}

export function endpoint(region: RegionInventory, id: string) {
  return find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === id);
}

/** The staging subnet's default route goes to an internet gateway instead of the NAT gateway. */
export function stagingViaInternetGateway(region: RegionInventory): void {
  const staging = table(region, IDS.stagingTable);
  staging.Routes = (staging.Routes ?? []).map((route) =>
    route.DestinationCidrBlock === '0.0.0.0/0'
      ? {
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: 'igw-0f1e2d3c4b5a60009',
          State: 'active',
          Origin: 'CreateRoute',
        }
      : route,
  );
}

/** Every DRS template and per-server configuration replicates over this routing. */
export function routing(region: RegionInventory, value: 'PUBLIC_IP' | 'PRIVATE_IP'): void {
  for (const settings of [
    ...(region.drs?.ReplicationConfigurationTemplates ?? []),
    ...(region.drs?.ReplicationConfigurations ?? []),
  ]) {
    settings.dataPlaneRouting = value;
  }
}

/**
 * Replication over the internet as DRS documents it: PUBLIC_IP, replication servers with
 * public addresses (createPublicIP), and a staging table whose default route is an internet gateway.
 */
export function publicReplication(region: RegionInventory): void {
  routing(region, 'PUBLIC_IP');
  stagingViaInternetGateway(region);
  for (const settings of [
    ...(region.drs?.ReplicationConfigurationTemplates ?? []),
    ...(region.drs?.ReplicationConfigurations ?? []),
  ]) {
    settings.createPublicIP = true;
  }
}

/** No default route in the staging table: only the private path through endpoints is left. */
export function stagingWithoutInternet(region: RegionInventory): void {
  const staging = table(region, IDS.stagingTable);
  staging.Routes = staging.Routes?.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
}

/** The Alibaba Cloud connection switched to dynamic (BGP) routing: no static routes listed. */
export function alibabaOverBgp(region: RegionInventory): void {
  const connection = find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba);
  if (connection.Options) connection.Options.StaticRoutesOnly = false;
  connection.Routes = [];
}
