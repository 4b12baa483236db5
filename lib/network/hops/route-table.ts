/**
 * A VPC route table as AWS evaluates it (VPC User Guide, "Route priority"): each route's
 * target told apart (local, a private path, a peering connection, the internet, a NAT
 * gateway, a gateway endpoint), its destinations parsed (prefix lists expanded), longest
 * prefix first and, at equal prefix, static before prefix list before propagated. Parsed
 * once per table and index; what the snapshot lacks is a `Known` value.
 */
import type { Ec2RouteTable } from '../../inventory/types.js';
import type { Cidr } from '../../ip/cidr.js';
import { type AddressInterval, lineOf } from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import { parseBlock, prefixListBlocks } from '../question.js';

/**
 * What a route leads to. `unknown` says why its meaning cannot be told from the snapshot
 * (a peering connection or endpoint that is not in it): the answer is then unknown, but
 * only for the addresses the route decides.
 */
export interface RouteTarget {
  kind: 'local' | 'private' | 'peering' | 'internet' | 'nat' | 'endpoint' | 'inspection' | 'other';
  id: string;
  unknown?: string;
  /** A peering connection: the peer VPC's blocks, the only addresses it carries. */
  peerBlocks?: AddressInterval[];
  peerLabel?: string;
  /** A peering connection that is not active. */
  peerState?: string;
  /**
   * An inspection endpoint (Gateway Load Balancer or Network Firewall) that is gone or not
   * available: the route is a blackhole, and this says why.
   */
  gone?: string;
}

type Ec2Route = NonNullable<Ec2RouteTable['Routes']>[number];

function routeTarget(route: Ec2Route, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const gateway = route.GatewayId ?? '';
  if (gateway === 'local') return { kind: 'local', id: 'local' };
  if (gateway.startsWith('vgw-')) return { kind: 'private', id: gateway };
  if (gateway.startsWith('igw-')) return { kind: 'internet', id: gateway };
  if (gateway.startsWith('vpce-')) return endpointTarget(gateway, route, table, index);
  if (route.VpcPeeringConnectionId !== undefined)
    return peeringTarget(route.VpcPeeringConnectionId, table, index);
  const privateTarget =
    route.TransitGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn;
  if (privateTarget !== undefined) return { kind: 'private', id: privateTarget };
  if (route.NatGatewayId !== undefined) return { kind: 'nat', id: route.NatGatewayId };
  return { kind: 'other', id: gateway || route.EgressOnlyInternetGatewayId || 'an unknown target' };
}

/**
 * A route to a VPC endpoint: a Gateway Load Balancer endpoint is an inspection appliance,
 * a private next hop; a gateway endpoint (S3, DynamoDB) carries only traffic that leaves
 * the VPC for its service. AWS routes a gateway endpoint only by its service's prefix list.
 */
function endpointTarget(id: string, route: Ec2Route, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const endpoint = index.endpoints.get(id);
  const type = endpoint?.VpcEndpointType ?? (route.DestinationPrefixListId ? 'Gateway' : undefined);
  if (type === 'GatewayLoadBalancer' || (endpoint === undefined && index.firewalls.endpointFirewall(id)))
    return inspectionTarget(id, index);
  if (type === 'Gateway') return { kind: 'endpoint', id };
  if (type === undefined) {
    // A route to an endpoint by a CIDR block is a route to an inspection endpoint; one the
    // endpoints the snapshot lists does not hold is gone (AWS marks the route a blackhole).
    if (index.collected.endpoints)
      return { kind: 'inspection', id, gone: `${id} no longer exists (not among the VPC endpoints)` };
    return {
      kind: 'other',
      id,
      unknown: `${id}, the target of a route in ${table.RouteTableId}, is not in the snapshot (ec2.VpcEndpoints was not collected)`,
    };
  }
  return { kind: 'other', id };
}

/**
 * A Gateway Load Balancer or Network Firewall endpoint: a detour through an appliance, not an
 * exit (docs/design/network-semantics.md, "Inspection"). One that is not `available` is a blackhole.
 */
function inspectionTarget(id: string, index: NetworkIndex): RouteTarget {
  const endpoint = index.endpoints.get(id);
  const state = endpoint?.State;
  if (state !== undefined && state.toLowerCase() !== 'available')
    return { kind: 'inspection', id, gone: `${id} is ${state}` };
  return { kind: 'inspection', id };
}

/** A peering connection carries traffic to and from the peer VPC's blocks only (no edge-to-edge routing). */
function peeringTarget(id: string, table: Ec2RouteTable, index: NetworkIndex): RouteTarget {
  const peering = index.peerings.get(id);
  if (peering === undefined)
    return {
      kind: 'peering',
      id,
      unknown: index.collected.peerings
        ? `peering connection ${id}, the target of a route in ${table.RouteTableId}, is not in the snapshot`
        : `ec2.VpcPeeringConnections is not in the snapshot: which addresses ${id} serves is unknown`,
    };
  const peer =
    peering.RequesterVpcInfo?.VpcId === table.VpcId ? peering.AccepterVpcInfo : peering.RequesterVpcInfo;
  const texts = [
    ...new Set([
      ...(peer?.CidrBlockSet ?? []).flatMap((b) => (b.CidrBlock ? [b.CidrBlock] : [])),
      ...(peer?.CidrBlock ? [peer.CidrBlock] : []),
      ...(peer?.Ipv6CidrBlockSet ?? []).flatMap((b) => (b.Ipv6CidrBlock ? [b.Ipv6CidrBlock] : [])),
    ]),
  ];
  if (texts.length === 0)
    return {
      kind: 'peering',
      id,
      unknown: `the CIDR blocks of the peer VPC of ${id} are not in the snapshot`,
    };
  const state = peering.Status?.Code;
  const peerBlocks: AddressInterval[] = [];
  for (const text of texts) {
    const block = parseBlock(text, `peering connection ${id}`);
    if (!block.known) return { kind: 'peering', id, unknown: block.missing };
    peerBlocks.push(lineOf(block.value));
  }
  return {
    kind: 'peering',
    id,
    peerBlocks,
    peerLabel: `${peer?.VpcId ?? 'the peer VPC'} (${texts.join(', ')})`,
    ...(state !== undefined && state !== 'active' ? { peerState: state } : {}),
  };
}

