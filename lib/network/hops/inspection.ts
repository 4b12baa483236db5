/**
 * Inspection on the path (docs/design/network-semantics.md, "Inspection"): a route to a Gateway Load
 * Balancer or Network Firewall endpoint is a detour, not an exit. The flows continue from the
 * endpoint's own subnet under that subnet's route table (VPC User Guide, "Gateway route
 * tables"; Network Firewall Developer Guide, "Architecture"), they must be inspected both ways
 * (Elastic Load Balancing, Gateway Load Balancers: "asymmetric routing is not supported"), and
 * VPC Block Public Access closes internet gateway paths it covers.
 */
import type { Ec2Subnet } from '../../inventory/types.js';
import { type AddressInterval, addressesOf, type Box, type FlowSet, intersect } from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import { everyPort, type HopReport } from '../question.js';
import type { RouteContext, RouteHop } from './route.js';
import type { Candidate, RouteTarget } from './route-table.js';

/** The inspection endpoint a detour went through, and the route that sent the flows there. */
export interface InspectionVia {
  endpoint: string;
  route: string;
}

/** Addresses that went through an inspection endpoint (of a firewall, when it is one). */
export interface Inspected {
  endpoint: string;
  firewall?: string;
  addresses: AddressInterval[];
}

/** Detours deeper than this are a routing loop between endpoints, not an answer. */
const MAX_DEPTH = 4;

/** The appliance behind an endpoint: its firewall, else its Gateway Load Balancer service. */
function applianceOf(endpointId: string, index: NetworkIndex): string {
  const endpoint = index.endpoints.get(endpointId);
  return index.firewalls.endpointFirewall(endpointId, endpoint) ?? endpoint?.ServiceName ?? endpointId;
}

/**
 * Whether a gateway route table's target and the answers' route go through the same
 * appliance; when not, a sentence that names both (given the answers' route).
 */
export function symmetryBroken(
  target: RouteTarget,
  answersVia: InspectionVia | undefined,
  index: NetworkIndex,
): ((answerRoute: string) => string) | undefined {
  const requestsVia = target.kind === 'inspection' ? target.id : undefined;
  if (requestsVia === undefined && answersVia === undefined) return undefined;
  if (requestsVia === undefined)
    return () =>
      `sends the requests straight to the subnet, while ${answersVia?.route} sends the answers through ${answersVia?.endpoint} (asymmetric routing is not supported)`;
  if (answersVia === undefined)
    return (answerRoute) =>
      `sends the requests through ${requestsVia}, while ${answerRoute} sends the answers past it (asymmetric routing is not supported)`;
  if (
    requestsVia === answersVia.endpoint ||
    applianceOf(requestsVia, index) === applianceOf(answersVia.endpoint, index)
  )
    return undefined;
  return () =>
    `sends the requests through ${requestsVia}, while ${answersVia.route} sends the answers through ${answersVia.endpoint}, another appliance (asymmetric routing is not supported)`;
}

type RouteHopFunction = (
  input: FlowSet,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
) => Known<RouteHop>;

/**
 * The flows a route sends to an inspection endpoint, carried on from the endpoint's subnet:
 * what that subnet's table does with them decides (a NAT gateway there does not carry answers
 * back to on-premises; the internet is reached only through its NAT or internet gateway).
 * An endpoint whose subnet the snapshot does not give keeps the old meaning, an appliance
 * that routes privately, and the answer says so.
 */
