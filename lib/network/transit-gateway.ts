/**
 * Inside a transit gateway (docs/design/network-semantics.md, "Beyond the VPC"), for the source
 * addresses a VPC route sends to it, both ways:
 * - the answers: the route table associated with the VPC's attachment routes each source
 *   address (longest prefix) to an attachment — the one the traffic enters by (a VPN,
 *   Direct Connect gateway or peering attachment); a blackhole or no route closes it;
 * - towards the VPC: the route table associated with that entering attachment routes the
 *   target subnet, actively, to the VPC's attachment;
 * - the VPC attachment has a subnet in the target's Availability Zone;
 * - through a Direct Connect gateway, the allowed prefixes of its association with the
 *   transit gateway cover the VPC's CIDR.
 * Each is a hop of its own with the deciding route or prefix. Anything the snapshot
 * lacks (a table's routes, an association) makes the answer unknown, never open.
 *
 * Longer than 400 lines: one class, the hub's index, whose questions (inbound, both ways,
 * destinations) share its private maps; the route-table reading is in tgw-route-table.ts
 * and the interval arithmetic in flow-set.ts.
 */
import type { Ec2Subnet, RegionInventory, TransitGatewayRouteTableWithRoutes } from '../inventory/types.js';
import { type Cidr, contains, parseCidr } from '../ip/cidr.js';
import { type AddressInterval, intervalsIn, intervalsOut, touches, withoutAddresses } from './flow-set.js';
import { type Known, known, unknown } from './known.js';
import type { TgwHopName } from './question.js';
import {
  activeRoutes,
  ambiguity,
  blocksRouting,
  longestFirst,
  routeLabel,
  targetsOf,
} from './tgw-route-table.js';

export type { TgwHopName } from './question.js';

export interface TgwClosure {
  addresses: AddressInterval[];
  hop: TgwHopName;
  by: string;
  /** The table (or attachment) of the hop that closed, when a hop of that name occurs twice. */
  where?: string;
}

export interface TgwAnswer {
  open: AddressInterval[];
  closed: TgwClosure[];
  /**
   * Per hop: the table or association read, the entries that let addresses through, and what
   * the hop would close by itself when an earlier hop already closed everything.
   */
  hops: { hop: TgwHopName; where: string; entries: string[]; also?: string }[];
}

export interface TgwOptions {
  /** The sources arrive over a VPN: the answers must leave by a VPN attachment. */
  arrivesBy?: 'vpn';
}

/** Attachment states in which traffic flows (`modifying` keeps forwarding while it changes). */
const FORWARDING_STATES = new Set(['available', 'modifying']);

/** The transit gateways a region's snapshot holds, indexed for the questions below. */
export class TransitGatewayIndex {
  readonly known = new Set<string>();
  private readonly attachments = new Map<
    string,
    { id: string; type: string; resourceId?: string; tgw?: string; table?: string; state?: string }
  >();
  private readonly vpcAttachments = new Map<
    string,
    { tgw?: string; vpc?: string; subnets: string[]; appliance?: boolean }
  >();
  private readonly tables = new Map<string, TransitGatewayRouteTableWithRoutes>();
  /** Indexes, so that a question costs the same with 10 attachments or 2,000. */
  private readonly byTgwAndVpc = new Map<string, { id: string; type: string; table?: string }>();
  private readonly byTgwAndType = new Map<string, { id: string; resourceId?: string; table?: string }[]>();
  private readonly zones = new Map<string, string>();
  private readonly tablesOfTgw = new Set<string>();

