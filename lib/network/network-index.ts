/**
 * The parts of a region's inventory that reachability questions look up, indexed
 * once so that thousands of questions do not scan the lists again.
 */
import type {
  Ec2NetworkAcl,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Subnet,
  Ec2VpcEndpoint,
  Ec2VpcPeeringConnection,
  PrefixListWithEntries,
  RegionInventory,
} from '../inventory/types.js';
import { type Cidr, parseCidr } from '../ip/cidr.js';
import { FirewallIndex } from './firewall-index.js';
import { TransitGatewayIndex } from './transit-gateway.js';

export class NetworkIndex {
  /** The transit gateways the snapshot holds (docs/design/network-semantics.md, "Beyond the VPC"). */
  readonly transitGateways: TransitGatewayIndex;
  /** The Network Firewall firewalls, policies and rule groups (docs/design/network-semantics.md, "Inspection"). */
  readonly firewalls: FirewallIndex;
  /** The region's VPC Block Public Access mode and exclusions; undefined when not collected. */
  readonly blockPublicAccess:
    | {
        mode: string;
        exclusions: NonNullable<NonNullable<RegionInventory['ec2']>['VpcBlockPublicAccessExclusions']>;
        exclusionsCollected: boolean;
      }
    | undefined;
  /** The CIDR blocks of each VPC, for what a transit gateway or Direct Connect gateway must route. */
  readonly vpcBlocks = new Map<string, Cidr[]>();
  readonly subnets = new Map<string, Ec2Subnet>();
  readonly groups = new Map<string, Ec2SecurityGroup>();
  readonly prefixLists = new Map<string, PrefixListWithEntries>();
  readonly endpoints = new Map<string, Ec2VpcEndpoint>();
  private readonly explicitTables = new Map<string, Ec2RouteTable>();
  private readonly mainTables = new Map<string, Ec2RouteTable>();
  private readonly acls = new Map<string, Ec2NetworkAcl>();
  /** Gateway route tables (ingress routing): the table associated with a virtual private or internet gateway. */
  readonly gatewayTables = new Map<string, Ec2RouteTable>();
  readonly peerings = new Map<string, Ec2VpcPeeringConnection>();
  readonly collected: {
    subnets: boolean;
    routeTables: boolean;
    networkAcls: boolean;
    securityGroups: boolean;
    prefixLists: boolean;
    endpoints: boolean;
    peerings: boolean;
  };

  /**
   * Why the region's Block Public Access options could not be read (a recorded collection
   * failure), when they could not: then every internet path is unknown, never "off".
   */
  readonly blockPublicAccessFailure: string | undefined;

  constructor(inventory: RegionInventory | undefined, options: { blockPublicAccessFailure?: string } = {}) {
    this.blockPublicAccessFailure = options.blockPublicAccessFailure;
    const ec2 = inventory?.ec2;
    this.transitGateways = new TransitGatewayIndex(inventory ?? {});
    this.firewalls = new FirewallIndex(inventory ?? {});
    const bpa = ec2?.VpcBlockPublicAccessOptions;
    this.blockPublicAccess =
      bpa === undefined
        ? undefined
        : {
            mode: bpa.InternetGatewayBlockMode ?? 'unknown',
            exclusions: ec2?.VpcBlockPublicAccessExclusions ?? [],
            exclusionsCollected: ec2?.VpcBlockPublicAccessExclusions !== undefined,
          };
    for (const vpc of ec2?.Vpcs ?? []) {
      const texts = [
        ...(vpc.CidrBlockAssociationSet ?? [])
          .filter((a) => a.CidrBlockState?.State === undefined || a.CidrBlockState.State === 'associated')
          .flatMap((a) => (a.CidrBlock ? [a.CidrBlock] : [])),
        ...(vpc.CidrBlock ? [vpc.CidrBlock] : []),
      ];
      this.vpcBlocks.set(
        vpc.VpcId,
        [...new Set(texts)].flatMap((text) => {
          const parsed = parseCidr(text);
          return parsed.ok ? [parsed.cidr] : [];
        }),
      );
    }
    this.collected = {
      subnets: ec2?.Subnets !== undefined,
      routeTables: ec2?.RouteTables !== undefined,
      networkAcls: ec2?.NetworkAcls !== undefined,
      securityGroups: ec2?.SecurityGroups !== undefined,
      prefixLists: ec2?.ManagedPrefixLists !== undefined,
      endpoints: ec2?.VpcEndpoints !== undefined,
      peerings: ec2?.VpcPeeringConnections !== undefined,
    };
    for (const peering of ec2?.VpcPeeringConnections ?? [])
      this.peerings.set(peering.VpcPeeringConnectionId, peering);
    for (const subnet of ec2?.Subnets ?? []) this.subnets.set(subnet.SubnetId, subnet);
    for (const group of ec2?.SecurityGroups ?? []) this.groups.set(group.GroupId, group);
    for (const list of ec2?.ManagedPrefixLists ?? []) this.prefixLists.set(list.PrefixListId, list);
    for (const endpoint of ec2?.VpcEndpoints ?? []) this.endpoints.set(endpoint.VpcEndpointId, endpoint);
    for (const table of ec2?.RouteTables ?? []) {
      // AWS always returns Associations; without them (or with one naming nothing) which
      // subnets the table serves is unknown, and so is every fallback to a main table.
      const gap =
        table.Associations === undefined
          ? `${table.RouteTableId} has no Associations in the snapshot`
          : table.Associations.find((a) => !a.Main && !a.SubnetId && !a.GatewayId)
            ? `an association of ${table.RouteTableId} names no subnet`
            : undefined;
      if (gap !== undefined) this.associationGaps.set(table.VpcId, gap);
      for (const association of table.Associations ?? []) {
        const state = association.AssociationState?.State;
        // An association being removed, or one that failed, no longer routes the subnet.
        if (state !== undefined && state !== 'associated') continue;
        if (association.Main) this.mainTables.set(table.VpcId, table);
        else if (association.SubnetId) this.explicitTables.set(association.SubnetId, table);
        else if (association.GatewayId) this.gatewayTables.set(association.GatewayId, table);
      }
    }
    for (const acl of ec2?.NetworkAcls ?? []) {
      for (const association of acl.Associations ?? []) {
        if (association.SubnetId) this.acls.set(association.SubnetId, acl);
      }
    }
  }

  /** Why the route table associations of a VPC are not fully known, if they are not. */
  readonly associationGaps = new Map<string, string>();

  /** The table explicitly associated with the subnet, or else its VPC's main table; undefined when unknown. */
  routeTableOf(subnet: Ec2Subnet): { table: Ec2RouteTable; main: boolean } | undefined {
    const explicit = this.explicitTables.get(subnet.SubnetId);
    if (explicit !== undefined) return { table: explicit, main: false };
    if (this.associationGaps.has(subnet.VpcId)) return undefined;
    const main = this.mainTables.get(subnet.VpcId);
    return main === undefined ? undefined : { table: main, main: true };
  }

  networkAclOf(subnet: Ec2Subnet): Ec2NetworkAcl | undefined {
    return this.acls.get(subnet.SubnetId);
  }
}