export function inspectionDetour(
  input: FlowSet,
  opened: Box[],
  candidate: Candidate,
  tableLabel: string,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  context: RouteContext,
  routeHop: RouteHopFunction,
): Known<{
  open: Box[];
  reports: HopReport[];
  gateway: HopReport[];
  transit: HopReport[];
  inspected: Inspected[];
  notes: string[];
}> {
  const endpointId = candidate.target.id;
  const endpoint = index.endpoints.get(endpointId);
  const firewall = index.firewalls.endpointFirewall(endpointId, endpoint);
  const addresses = addressesOf(opened);
  const inspected: Inspected[] = [
    { endpoint: endpointId, ...(firewall === undefined ? {} : { firewall }), addresses },
  ];
  const subnetId = endpoint?.SubnetIds?.[0] ?? index.firewalls.endpointSubnets.get(endpointId);
  const endpointSubnet = subnetId === undefined ? undefined : index.subnets.get(subnetId);
  if (endpointSubnet === undefined)
    return known({
      open: opened,
      reports: [],
      gateway: [],
      transit: [],
      inspected,
      notes: [
        `the subnet of ${endpointId} is not in the snapshot: the inspection appliance is assumed to route privately`,
      ],
    });
  const depth = (context.depth ?? 0) + 1;
  if (depth > MAX_DEPTH)
    return unknown(
      `inspection endpoints route to each other more than ${MAX_DEPTH} deep (from ${endpointId})`,
    );
  const onward = routeHop(intersect(input, everyPort(opened)), endpointSubnet, index, {
    ...context,
    target: context.target ?? subnet,
    via: { endpoint: endpointId, route: `${candidate.label} in ${tableLabel}` },
    depth,
  });
  if (!onward.known) return onward;
  const { report } = onward.value;
  return known({
    open: onward.value.open,
    reports: [
      {
        ...report,
        hop: 'inspection',
        table: `${report.table} (${endpointSubnet.SubnetId}, of ${endpointId})`,
      },
      ...onward.value.inspection,
    ],
    gateway: onward.value.gateway,
    transit: onward.value.transit,
    inspected: [...inspected, ...onward.value.inspected],
    notes: [],
  });
}

/**
 * VPC Block Public Access on a path through an internet gateway (VPC User Guide, "Block
 * public access to VPCs and subnets"): `block-bidirectional` closes every such path,
 * `block-ingress` every one but those through a NAT gateway (or an egress-only internet
 * gateway); an exclusion of the VPC or subnet that is complete lifts it, `allow-egress` only
 * for traffic the subnet starts. Not collected: assumed off, said aloud.
 */
export function blockPublicAccess(
  kind: 'internet' | 'nat',
  gateway: string,
  subnet: Ec2Subnet,
  context: RouteContext,
  index: NetworkIndex,
): Known<{ by?: string; note?: string }> {
  const bpa = index.blockPublicAccess;
  // A read that failed is unknown; a snapshot from before this list was collected (no list, no
  // failure recorded) is read as off, so that older snapshots keep their verdicts (said in the note).
  if (bpa === undefined && index.blockPublicAccessFailure !== undefined)
    return unknown(`VPC Block Public Access could not be read: ${index.blockPublicAccessFailure}`);
  if (bpa === undefined) return known({ note: 'VPC Block Public Access was not collected: assumed off' });
  const mode = bpa.mode;
  if (mode === 'off') return known({});
  if (mode !== 'block-bidirectional' && mode !== 'block-ingress')
    return unknown(`the VPC Block Public Access mode of the region (${mode}) is not known`);
  const outbound = context.direction === 'outbound';
  // block-ingress lets connections out through a NAT gateway (and their answers back).
  if (mode === 'block-ingress' && kind === 'nat' && outbound) return known({});
  if (!bpa.exclusionsCollected)
    return unknown(
      `VPC Block Public Access is ${mode} and its exclusions (ec2.VpcBlockPublicAccessExclusions) are not in the snapshot`,
    );
  const live = bpa.exclusions.filter((e) => e.State === 'create-complete' || e.State === 'update-complete');
  const covers = (resource: string) =>
    live.find(
      (e) =>
        (e.ResourceArn ?? '').endsWith(`/${resource}`) &&
        (e.InternetGatewayExclusionMode === 'allow-bidirectional' ||
          (e.InternetGatewayExclusionMode === 'allow-egress' && outbound)),
    );
  const vpcExclusion = covers(subnet.VpcId);
  if (kind === 'nat') {
    // The NAT gateway's own subnet decides, and the snapshot does not say which subnet that is.
    if (vpcExclusion !== undefined) return known({});
    if (live.some((e) => (e.ResourceArn ?? '').includes(':subnet/')))
      return unknown(
        `VPC Block Public Access is ${mode}, and whether ${gateway} sits in an excluded subnet is not in the snapshot`,
      );
  } else {
    if (vpcExclusion !== undefined || covers(subnet.SubnetId) !== undefined) return known({});
  }
  return known({
    by: `VPC Block Public Access is ${mode} in the region${kind === 'nat' ? '' : ` and ${subnet.SubnetId} has no exclusion`}: no traffic passes ${kind === 'nat' ? `the internet gateway behind ${gateway}` : gateway}`,
  });
}