  constructor(private readonly inventory: RegionInventory) {
    const ec2 = inventory.ec2;
    for (const subnet of ec2?.Subnets ?? [])
      if (subnet.AvailabilityZone !== undefined) this.zones.set(subnet.SubnetId, subnet.AvailabilityZone);
    for (const gateway of ec2?.TransitGateways ?? []) this.known.add(gateway.TransitGatewayId);
    for (const table of ec2?.TransitGatewayRouteTables ?? [])
      this.tables.set(table.TransitGatewayRouteTableId, table);
    for (const attachment of ec2?.TransitGatewayAttachments ?? []) {
      const table =
        attachment.Association?.State === 'associated'
          ? attachment.Association.TransitGatewayRouteTableId
          : undefined;
      this.attachments.set(attachment.TransitGatewayAttachmentId, {
        id: attachment.TransitGatewayAttachmentId,
        type: attachment.ResourceType ?? 'unknown',
        ...(attachment.ResourceId ? { resourceId: attachment.ResourceId } : {}),
        ...(attachment.TransitGatewayId ? { tgw: attachment.TransitGatewayId } : {}),
        ...(table ? { table } : {}),
        ...(attachment.State ? { state: attachment.State } : {}),
      });
    }
    // Associations listed on the tables count as well (a table read without the attachment list).
    for (const table of this.tables.values()) {
      for (const association of table.Associations ?? []) {
        const id = association.TransitGatewayAttachmentId;
        const known = id ? this.attachments.get(id) : undefined;
        if (known && known.table === undefined && association.State !== 'disassociated')
          known.table = table.TransitGatewayRouteTableId;
      }
    }
    for (const attachment of ec2?.TransitGatewayVpcAttachments ?? []) {
      this.vpcAttachments.set(attachment.TransitGatewayAttachmentId, {
        ...(attachment.TransitGatewayId ? { tgw: attachment.TransitGatewayId } : {}),
        ...(attachment.VpcId ? { vpc: attachment.VpcId } : {}),
        subnets: attachment.SubnetIds ?? [],
        ...(attachment.Options?.ApplianceModeSupport === 'enable' ? { appliance: true } : {}),
      });
    }
    for (const table of this.tables.values())
      if (table.TransitGatewayId) this.tablesOfTgw.add(table.TransitGatewayId);
    // The attachment list first (it carries the association), then VPC attachments it lacks.
    for (const attachment of this.attachments.values()) {
      const typeKey = `${attachment.tgw}|${attachment.type}`;
      this.byTgwAndType.set(typeKey, [...(this.byTgwAndType.get(typeKey) ?? []), attachment]);
      const key = `${attachment.tgw}|${attachment.resourceId}`;
      if (attachment.type === 'vpc' && !this.byTgwAndVpc.has(key)) this.byTgwAndVpc.set(key, attachment);
    }
    for (const [id, attachment] of this.vpcAttachments) {
      const key = `${attachment.tgw}|${attachment.vpc}`;
      if (!this.byTgwAndVpc.has(key))
        this.byTgwAndVpc.set(key, this.attachments.get(id) ?? { id, type: 'vpc' });
    }
  }

  /** Whether the attachment is a VPC attachment in appliance mode (an inspection VPC the traffic passes through). */
  isApplianceVpc(attachmentId: string): boolean {
    return this.vpcAttachments.get(attachmentId)?.appliance === true;
  }

  /**
   * Whether the snapshot holds this transit gateway with what the questions need: its
   * attachments and at least one of its route tables. A member account lists a shared
   * transit gateway and its own attachments but never the owner's route tables; such a
   * gateway is not held, and keeps the opaque meaning until the owner's snapshot is given.
   */
  holds(tgwId: string): boolean {
    return (
      this.known.has(tgwId) &&
      this.inventory.ec2?.TransitGatewayAttachments !== undefined &&
      this.tablesOfTgw.has(tgwId)
    );
  }

  /** What the snapshot lacks of a transit gateway it does not hold (the engine then takes it as an opaque private path). */
  absence(tgwId: string): string {
    const owner = this.inventory.ec2?.TransitGateways?.find((g) => g.TransitGatewayId === tgwId)?.OwnerId;
    return this.known.has(tgwId)
      ? `the route tables of transit gateway ${tgwId}${owner ? ` (owned by ${owner})` : ''} are not in the snapshot`
      : `transit gateway ${tgwId} not in the snapshot`;
  }

  /** The attachment of a VPC on a transit gateway, if the snapshot holds one. */
  vpcAttachmentOf(tgwId: string, vpcId: string): { id: string; table?: string } | undefined {
    return this.vpcAttachment(tgwId, vpcId);
  }

