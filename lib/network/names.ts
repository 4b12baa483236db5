/**
 * Name resolution (docs/design/network-semantics.md, "Names and shared endpoints"), the engine's family
 * beside `reach`: what a name resolves to from a VPC, and the entries that decided it — the
 * Resolver rule, the private hosted zone and its record, or the endpoint's private DNS. The
 * entries compete by domain: the most specific domain wins; for the same domain a Resolver rule
 * wins over a zone (a FORWARD rule sends the query elsewhere, a SYSTEM rule restores Route 53's
 * own answer). The most specific zone covering a name that holds no record for it answers
 * NXDOMAIN. A name the snapshots cannot answer (records, associations or attributes not
 * collected) is `unknown`, never resolved. Sources: Route 53 Developer Guide, "Resolving DNS
 * queries between VPCs and your network" and "Considerations when working with a private hosted
 * zone"; PrivateLink Guide, "DNS hostnames" of interface endpoints.
 *
 * Longer than 400 lines: one algorithm over one view (the entries of a VPC, the winner, the
 * winning zone's records); split, its steps would share the view's private lookups.
 */
import {
  heldEndpoints,
  heldResolverRules,
  heldRuleAssociations,
  heldZones,
} from '../inventory/shared-network.js';
import type {
  Ec2NetworkInterface,
  Ec2VpcEndpoint,
  HostedZoneItem,
  RegionInventory,
  ResolverRuleItem,
  Snapshot,
} from '../inventory/types.js';

/** The entry that decided (part of) an answer, as findings name it. */
export type NameEntry =
  | { kind: 'endpoint-specific'; endpoint: string }
  | { kind: 'private-dns'; endpoint: string; domain: string; vpc: string }
  | { kind: 'zone'; zone: string; zoneName: string; record?: string }
  | { kind: 'rule'; rule: string; domain: string; ruleType: string }
  | { kind: 'public'; name: string };

export type NameAnswer =
  /** The name leads to an interface endpoint (its private addresses). */
  | { answer: 'endpoint'; endpoint: HeldEndpoint; by: NameEntry[] }
  /** Private addresses that are no endpoint's the audit holds. */
  | { answer: 'addresses'; addresses: string[]; by: NameEntry[] }
  /** A FORWARD rule sends the query to other resolvers. */
  | { answer: 'forwarded'; rule: string; targets: string[]; by: NameEntry[] }
  | { answer: 'nxdomain'; by: NameEntry[] }
  /** No private entry covers the name: Route 53 answers from public DNS. */
  | { answer: 'public'; by: NameEntry[] }
  | { answer: 'unknown'; missing: string; by: NameEntry[] };

export interface HeldEndpoint {
  endpoint: Ec2VpcEndpoint;
  /** The account whose snapshot holds it. */
  accountId: string | undefined;
  region: string;
  /** The owner's region inventory, where a path to the endpoint is judged. */
  inventory: RegionInventory;
  addresses: string[];
}

/** Where a query starts: a VPC's resolver, or an inbound Resolver endpoint in that VPC (queries from on-premises). */
export interface NameOrigin {
  vpc: string;
  viaInboundEndpoint?: boolean;
}

