/**
 * The names the scenarios use and how on-premises resolves them (docs/design/rules-catalog.md, "DNS"):
 * the endpoints a scenario uses (its own, or a centralised one another account owns), the name
 * its clients are given, and each forwarder's answer for it through the inbound Resolver
 * endpoints it targets. The resolution itself is the engine's (lib/network/names.ts).
 */
import type { RuleContext } from '../../catalog/rule.js';
import { heldResolverEndpoints, unheldAccounts } from '../../inventory/shared-network.js';
import type { ResolverEndpointItem, Snapshot, SnapshotBucket } from '../../inventory/types.js';
import { contains, parseCidr } from '../../ip/cidr.js';
import { describeAnswer } from '../../network/name-text.js';
import {
  defaultName,
  endpointSpecificName,
  type HeldEndpoint,
  heldInterfaceEndpoints,
  type NameAnswer,
  type NameScope,
  resolve,
} from '../../network/names.js';
import { replicationSettings } from './drs.js';
import { endpointService, isAvailable } from './endpoints.js';
import { backupBuckets, bucketPolicy, conditionValues, pinningStatements } from './s3.js';
import { isHybridVpc } from './sources.js';

export function nameScope(context: RuleContext, region = context.region): NameScope {
  return { snapshot: context.snapshot, accounts: context.accounts, region };
}

export interface UsedEndpoint {
  held: HeldEndpoint;
  scenario: 'DRS' | 'S3PL';
}

/** The configured network accounts the audit does not hold: where an id it does not know may live. */
export function unheld(context: RuleContext): string[] {
  return unheldAccounts(context.snapshot, context.accounts, context.config.networkAccounts);
}

/** The endpoint ids a bucket's policy names in aws:SourceVpce (patterns left out). */
export function pinnedIdsOf(bucket: SnapshotBucket): string[] {
  const policy = bucketPolicy(bucket);
  if (policy?.ok !== true) return [];
  const ids = new Set<string>();
  for (const statement of pinningStatements(policy.statements))
    for (const value of conditionValues(statement, 'aws:SourceVpce'))
      if (/^vpce-[0-9a-f]+$/i.test(value)) ids.add(value.toLowerCase());
  return [...ids].sort();
}

/** The endpoint ids the backup buckets' policies name in aws:SourceVpce. */
export function pinnedEndpointIds(context: RuleContext): string[] {
  return [...new Set(backupBuckets(context).flatMap(pinnedIdsOf))].sort();
}

function own(context: RuleContext, held: HeldEndpoint): boolean {
  return held.accountId === context.snapshot.accountId;
}

/**
 * The interface endpoints this account's scenarios use in the region: its own available drs and
 * s3 endpoints in hybrid VPCs (DRS) and s3 ones (S3PL), and the centralised ones of other audited
 * accounts that its bucket policies pin (S3PL) or that its staging VPCs' names lead to (DRS).
 */
export function usedEndpoints(context: RuleContext): UsedEndpoint[] {
  const scope = nameScope(context);
  const held = heldInterfaceEndpoints(scope).filter((h) => isAvailable(h.endpoint));
  const used: UsedEndpoint[] = [];
  const add = (endpoint: HeldEndpoint, scenario: UsedEndpoint['scenario']) => {
    if (!used.some((u) => u.held === endpoint)) used.push({ held: endpoint, scenario });
  };
  if (backupBuckets(context).length > 0) {
    const pinned = new Set(pinnedEndpointIds(context));
    for (const h of held)
      if (endpointService(h.endpoint) !== 's3') continue;
      else if (
        own(context, h) &&
        h.endpoint.VpcId !== undefined &&
        isHybridVpc(context.inventory, h.endpoint.VpcId)
      )
        add(h, 'S3PL');
      else if (!own(context, h) && pinned.has(h.endpoint.VpcEndpointId.toLowerCase())) add(h, 'S3PL');
  }
  if (replicationSettings(context).length > 0) {
    for (const h of held) {
      const service = endpointService(h.endpoint);
      if (service !== 'drs' && service !== 's3') continue;
      if (
        own(context, h) &&
        h.endpoint.VpcId !== undefined &&
        isHybridVpc(context.inventory, h.endpoint.VpcId)
      )
        add(h, 'DRS');
    }
    for (const h of centralisedFor(context, ['drs', 's3'], stagingVpcs(context))) add(h, 'DRS');
  }
  return used;
}