  /** The VPC attachments of a VPC, on any transit gateway, with the subnets they use. */
  vpcAttachmentsOf(vpcId: string): { id: string; tgw?: string; subnets: string[] }[] {
    if (this.byVpc === undefined) {
      this.byVpc = new Map();
      for (const [id, attachment] of this.vpcAttachments) {
        if (attachment.vpc === undefined) continue;
        const entry = { id, ...(attachment.tgw ? { tgw: attachment.tgw } : {}), subnets: attachment.subnets };
        this.byVpc.set(attachment.vpc, [...(this.byVpc.get(attachment.vpc) ?? []), entry]);
      }
      for (const list of this.byVpc.values()) list.sort((a, b) => a.id.localeCompare(b.id));
    }
    return this.byVpc.get(vpcId) ?? [];
  }

  private byVpc: Map<string, { id: string; tgw?: string; subnets: string[] }[]> | undefined;

  /** The resource type of an attachment (`vpc`, `vpn`, `direct-connect-gateway`, `peering`, …), if held. */
  typeOf(attachmentId: string): string | undefined {
    return (
      this.attachments.get(attachmentId)?.type ?? (this.vpcAttachments.has(attachmentId) ? 'vpc' : undefined)
    );
  }

  /** The attachments of a transit gateway of one resource type. */
  attachmentsOfType(tgwId: string, type: string): { id: string; resourceId?: string }[] {
    return (this.byTgwAndType.get(`${tgwId}|${type}`) ?? []).map((a) => ({
      id: a.id,
      ...(a.resourceId ? { resourceId: a.resourceId } : {}),
    }));
  }

  /** The attachment of a resource (a Direct Connect gateway, a VPN connection) on a transit gateway. */
  attachmentOf(tgwId: string, type: string, resourceId: string): { id: string; table?: string } | undefined {
    return (this.byTgwAndType.get(`${tgwId}|${type}`) ?? []).find((a) => a.resourceId === resourceId);
  }

  /**
   * The destinations a transit gateway's tables route, actively, to the attachment of a
   * resource (a VPN connection's static routes live there, not on the connection).
   */
  destinationsTo(tgwId: string, type: string, resourceId: string): Known<string[]> {
    const attachment = this.attachmentOf(tgwId, type, resourceId);
    if (attachment === undefined) return known([]);
    const found = new Set<string>();
    for (const table of this.tables.values()) {
      if (table.TransitGatewayId !== tgwId) continue;
      if (table.Routes === undefined)
        return unknown(`the routes of ${table.TransitGatewayRouteTableId} are not in the snapshot`);
      const routes = activeRoutes(table);
      if (!routes.known) return routes;
      for (const { block, targets } of routes.value)
        if (targets.includes(attachment.id)) found.add(block.text);
    }
    return known([...found]);
  }

  /** The destinations the table of an attachment routes, actively, to VPN attachments. */
  vpnDestinations(attachmentId: string): Known<string[]> {
    const rows = this.destinationsFrom(attachmentId, 'vpn');
    return rows.known ? known(rows.value.map(({ block }) => block.text)) : rows;
  }

  /**
   * The VPC attachments the table of an attachment routes to, actively, with the
   * destinations that reach each: what traffic entering by that attachment can reach.
   */
  vpcDestinations(
    attachmentId: string,
  ): Known<{ attachment: string; vpcId?: string; destinations: string[] }[]> {
    const rows = this.destinationsFrom(attachmentId, 'vpc');
    if (!rows.known) return rows;
    const found = new Map<string, string[]>();
    for (const { block, target } of rows.value) found.set(target, [...(found.get(target) ?? []), block.text]);
    return known(
      [...found].map(([id, destinations]) => {
        const vpcId = this.attachments.get(id)?.resourceId ?? this.vpcAttachments.get(id)?.vpc;
        return { attachment: id, ...(vpcId ? { vpcId } : {}), destinations };
      }),
    );
  }