/** The audit's snapshots, seen from one of them, in one region. */
export interface NameScope {
  snapshot: Snapshot;
  accounts?: readonly Snapshot[] | undefined;
  region: string;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Whether a domain covers a name: the name itself or a name below it; "." covers every name. */
export function covers(domain: string, name: string): boolean {
  const d = normalizeName(domain);
  const n = normalizeName(name);
  return d === '' || n === d || n.endsWith(`.${d}`);
}

function depth(domain: string): number {
  const d = normalizeName(domain);
  return d === '' ? 0 : d.split('.').length;
}

/** A service's default DNS name, from its endpoint service name (`com.amazonaws.eu-west-1.s3` → `s3.eu-west-1.amazonaws.com`). */
export function defaultName(
  endpoint: Pick<Ec2VpcEndpoint, 'ServiceName' | 'ServiceRegion'>,
): string | undefined {
  const match = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.(.+)$/.exec(endpoint.ServiceName ?? '');
  if (match === null) return undefined;
  const [, region, service] = match;
  const suffix = (endpoint.ServiceName ?? '').startsWith('cn.') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${service}.${endpoint.ServiceRegion ?? region}.${suffix}`;
}

/** The endpoint-specific name AWS publishes in public DNS (the regional entry, not a zonal one). */
export function endpointSpecificName(endpoint: Pick<Ec2VpcEndpoint, 'DnsEntries'>): string | undefined {
  const names = (endpoint.DnsEntries ?? [])
    .map((entry) => entry.DnsName)
    .filter((name): name is string => name !== undefined && /\.vpce\.amazonaws\.com(\.cn)?$/.test(name));
  // A zonal name carries the zone after the endpoint id (vpce-…-abc-eu-west-1a.…): the regional one is shorter.
  return names.map((name) => name.replace(/^\*\./, '')).sort((a, b) => a.length - b.length)[0];
}

const ENDPOINT_ID = /(?:^|\.|\*\.)(vpce-[0-9a-f]+)-[0-9a-z]+(?:-[a-z0-9-]+)?\.[^.]+/;

class NameView {
  readonly endpoints: HeldEndpoint[];
  private readonly byId = new Map<string, HeldEndpoint>();
  private readonly byAddress = new Map<string, HeldEndpoint>();

  /** The candidates of each origin (`vpc|viaInboundEndpoint`): every endpoint's name asks them. */
  private readonly candidatesOf = new Map<string, Candidate[] | { missing: string }>();

  constructor(private readonly scope: NameScope) {
    // Network interfaces by id, per inventory: an endpoint's addresses without a scan per endpoint.
    const interfacesOf = new Map<object, Map<string, Ec2NetworkInterface>>();
    const interfaceIndex = (inventory: RegionInventory) => {
      let index = interfacesOf.get(inventory);
      if (index === undefined) {
        index = new Map((inventory.ec2?.NetworkInterfaces ?? []).map((eni) => [eni.NetworkInterfaceId, eni]));
        interfacesOf.set(inventory, index);
      }
      return index;
    };
    this.endpoints = heldEndpoints(scope.snapshot, scope.accounts, scope.region)
      .filter(({ item }) => item.VpcEndpointType === 'Interface')
      .map(({ item, snapshot, inventory, region }) => {
        const index = interfaceIndex(inventory);
        const addresses = [...new Set(item.NetworkInterfaceIds ?? [])]
          .flatMap((id) => {
            const eni = index.get(id);
            return eni === undefined ? [] : [eni];
          })
          .flatMap((eni) => [
            ...(eni.PrivateIpAddress === undefined ? [] : [eni.PrivateIpAddress]),
            ...(eni.PrivateIpAddresses ?? []).flatMap((a) =>
              a.PrivateIpAddress ? [a.PrivateIpAddress] : [],
            ),
          ]);
        return {
          endpoint: item,
          accountId: snapshot.accountId,
          region,
          inventory,
          addresses: [...new Set(addresses)],
        };
      });
    for (const held of this.endpoints) {
      this.byId.set(held.endpoint.VpcEndpointId, held);
      for (const address of held.addresses) this.byAddress.set(address, held);
    }
  }

  endpoint(id: string): HeldEndpoint | undefined {
    return this.byId.get(id);
  }

  /** The snapshot that holds a VPC (its owner's): where its attributes and associations were read. */
  private vpcOwner(vpc: string): Snapshot | undefined {
    const { snapshot, accounts, region } = this.scope;
    return (accounts ?? [snapshot]).find((s) =>
      (s.regions?.[region]?.ec2?.Vpcs ?? []).some((candidate) => candidate.VpcId === vpc),
    );
  }

  /** The entries that may answer names in a VPC, or what the snapshots lack to list them. */
  candidates(origin: NameOrigin): Candidate[] | { missing: string } {
    const key = `${origin.vpc}|${origin.viaInboundEndpoint === true}`;
    let listed = this.candidatesOf.get(key);
    if (listed === undefined) {
      listed = this.listCandidates(origin);
      this.candidatesOf.set(key, listed);
    }
    return listed;
  }

  private listCandidates(origin: NameOrigin): Candidate[] | { missing: string } {
    const { snapshot, accounts, region } = this.scope;
    const owner = this.vpcOwner(origin.vpc);
    if (owner === undefined) return { missing: `VPC ${origin.vpc} is not in the audited accounts` };
    const candidates: Candidate[] = [];
    // Resolver rules associated with the VPC (an association not COMPLETE has no effect).
    const associations = owner.regions?.[region]?.route53resolver?.ResolverRuleAssociations;
    if (associations === undefined)
      return {
        missing: `the Resolver rule associations of ${owner.accountId ?? 'the VPC owner'} in ${region} were not collected`,
      };
    const rules = new Map(
      heldResolverRules(snapshot, accounts, region).map(({ item }) => [item.Id, item] as const),
    );
    const own = new Set(associations);
    const associated = [
      ...associations,
      ...heldRuleAssociations(snapshot, accounts, region)
        .map(({ item }) => item)
        .filter((a) => !own.has(a)),
    ].filter((a) => a.VPCId === origin.vpc);
    for (const association of associated) {
      if (association.Status !== undefined && association.Status !== 'COMPLETE') continue;
      const rule =
        association.ResolverRuleId === undefined ? undefined : rules.get(association.ResolverRuleId);
      if (rule === undefined)
        return {
          missing: `Resolver rule ${association.ResolverRuleId ?? '(no id)'} associated with ${origin.vpc} is not in the audited accounts`,
        };
      if (association.Status === undefined)
        return {
          missing: `the status of the association of ${rule.Id} with ${origin.vpc} is not in the snapshot`,
        };
      candidates.push({ kind: 'rule', domain: normalizeName(rule.DomainName ?? '.'), rule });
    }
    // Private hosted zones associated with the VPC, of any audited account.
    if (owner.route53?.HostedZones === undefined)
      return {
        missing: `the private hosted zones of ${owner.accountId ?? 'the VPC owner'} were not collected`,
      };
    for (const { item: zone } of heldZones(snapshot, accounts)) {
      if (zone.VPCs === undefined)
        return {
          missing: `the VPC associations of private hosted zone ${zone.Name} (${zone.Id}) were not read`,
        };
      if (zone.VPCs.some((vpc) => vpc.VPCId === origin.vpc && (vpc.VPCRegion ?? region) === region))
        candidates.push({ kind: 'zone', domain: normalizeName(zone.Name), zone });
    }
    // The private DNS of interface endpoints in the VPC: a zone AWS manages, named for the service.
    for (const held of this.endpoints) {
      const endpoint = held.endpoint;
      if (endpoint.VpcId !== origin.vpc || endpoint.PrivateDnsEnabled === false) continue;
      const state = endpoint.State?.toLowerCase();
      if (state === 'deleted' || state === 'deleting' || state === 'rejected' || state === 'failed') continue;
      // With PrivateDnsOnlyForInboundResolverEndpoint, only queries through the inbound endpoint get it.
      if (
        endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint === true &&
        !origin.viaInboundEndpoint
      )
        continue;
      const domain = defaultName(endpoint);
      if (domain === undefined) continue;
      if (endpoint.PrivateDnsEnabled === undefined) {
        candidates.push({
          kind: 'unknown',
          domain,
          missing: `whether ${endpoint.VpcEndpointId} has private DNS is not in the snapshot`,
        });
        continue;
      }
      const attributes = owner.regions?.[region]?.ec2?.VpcAttributes?.[origin.vpc];
      if (attributes?.EnableDnsSupport === undefined || attributes.EnableDnsHostnames === undefined)
        return {
          missing: `the DNS attributes of ${origin.vpc} (EnableDnsSupport, EnableDnsHostnames) are not in the snapshot`,
        };
      // A private DNS name resolves privately only where both attributes are on (NET.3).
      if (!attributes.EnableDnsSupport || !attributes.EnableDnsHostnames) continue;
      candidates.push({ kind: 'private-dns', domain, held });
    }
    return candidates;
  }

  /** The held endpoint an alias or CNAME target names: by its DNS entries, or the endpoint id in an endpoint-specific name. */
  endpointNamed(target: string): HeldEndpoint | { missing: string } | undefined {
    const name = normalizeName(target);
    for (const held of this.endpoints)
      if (
        (held.endpoint.DnsEntries ?? []).some(
          (entry) => entry.DnsName && covers(entry.DnsName.replace(/^\*\./, ''), name),
        )
      )
        return held;
    if (/\.vpce\.amazonaws\.com(\.cn)?$/.test(name)) {
      const id = ENDPOINT_ID.exec(name)?.[1];
      if (id === undefined) return { missing: `${target} names no endpoint id` };
      return this.byId.get(id) ?? { missing: `${id} (named by ${target}) is not in the audited accounts` };
    }
    return undefined;
  }

  endpointAt(address: string): HeldEndpoint | undefined {
    return this.byAddress.get(address);
  }
}

type Candidate =
  | { kind: 'unknown'; domain: string; missing: string }
  | { kind: 'rule'; domain: string; rule: ResolverRuleItem }
  | { kind: 'zone'; domain: string; zone: HostedZoneItem }
  | { kind: 'private-dns'; domain: string; held: HeldEndpoint };

const views = new WeakMap<object, Map<string, NameView>>();

function viewOf(scope: NameScope): NameView {
  const key = scope.accounts ?? scope.snapshot;
  let byRegion = views.get(key);
  if (byRegion === undefined) {
    byRegion = new Map();
    views.set(key, byRegion);
  }
  let view = byRegion.get(scope.region);
  if (view === undefined) {
    view = new NameView(scope);
    byRegion.set(scope.region, view);
  }
  return view;
}

/** The interface endpoints of the region in every audited snapshot, with their addresses. */
export function heldInterfaceEndpoints(scope: NameScope): readonly HeldEndpoint[] {
  return viewOf(scope).endpoints;
}

/**
 * What `name` resolves to from `origin`, and the entries that decided it. Endpoint-specific
 * names are public DNS records: they resolve anywhere to the endpoint's private addresses.
 */
export function resolve(name: string, origin: NameOrigin, scope: NameScope): NameAnswer {
  return resolveFrom(normalizeName(name), origin, viewOf(scope), 0, true);
}

function resolveFrom(
  name: string,
  origin: NameOrigin,
  view: NameView,
  hops: number,
  rules: boolean,
): NameAnswer {
  if (hops > 8)
    return { answer: 'unknown', missing: `${name}: more than 8 aliases or CNAMEs in a row`, by: [] };
  if (/\.vpce\.amazonaws\.com(\.cn)?$/.test(name)) {
    const held = view.endpointNamed(name);
    if (held === undefined || 'missing' in held)
      return { answer: 'unknown', missing: held?.missing ?? `${name} names no endpoint`, by: [] };
    return {
      answer: 'endpoint',
      endpoint: held,
      by: [{ kind: 'endpoint-specific', endpoint: held.endpoint.VpcEndpointId }],
    };
  }
  const listed = view.candidates(origin);
  if (!Array.isArray(listed)) return { answer: 'unknown', missing: listed.missing, by: [] };
  const covering = listed.filter((c) => covers(c.domain, name) && (rules || c.kind !== 'rule'));
  if (covering.length === 0) return { answer: 'public', by: [{ kind: 'public', name }] };
  // The most specific domain wins; for the same domain a Resolver rule wins over a zone.
  const rank = (c: Candidate) => depth(c.domain) * 2 + (c.kind === 'rule' ? 1 : 0);
  const winner = covering.reduce((best, c) => (rank(c) > rank(best) ? c : best));
  if (winner.kind === 'unknown') return { answer: 'unknown', missing: winner.missing, by: [] };
  if (winner.kind === 'rule') {
    const entry: NameEntry = {
      kind: 'rule',
      rule: winner.rule.Id,
      domain: winner.domain || '.',
      ruleType: winner.rule.RuleType ?? 'unknown',
    };
    if (winner.rule.RuleType === 'FORWARD')
      return {
        answer: 'forwarded',
        rule: winner.rule.Id,
        targets: (winner.rule.TargetIps ?? []).flatMap((t) => (t.Ip ? [t.Ip] : t.Ipv6 ? [t.Ipv6] : [])),
        by: [entry],
      };
    if (winner.rule.RuleType === 'SYSTEM') {
      const own = resolveFrom(name, origin, view, hops, false);
      return { ...own, by: [entry, ...own.by] };
    }
    if (winner.rule.RuleType === 'RECURSIVE') return { answer: 'public', by: [entry] };
    return {
      answer: 'unknown',
      missing: `Resolver rule ${winner.rule.Id} has no RuleType in the snapshot`,
      by: [entry],
    };
  }
  if (winner.kind === 'private-dns') {
    const entry: NameEntry = {
      kind: 'private-dns',
      endpoint: winner.held.endpoint.VpcEndpointId,
      domain: winner.domain,
      vpc: origin.vpc,
    };
    // The managed zone holds the service's name, and for S3 a wildcard below it (bucket names).
    const s3 = winner.domain.startsWith('s3.');
    if (name === winner.domain || s3) return { answer: 'endpoint', endpoint: winner.held, by: [entry] };
    return { answer: 'nxdomain', by: [entry] };
  }
  return fromZone(name, winner.zone, origin, view, hops);
}

function fromZone(
  name: string,
  zone: HostedZoneItem,
  origin: NameOrigin,
  view: NameView,
  hops: number,
): NameAnswer {
  const zoneName = normalizeName(zone.Name);
  const base = { kind: 'zone' as const, zone: zone.Id, zoneName };
  if (zone.ResourceRecordSets === undefined)
    return {
      answer: 'unknown',
      missing: `the records of private hosted zone ${zoneName} (${zone.Id}) were not read`,
      by: [base],
    };
  const usable = zone.ResourceRecordSets.filter((r) => ['A', 'AAAA', 'CNAME'].includes(r.Type ?? ''));
  let records = usable.filter((r) => normalizeName(r.Name ?? '') === name);
  // A wildcard answers the names below its parent that have no record of their own (the nearest one).
  for (let parent = name; records.length === 0 && parent !== zoneName && parent.includes('.'); ) {
    parent = parent.slice(parent.indexOf('.') + 1);
    records = usable.filter((r) => normalizeName(r.Name ?? '').replace(/^\\052/, '*') === `*.${parent}`);
  }
  const [record] = records;
  if (record === undefined) return { answer: 'nxdomain', by: [base] };
  const entry: NameEntry = {
    ...base,
    record: `${normalizeName(record.Name ?? '')} ${record.Type}${record.AliasTarget ? ' alias' : ''}`,
  };
  const target =
    record.AliasTarget?.DNSName ?? (record.Type === 'CNAME' ? record.ResourceRecords?.[0]?.Value : undefined);
  if (target !== undefined) {
    const held = view.endpointNamed(target);
    if (held !== undefined && 'missing' in held)
      return { answer: 'unknown', missing: held.missing, by: [entry] };
    if (held !== undefined) return { answer: 'endpoint', endpoint: held, by: [entry] };
    const next = resolveFrom(normalizeName(target), origin, view, hops + 1, true);
    return { ...next, by: [entry, ...next.by] };
  }
  const addresses = (record.ResourceRecords ?? []).flatMap((r) => (r.Value === undefined ? [] : [r.Value]));
  const endpoints = new Set(addresses.map((a) => view.endpointAt(a)));
  const [only] = endpoints;
  if (endpoints.size === 1 && only !== undefined) return { answer: 'endpoint', endpoint: only, by: [entry] };
  return { answer: 'addresses', addresses, by: [entry] };
}

/** What a private hosted zone itself answers for a name (its record, or NXDOMAIN), whichever VPC asks. */
export function answerInZone(name: string, zone: HostedZoneItem, scope: NameScope): NameAnswer {
  const vpc = zone.VPCs?.[0]?.VPCId ?? '';
  return fromZone(normalizeName(name), zone, { vpc }, viewOf(scope), 0);
}