/** The VPCs of the DRS staging subnets. */
export function stagingVpcs(context: RuleContext): string[] {
  const subnets = new Map((context.inventory.ec2?.Subnets ?? []).map((s) => [s.SubnetId, s.VpcId]));
  const vpcs = new Set<string>();
  for (const { settings } of replicationSettings(context)) {
    const vpc = settings.stagingAreaSubnetId ? subnets.get(settings.stagingAreaSubnetId) : undefined;
    if (vpc !== undefined) vpcs.add(vpc);
  }
  return [...vpcs];
}

/**
 * Other accounts' available interface endpoints for these services whose service name resolves
 * to them from one of `vpcs` (a private hosted zone associated with the VPC aliases it): the
 * centralised pattern (docs/design/network-semantics.md, "Shared endpoints").
 */
export function centralisedFor(
  context: RuleContext,
  services: readonly string[],
  vpcs: readonly string[],
): HeldEndpoint[] {
  const scope = nameScope(context);
  const found: HeldEndpoint[] = [];
  for (const service of services)
    for (const vpc of vpcs) {
      const name = defaultName({ ServiceName: `com.amazonaws.${context.region}.${service}` });
      if (name === undefined) continue;
      const answer = resolve(name, { vpc }, scope);
      if (
        answer.answer === 'endpoint' &&
        !own(context, answer.endpoint) &&
        isAvailable(answer.endpoint.endpoint)
      )
        if (!found.includes(answer.endpoint)) found.push(answer.endpoint);
    }
  return found;
}

/** Inbound Resolver endpoints of the audit, by the addresses they hold. */
function inboundByAddress(
  context: RuleContext,
): Map<string, { endpoint: ResolverEndpointItem; region: string; snapshot: Snapshot }> {
  const map = new Map<string, { endpoint: ResolverEndpointItem; region: string; snapshot: Snapshot }>();
  for (const { item, region, snapshot } of heldResolverEndpoints(context.snapshot, context.accounts))
    if (item.Direction === 'INBOUND')
      for (const address of item.IpAddresses ?? [])
        if (address.Ip) map.set(address.Ip, { endpoint: item, region, snapshot });
  return map;
}

/** The inbound endpoint holding an address, with its region, if the audit holds it. */
export function inboundEndpointAt(context: RuleContext, address: string) {
  return inboundByAddress(context).get(address);
}

/** The name a scenario's clients are given for an endpoint (docs/design/rules-catalog.md, "DNS"). */
export function usedName(
  context: RuleContext,
  held: HeldEndpoint,
): { name: string; specific: boolean } | { unknown: string } | undefined {
  const service = defaultName(held.endpoint);
  // Private DNS not in the snapshot: which name the clients are given is unknown, never "the specific one".
  if (held.endpoint.PrivateDnsEnabled === undefined)
    return { unknown: `${held.endpoint.VpcEndpointId} has no PrivateDnsEnabled in the snapshot` };
  if (service !== undefined) {
    if (held.endpoint.PrivateDnsEnabled === true) return { name: service, specific: false };
    // A zone associated with a VPC that resolves the on-premises queries aliases it.
    for (const vpc of resolvingVpcs(context, held)) {
      const answer = resolve(service, { vpc, viaInboundEndpoint: true }, nameScope(context, held.region));
      if (answer.answer === 'endpoint' && answer.endpoint === held) return { name: service, specific: false };
    }
  }
  const specific = endpointSpecificName(held.endpoint);
  return specific === undefined ? undefined : { name: specific, specific: true };
}