  /** The active routes of an attachment's table to attachments of one type, a row per target. */
  private destinationsFrom(attachmentId: string, type: string): Known<{ block: Cidr; target: string }[]> {
    const table = this.table(this.attachments.get(attachmentId)?.table, attachmentId);
    if (!table.known) return table;
    const routes = activeRoutes(table.value);
    if (!routes.known) return routes;
    return known(
      routes.value.flatMap(({ block, targets }) =>
        targets.filter((target) => this.typeOf(target) === type).map((target) => ({ block, target })),
      ),
    );
  }

  private vpcAttachment(tgwId: string, vpcId: string) {
    return this.byTgwAndVpc.get(`${tgwId}|${vpcId}`);
  }

  /**
   * Why an attachment forwards nothing, when the snapshot says so: a state in which it
   * carries no traffic (pending acceptance, rejected, deleted…), or no association with any
   * table of its gateway while every table's associations were read.
   */
  private dropping(attachmentId: string, tgwId: string): string | undefined {
    const attachment = this.attachments.get(attachmentId);
    if (attachment === undefined) return undefined;
    if (attachment.state !== undefined && !FORWARDING_STATES.has(attachment.state))
      return `${attachmentId} is ${attachment.state}`;
    if (attachment.table !== undefined) return undefined;
    const tables = [...this.tables.values()].filter((t) => t.TransitGatewayId === tgwId);
    return tables.length > 0 && tables.every((t) => t.Associations !== undefined)
      ? `${attachmentId} is associated with no route table of ${tgwId}: its traffic is dropped`
      : undefined;
  }

  private table(id: string | undefined, label: string): Known<TransitGatewayRouteTableWithRoutes> {
    if (id === undefined) return unknown(`${label} is associated with no route table in the snapshot`);
    const table = this.tables.get(id);
    if (table?.Routes === undefined) return unknown(`the routes of ${id} are not in the snapshot`);
    return known(table);
  }

  /** The hops inside the transit gateway for these source addresses towards the subnet. */
  inbound(
    tgwId: string,
    addresses: AddressInterval[],
    subnet: Ec2Subnet,
    vpcBlocks: readonly Cidr[],
    options: TgwOptions = {},
  ): Known<TgwAnswer> {
    const answer: TgwAnswer = { open: [], closed: [], hops: [] };
    const vpcAttachment = this.vpcAttachment(tgwId, subnet.VpcId);
    if (vpcAttachment === undefined) {
      answer.closed.push({
        addresses,
        hop: 'tgw-route',
        by: `${subnet.VpcId} has no attachment on ${tgwId}`,
      });
      return known(answer);
    }
    // The VPC attachment's subnets: traffic enters the VPC through its interface in the target's zone.
    const attachmentSubnets = this.vpcAttachments.get(vpcAttachment.id)?.subnets;
    if (attachmentSubnets === undefined)
      return unknown(`the subnets of ${vpcAttachment.id} are not in the snapshot`);
    const zones = new Set<string>();
    for (const id of attachmentSubnets) {
      const zone = this.zones.get(id);
      if (zone === undefined)
        return unknown(`the zone of ${id} (subnet of ${vpcAttachment.id}) is not in the snapshot`);
      zones.add(zone);
    }
    if (subnet.AvailabilityZone === undefined)
      return unknown(`the zone of ${subnet.SubnetId} is not in the snapshot`);
    const subnetBlock = subnet.CidrBlock ? parseCidr(subnet.CidrBlock) : undefined;
    if (subnetBlock === undefined || !subnetBlock.ok)
      return unknown(`the CIDR block of ${subnet.SubnetId} is not in the snapshot`);
    const routed = this.route(
      answer,
      tgwId,
      addresses,
      vpcAttachment,
      [subnetBlock.cidr],
      vpcBlocks,
      options,
    );
    if (!routed.known) return routed;
    // Last, as the packet goes: what the routes deliver enters the VPC through the attachment's interface in the target's zone.
    const zoneProblem = zones.has(subnet.AvailabilityZone)
      ? undefined
      : `${vpcAttachment.id} has no subnet in ${subnet.AvailabilityZone}, where ${subnet.SubnetId} is`;
    answer.hops.push({
      hop: 'tgw-attachment-az',
      where: vpcAttachment.id,
      entries: [...zones].sort(),
      // Said even when the routes let nothing reach the zone: the path has this problem too.
      ...(zoneProblem !== undefined && answer.open.length === 0 ? { also: zoneProblem } : {}),
    });
    if (zoneProblem !== undefined && answer.open.length > 0) {
      answer.closed.push({
        addresses: answer.open,
        hop: 'tgw-attachment-az',
        by: zoneProblem,
      });
      answer.open = [];
    }
    return known(answer);
  }