export interface Candidate {
  interval: AddressInterval;
  prefix: number;
  /** The route as the table lists it: a prefix list's route once, not once per entry. */
  label: string;
  target: RouteTarget;
  active: boolean;
  fromPrefixList: boolean;
  /** AWS's route priority at equal prefix: static 0, prefix list 1, propagated 2. */
  rank: number;
  /** Why the route AWS selects for this destination is unknown (a competitor without its Origin). */
  ambiguous?: string;
}

const candidateCache = new WeakMap<NetworkIndex, WeakMap<Ec2RouteTable, Known<Candidate[]>>>();

/** The table's routes, parsed and sorted once per index: thousands of questions share them. */
export function routeCandidates(table: Ec2RouteTable, index: NetworkIndex): Known<Candidate[]> {
  let perTable = candidateCache.get(index);
  if (perTable === undefined) {
    perTable = new WeakMap();
    candidateCache.set(index, perTable);
  }
  let candidates = perTable.get(table);
  if (candidates === undefined) {
    candidates = buildRouteCandidates(table, index);
    perTable.set(table, candidates);
  }
  return candidates;
}

/**
 * Route priority (VPC User Guide, "Route priority"): among routes of the same prefix, a
 * static route before a prefix-list route before a propagated one.
 */
function routeRank(route: Ec2Route, fromPrefixList: boolean): number {
  if (fromPrefixList) return 1;
  return route.Origin === 'EnableVgwRoutePropagation' ? 2 : 0;
}

function buildRouteCandidates(table: Ec2RouteTable, index: NetworkIndex): Known<Candidate[]> {
  const candidates: (Candidate & { origin: string | undefined })[] = [];
  for (const route of table.Routes ?? []) {
    const target = routeTarget(route, table, index);
    const active = route.State === undefined || route.State === 'active';
    const destinations: { block: Cidr; label: string; fromPrefixList: boolean }[] = [];
    for (const text of [route.DestinationCidrBlock, route.DestinationIpv6CidrBlock]) {
      if (!text) continue;
      const block = parseBlock(text, `route in ${table.RouteTableId}`);
      if (!block.known) return block;
      destinations.push({ block: block.value, label: text, fromPrefixList: false });
    }
    if (route.DestinationPrefixListId) {
      const blocks = prefixListBlocks(index, route.DestinationPrefixListId);
      if (!blocks.known) return blocks;
      for (const block of blocks.value) {
        destinations.push({
          block,
          label: `${route.DestinationPrefixListId} (${block.text})`,
          fromPrefixList: true,
        });
      }
    }
    if (!route.DestinationCidrBlock && !route.DestinationIpv6CidrBlock && !route.DestinationPrefixListId)
      return unknown(`a route of ${table.RouteTableId} has no destination in the snapshot`);
    if (target.kind === 'other' && target.id === 'an unknown target' && active)
      return unknown(
        `the route to ${destinations.map((d) => d.label).join(', ')} in ${table.RouteTableId} has no target in the snapshot`,
      );
    for (const destination of destinations) {
      candidates.push({
        interval: lineOf(destination.block),
        prefix: destination.block.prefix,
        label: `${destination.fromPrefixList ? route.DestinationPrefixListId : destination.label} -> ${target.id}${active ? '' : ` (${route.State})`}`,
        target,
        active,
        fromPrefixList: destination.fromPrefixList,
        rank: routeRank(route, destination.fromPrefixList),
        origin: route.Origin,
      });
    }
  }
  // Longest prefix first; at equal prefix AWS's route priority, then the order of the list.
  candidates.sort((x, y) => y.prefix - x.prefix || x.rank - y.rank);
  // Routes of one prefix to different targets whose priority the snapshot cannot tell apart.
  for (let i = 0; i < candidates.length; i++) {
    const winner = candidates[i] as Candidate & { origin: string | undefined };
    for (let j = i + 1; j < candidates.length; j++) {
      const other = candidates[j] as Candidate & { origin: string | undefined };
      if (other.prefix !== winner.prefix || other.interval.a1 !== winner.interval.a1) break;
      const unknownOrigin = [winner, other].some((c) => !c.fromPrefixList && c.origin === undefined);
      if (
        unknownOrigin &&
        other.target.id !== winner.target.id &&
        other.fromPrefixList === winner.fromPrefixList
      )
        winner.ambiguous = `routes ${winner.label} and ${other.label} in ${table.RouteTableId} share a prefix and the snapshot lacks their Origin: which one AWS selects is unknown`;
    }
  }
  return known(candidates);
}