/** The VPCs that answer on-premises queries: those of the inbound endpoints the forwarders target, else of every inbound endpoint. */
function resolvingVpcs(context: RuleContext, held: HeldEndpoint): string[] {
  const byAddress = inboundByAddress(context);
  const targets = (context.config.dns.forwarders ?? []).flatMap((f) => f.targets);
  const inbound =
    targets.length > 0
      ? targets.flatMap((t) => {
          const found = byAddress.get(t);
          return found === undefined ? [] : [found];
        })
      : [...byAddress.values()];
  return [
    ...new Set(
      inbound
        .filter((i) => i.region === held.region)
        .flatMap((i) => (i.endpoint.HostVPCId ? [i.endpoint.HostVPCId] : [])),
    ),
  ];
}

/** How one on-premises DNS server answers a name. */
export interface ForwarderAnswer {
  address: string;
  /** private: to the endpoint; elsewhere: public, NXDOMAIN, another endpoint, a loop; unknown. */
  outcome: 'private' | 'elsewhere' | 'unknown';
  says: string;
}

/**
 * What each forwarder address answers for `name` (docs/design/rules-catalog.md, DNS.1): forwarded when a
 * domain of its forwarder covers the name, to every target, each of which must be an address of an
 * OPERATIONAL inbound Resolver endpoint from whose VPC the name resolves to the endpoint.
 */
export function forwarderAnswers(
  context: RuleContext,
  name: string,
  endpoint: HeldEndpoint,
): ForwarderAnswer[] {
  const answers: ForwarderAnswer[] = [];
  const seen = new Set<string>();
  const missingAccounts = unheld(context);
  for (const forwarder of context.config.dns.forwarders ?? []) {
    const domain = forwarder.domains
      .map((d) => d.toLowerCase().replace(/\.$/, ''))
      .filter((d) => d === '' || d === '.' || name === d || name.endsWith(`.${d}`))
      .sort((a, b) => b.length - a.length)[0];
    const verdicts = forwarder.targets.map((target): Omit<ForwarderAnswer, 'address'> => {
      const inbound = inboundEndpointAt(context, target);
      if (inbound === undefined)
        return missingAccounts.length > 0
          ? {
              outcome: 'unknown',
              says: `target ${target} is no address of an inbound Resolver endpoint in the audited accounts (${missingAccounts.join(', ')} not audited)`,
            }
          : { outcome: 'elsewhere', says: `target ${target} is no address of an inbound Resolver endpoint` };
      const id = inbound.endpoint.Id;
      if (inbound.endpoint.Status !== 'OPERATIONAL')
        return {
          outcome: 'elsewhere',
          says: `target ${target} is inbound endpoint ${id}, ${inbound.endpoint.Status ?? 'status not returned'}, not OPERATIONAL`,
        };
      const answer: NameAnswer = resolve(
        name,
        { vpc: inbound.endpoint.HostVPCId ?? '', viaInboundEndpoint: true },
        nameScope(context, inbound.region),
      );
      const says = `through ${target} (${id} in ${inbound.endpoint.HostVPCId}): ${describeAnswer(name, answer)}`;
      if (answer.answer === 'unknown') return { outcome: 'unknown', says };
      // The endpoint itself, or another available one of its service (a centralised one the
      // network account's zone aliases): either way the traffic stays on a private path.
      if (
        answer.answer === 'endpoint' &&
        (answer.endpoint.endpoint.VpcEndpointId === endpoint.endpoint.VpcEndpointId ||
          (endpointService(answer.endpoint.endpoint) === endpointService(endpoint.endpoint) &&
            isAvailable(answer.endpoint.endpoint)))
      )
        return { outcome: 'private', says };
      return { outcome: 'elsewhere', says };
    });
    const outcome: ForwarderAnswer['outcome'] =
      domain === undefined
        ? 'elsewhere'
        : verdicts.some((v) => v.outcome === 'elsewhere')
          ? 'elsewhere'
          : verdicts.some((v) => v.outcome === 'unknown')
            ? 'unknown'
            : 'private';
    const says =
      domain === undefined
        ? `forwards none of its domains (${forwarder.domains.join(', ')}) for ${name}: resolves it through public DNS`
        : `forwards ${domain} ${verdicts.map((v) => v.says).join('; ')}`;
    for (const address of forwarder.addresses) {
      if (seen.has(address)) continue;
      seen.add(address);
      answers.push({ address, outcome, says });
    }
  }
  return answers;
}