  /**
   * Both ways between these addresses and a whole VPC (NET.4): the VPC attachment's table
   * routes the addresses to an entering attachment, and that attachment's table routes
   * every block of the VPC back to the VPC attachment. No zone is asked about.
   */
  bothWays(
    tgwId: string,
    addresses: AddressInterval[],
    vpcId: string,
    vpcBlocks: readonly Cidr[],
    options: TgwOptions = {},
  ): Known<TgwAnswer> {
    const answer: TgwAnswer = { open: [], closed: [], hops: [] };
    const vpcAttachment = this.vpcAttachment(tgwId, vpcId);
    if (vpcAttachment === undefined) {
      answer.closed.push({ addresses, hop: 'tgw-route', by: `${vpcId} has no attachment on ${tgwId}` });
      return known(answer);
    }
    if (vpcBlocks.length === 0) return unknown(`the CIDR blocks of ${vpcId} are not in the snapshot`);
    const routed = this.route(answer, tgwId, addresses, vpcAttachment, vpcBlocks, vpcBlocks, options);
    return routed.known ? known(answer) : routed;
  }

  /** The route hops, filling the answer: the answers' routes, then each entering attachment's routes. */
  private route(
    answer: TgwAnswer,
    tgwId: string,
    addresses: AddressInterval[],
    vpcAttachment: { id: string; table?: string },
    targets: readonly Cidr[],
    vpcBlocks: readonly Cidr[],
    options: TgwOptions,
  ): Known<true> {
    const dropped = this.dropping(vpcAttachment.id, tgwId);
    if (dropped !== undefined) {
      answer.closed.push({ addresses, hop: 'tgw-route', by: dropped });
      return known(true);
    }
    // The answers: the VPC attachment's table routes each source address to the entering attachment.
    const returnTable = this.table(vpcAttachment.table, vpcAttachment.id);
    if (!returnTable.known) return returnTable;
    const expected = this.expectation(options);
    const entering = this.forwardAnswers(answer, returnTable.value, addresses, undefined, expected);
    if (!entering.known) return entering;

    // An inspection VPC (appliance mode) between the VPC and the edge: the answers go through
    // it, and its own table sends them on to the attachment the traffic really enters by.
    const passed = this.throughMiddleBoxes(answer, tgwId, entering.value, expected);
    if (!passed.known) return passed;
    const edges = passed.value;

    // Towards the VPC: each entering attachment's table routes the targets to the VPC attachment
    // (directly, or through the middle box the answers took).
    for (const { id: attachmentId, addresses: inbound, via } of edges) {
      const attachment = this.attachments.get(attachmentId);
      const droppedHere = this.dropping(attachmentId, tgwId);
      if (droppedHere !== undefined) {
        answer.closed.push({ addresses: inbound, hop: 'tgw-route', by: droppedHere });
        continue;
      }
      const edgeTable = this.table(attachment?.table, attachmentId);
      if (!edgeTable.known) return edgeTable;
      const table = edgeTable.value;
      const direct = blocksRouting(table, targets, vpcAttachment.id);
      if (!direct.known) return direct;
      let towards = direct.value;
      if (!towards.ok && via !== undefined) {
        // The edge's table sends the targets to the middle box, whose table sends them to the VPC.
        const toBoxKnown = blocksRouting(table, targets, via.id);
        if (!toBoxKnown.known) return toBoxKnown;
        const toBox = toBoxKnown.value;
        const boxOnKnown = toBox.ok ? blocksRouting(via.table, targets, vpcAttachment.id) : known(toBox);
        if (!boxOnKnown.known) return boxOnKnown;
        const boxOn = boxOnKnown.value;
        if (toBox.ok && boxOn.ok)
          towards = {
            ok: true,
            used: [...toBox.used, ...boxOn.used.map((u) => `${via.table.TransitGatewayRouteTableId}: ${u}`)],
          };
      }
      const hop = {
        hop: 'tgw-route' as const,
        where: table.TransitGatewayRouteTableId,
        entries: [] as string[],
      };
      answer.hops.push(hop);
      if (!towards.ok) {
        answer.closed.push({
          addresses: inbound,
          hop: 'tgw-route',
          by: towards.by,
          where: table.TransitGatewayRouteTableId,
        });
        continue;
      }
      hop.entries.push(...towards.used);
      // Through a Direct Connect gateway, the on-premises router learns only the allowed prefixes.
      if (attachment?.type === 'direct-connect-gateway') {
        const allowed = this.allowedPrefixes(attachment.resourceId, tgwId);
        if (!allowed.known) return allowed;
        const prefixes = allowed.value;
        const uncovered = vpcBlocks.filter((block) => !prefixes.some((prefix) => contains(prefix, block)));
        answer.hops.push({
          hop: 'dx-allowed-prefixes',
          where: attachment.resourceId ?? attachmentId,
          entries: prefixes.map((p) => p.text),
        });
        if (uncovered.length > 0) {
          answer.closed.push({
            addresses: inbound,
            hop: 'dx-allowed-prefixes',
            by: `the allowed prefixes of ${attachment.resourceId} on ${tgwId} (${prefixes.map((p) => p.text).join(', ') || 'none'}) do not cover ${uncovered.map((b) => b.text).join(', ')}`,
          });
          continue;
        }
      }
      answer.open.push(...inbound);
    }
    // Equal-cost paths: an address one of its paths closes is closed (its flows hash onto that path too).
    for (const closure of answer.closed) answer.open = withoutAddresses(answer.open, closure.addresses);
    return known(true);
  }