/**
 * The service names the scenarios use in a region (DRS's installer and replication servers reach
 * `drs` and `s3`, S3PL's clients `s3`): the names a zone or a Resolver rule must not take off the
 * private path. The same in every account's audit, so that a network account's zones and rules
 * are judged alike whether its spokes are audited with it or not.
 */
export function scenarioNames(region: string): string[] {
  return [`drs.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`];
}

/** Whether this account's scenarios use names in the context's region (S3PL backup buckets, DRS replication). */
export function usesNames(context: RuleContext): boolean {
  return backupBuckets(context).length > 0 || replicationSettings(context).length > 0;
}

/** Whether an inbound Resolver endpoint of the audit sits in the VPC (its queries come from on-premises). */
export function hostsInboundEndpoint(context: RuleContext, vpc: string): boolean {
  return heldResolverEndpoints(context.snapshot, context.accounts).some(
    ({ item, region }) => region === context.region && item.Direction === 'INBOUND' && item.HostVPCId === vpc,
  );
}

/** The inbound endpoints (of this region) in a VPC that a forwarder targets, with the forwarders. */
export function targetedInbound(context: RuleContext, vpc: string) {
  const forwarders = context.config.dns.forwarders ?? [];
  return heldResolverEndpoints(context.snapshot, context.accounts)
    .filter(
      ({ item, region }) =>
        region === context.region && item.Direction === 'INBOUND' && item.HostVPCId === vpc,
    )
    .map(({ item }) => {
      const addresses = new Set((item.IpAddresses ?? []).flatMap((a) => (a.Ip ? [a.Ip] : [])));
      return {
        endpoint: item,
        forwarders: forwarders.filter((f) => f.targets.some((t) => addresses.has(t))),
      };
    });
}

/**
 * Whether the groups admit DNS (port 53) from each address on UDP and TCP — both, as AWS requires
 * of an inbound endpoint's groups. The protocols some address lacks, or what the snapshot lacks
 * to tell (a group or a prefix list not in it).
 */
export function dnsAdmitted(
  context: RuleContext,
  groupIds: readonly string[],
  addresses: readonly string[],
): { missing: string[] } | { unknown: string } {
  const groups = new Map((context.inventory.ec2?.SecurityGroups ?? []).map((g) => [g.GroupId, g]));
  const lists = new Map((context.inventory.ec2?.ManagedPrefixLists ?? []).map((l) => [l.PrefixListId, l]));
  const missing: string[] = [];
  for (const protocol of ['udp', 'tcp'] as const) {
    const numbers = protocol === 'udp' ? ['udp', '17'] : ['tcp', '6'];
    for (const address of addresses) {
      const host = parseCidr(`${address}/32`);
      if (!host.ok) return { unknown: `${address} is not an IPv4 address` };
      let admitted = false;
      for (const id of groupIds) {
        const group = groups.get(id);
        if (group === undefined) return { unknown: `security group ${id} is not in the snapshot` };
        for (const permission of group.IpPermissions ?? []) {
          const any = permission.IpProtocol === '-1';
          if (!any && !numbers.includes(permission.IpProtocol ?? '')) continue;
          if (!any && !((permission.FromPort ?? 0) <= 53 && 53 <= (permission.ToPort ?? -1))) continue;
          const blocks = (permission.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : []));
          for (const reference of permission.PrefixListIds ?? []) {
            const list = reference.PrefixListId === undefined ? undefined : lists.get(reference.PrefixListId);
            if (list?.Entries === undefined)
              return { unknown: `prefix list ${reference.PrefixListId} of ${id} is not in the snapshot` };
            blocks.push(...list.Entries.flatMap((e) => (e.Cidr ? [e.Cidr] : [])));
          }
          if (
            blocks.some((block) => {
              const parsed = parseCidr(block);
              return parsed.ok && contains(parsed.cidr, host.cidr);
            })
          )
            admitted = true;
        }
      }
      if (!admitted) missing.push(`${protocol.toUpperCase()} 53 from ${address}`);
    }
  }
  return { missing };
}