  /**
   * The answers' hop at one table: each address, by longest prefix, to the attachments its
   * route leads to (several for equal-cost VPN paths); a blackhole, no route, or a route back
   * to the attachment the answers come from closes. Returns the addresses by next attachment.
   */
  private forwardAnswers(
    answer: TgwAnswer,
    table: TransitGatewayRouteTableWithRoutes,
    addresses: AddressInterval[],
    from?: string,
    expected?: (attachmentId: string) => Known<string | undefined>,
  ): Known<Map<string, AddressInterval[]>> {
    const where = table.TransitGatewayRouteTableId;
    const sorted = longestFirst(table);
    if (!sorted.known) return sorted;
    const hop = { hop: 'tgw-return-route' as const, where, entries: [] as string[] };
    answer.hops.push(hop);
    const next = new Map<string, AddressInterval[]>();
    let remaining = addresses;
    for (const { route, block } of sorted.value) {
      if (remaining.length === 0) break;
      if (!touches(remaining, block)) continue;
      const decided = intervalsIn(remaining, block);
      remaining = intervalsOut(remaining, block);
      const label = routeLabel(route, block);
      const targets = targetsOf(route);
      const ambiguous = ambiguity.get(route);
      if (ambiguous !== undefined) return unknown(ambiguous);
      if (
        route.State !== 'active' ||
        targets.length === 0 ||
        (from !== undefined && targets.includes(from))
      ) {
        answer.closed.push({ addresses: decided, hop: 'tgw-return-route', by: `${where}: ${label}`, where });
        continue;
      }
      // The answers must leave by the kind of connection the traffic came by (an inspection VPC passes them on).
      const wrong: string[] = [];
      for (const target of targets) {
        if (this.vpcAttachments.get(target)?.appliance === true || expected === undefined) continue;
        const problem = expected(target);
        if (!problem.known) return problem;
        if (problem.value !== undefined) wrong.push(problem.value);
      }
      if (wrong.length > 0) {
        answer.closed.push({
          addresses: decided,
          hop: 'tgw-return-route',
          by: `${where}: ${label}: ${wrong.join('; ')}`,
          where,
        });
        continue;
      }
      hop.entries.push(label);
      for (const target of targets) next.set(target, [...(next.get(target) ?? []), ...decided]);
    }
    if (remaining.length > 0)
      answer.closed.push({
        addresses: remaining,
        hop: 'tgw-return-route',
        by: `no route in ${where}`,
        where,
      });
    return known(next);
  }

  /**
   * The attachments the traffic enters by, for the answers' next hops: an appliance-mode VPC
   * attachment (an inspection VPC) is passed through once — its table routes the answers
   * on to the edge (VPN, Direct Connect, peering) — and remembered, since the edge's table
   * may send the traffic back through it. A blackhole or no route in its table closes.
   */
  private throughMiddleBoxes(
    answer: TgwAnswer,
    tgwId: string,
    entering: Map<string, AddressInterval[]>,
    expected?: (attachmentId: string) => Known<string | undefined>,
  ): Known<
    {
      id: string;
      addresses: AddressInterval[];
      via?: { id: string; table: TransitGatewayRouteTableWithRoutes };
    }[]
  > {
    const edges = new Map<
      string,
      { addresses: AddressInterval[]; via?: { id: string; table: TransitGatewayRouteTableWithRoutes } }
    >();
    const add = (
      id: string,
      addresses: AddressInterval[],
      via?: { id: string; table: TransitGatewayRouteTableWithRoutes },
    ) => {
      const key = via ? `${id}|${via.id}` : id;
      const earlier = edges.get(key);
      edges.set(key, { addresses: [...(earlier?.addresses ?? []), ...addresses], ...(via ? { via } : {}) });
    };
    for (const [id, addresses] of entering) {
      if (this.vpcAttachments.get(id)?.appliance !== true) {
        add(id, addresses);
        continue;
      }
      const dropped = this.dropping(id, tgwId);
      if (dropped !== undefined) {
        answer.closed.push({ addresses, hop: 'tgw-return-route', by: dropped });
        continue;
      }
      const boxTable = this.table(this.attachments.get(id)?.table, id);
      if (!boxTable.known) return boxTable;
      const onwards = this.forwardAnswers(answer, boxTable.value, addresses, id, expected);
      if (!onwards.known) return onwards;
      for (const [target, decided] of onwards.value) add(target, decided, { id, table: boxTable.value });
    }
    // The key of a pass-through edge carries its middle box; the caller needs the edge's id.
    return known([...edges].map(([key, value]) => ({ id: key.split('|')[0] as string, ...value })));
  }

  /**
   * What the answers' next attachment must be: for sources that arrive over a VPN, a VPN
   * attachment. Answers that a Direct Connect (or any other) route takes away never reach them.
   */
  private expectation(
    options: TgwOptions,
  ): ((attachmentId: string) => Known<string | undefined>) | undefined {
    if (options.arrivesBy !== 'vpn') return undefined;
    return (attachmentId) => {
      const type = this.typeOf(attachmentId);
      if (type === undefined) return unknown(`the type of attachment ${attachmentId} is not in the snapshot`);
      return known(
        type === 'vpn'
          ? undefined
          : `the answers leave by ${attachmentId} (${type}), not by the VPN the traffic came by, and never reach it`,
      );
    };
  }

  private allowedPrefixes(gatewayId: string | undefined, tgwId: string): Known<Cidr[]> {
    const associations = this.inventory.directconnect?.DirectConnectGatewayAssociations;
    if (associations === undefined)
      return unknown(`the associations of Direct Connect gateway ${gatewayId} are not in the snapshot`);
    const association = associations.find(
      (a) => a.directConnectGatewayId === gatewayId && a.associatedGateway?.id === tgwId,
    );
    if (association === undefined) return known([]);
    return known(
      (association.allowedPrefixesToDirectConnectGateway ?? []).flatMap((p) => {
        const parsed = p.cidr ? parseCidr(p.cidr) : undefined;
        return parsed?.ok ? [parsed.cidr] : [];
      }),
    );
  }
}
