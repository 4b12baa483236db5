/** `hna reach`: one reachability question against a snapshot (docs/design/network-semantics.md). */
import { parsePortRange } from '../config/ports.js';
import { shareNetwork } from '../inventory/shared-network.js';
import type { RegionInventory } from '../inventory/types.js';
import { contains, parseCidr } from '../ip/cidr.js';
import { NetworkIndex } from '../network/network-index.js';
import { reach, reachEndpoint } from '../network/reach.js';
import { formatReachText } from '../report/reach-text.js';
import { InputError } from '../util/errors.js';
import type { CliIo } from './io.js';
import { readSnapshotFiles } from './snapshot-files.js';

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new InputError(`${flag}: required`);
  return value;
}

/** Whether a region inventory holds the subnet, endpoint, network interface, address or database asked about. */
function holdsTarget(inventory: RegionInventory, target: string): boolean {
  const ec2 = inventory.ec2;
  return (
    (ec2?.Subnets ?? []).some((s) => s.SubnetId === target) ||
    (ec2?.VpcEndpoints ?? []).some((e) => e.VpcEndpointId === target) ||
    (ec2?.NetworkInterfaces ?? []).some(
      (n) =>
        n.NetworkInterfaceId === target ||
        n.PrivateIpAddress === target ||
        (n.PrivateIpAddresses ?? []).some((a) => a.PrivateIpAddress === target),
    ) ||
    databaseOf(inventory, target) !== undefined ||
    (isAddress(target) && subnetHolding(inventory, target) !== undefined)
  );
}

function isAddress(text: string): boolean {
  return !text.includes('/') && parseCidr(`${text}/${text.includes(':') ? 128 : 32}`).ok;
}

/** `--from 10.20.5.5` is the one address, 10.20.5.5/32. */
function asBlock(text: string): string {
  return isAddress(text) ? `${text}/${text.includes(':') ? 128 : 32}` : text;
}

/** The subnet whose block holds an address. */
function subnetHolding(inventory: RegionInventory, address: string) {
  const wanted = parseCidr(asBlock(address));
  if (!wanted.ok) return undefined;
  return (inventory.ec2?.Subnets ?? []).find((subnet) => {
    const block = subnet.CidrBlock ? parseCidr(subnet.CidrBlock) : undefined;
    return block?.ok === true && contains(block.cidr, wanted.cidr);
  });
}

/** An RDS instance or cluster by its identifier: its subnets, groups and port. */
function databaseOf(inventory: RegionInventory, id: string) {
  const instance = (inventory.rds?.DBInstances ?? []).find((d) => d.DBInstanceIdentifier === id);
  if (instance !== undefined)
    return {
      subnets: (instance.DBSubnetGroup?.Subnets ?? []).flatMap((s) => s.SubnetIdentifier ?? []),
      groups: (instance.VpcSecurityGroups ?? []).flatMap((g) => g.VpcSecurityGroupId ?? []),
      port: instance.Endpoint?.Port ?? instance.DbInstancePort,
    };
  const cluster = (inventory.rds?.DBClusters ?? []).find((d) => d.DBClusterIdentifier === id);
  if (cluster === undefined) return undefined;
  const member = (cluster.DBClusterMembers ?? [])
    .map((m) =>
      (inventory.rds?.DBInstances ?? []).find((d) => d.DBInstanceIdentifier === m.DBInstanceIdentifier),
    )
    .find((d) => d?.DBSubnetGroup !== undefined);
  return {
    subnets: (member?.DBSubnetGroup?.Subnets ?? []).flatMap((s) => s.SubnetIdentifier ?? []),
    groups: (cluster.VpcSecurityGroups ?? []).flatMap((g) => g.VpcSecurityGroupId ?? []),
    port: cluster.Port,
  };
}

/** docs/design/cli.md: 0 open, 1 partial or blocked, 4 unknown. */
function exitCode(verdict: string): number {
  return verdict === 'open' ? 0 : verdict === 'unknown' ? 4 : 1;
}

export interface ReachOptions {
  snapshot?: string | string[];
  region?: string;
  from?: string;
  to?: string;
  securityGroups?: string;
  port?: string;
  protocol?: 'tcp' | 'udp' | 'icmp';
  format?: string;
}

export async function reachCommand(flags: ReachOptions, io: CliIo): Promise<number> {
  const format = flags.format === 'json' ? 'json' : 'text';
  const snapshotPaths = [flags.snapshot ?? []].flat();
  if (snapshotPaths.length === 0) throw new InputError('--snapshot: required');
  const protocol = flags.protocol ?? 'tcp';
  const sources = required('--from', flags.from)
    .split(',')
    .map((text) => asBlock(text.trim()));
  for (const source of sources) {
    const parsed = parseCidr(source);
    if (!parsed.ok) throw new InputError(`--from: ${parsed.reason}`);
  }
  const target = required('--to', flags.to);
  if (
    !/^(subnet|vpce|eni)-[0-9a-z]+$/.test(target) &&
    !isAddress(target) &&
    !/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(target)
  )
    throw new InputError(
      `--to ${target}: expected a subnet-…, vpce-… or eni-… id, an IP address, or an RDS database identifier`,
    );
  const groups =
    flags.securityGroups
      ?.split(',')
      .map((group) => group.trim())
      .filter(Boolean) ?? [];
  if ((target.startsWith('vpce-') || target.startsWith('eni-')) && groups.length > 0) {
    throw new InputError(
      `--security-groups: a ${target.startsWith('vpce-') ? 'VPC endpoint' : 'network interface'} is asked with its own groups; give groups only with --to subnet-…`,
    );
  }
  if (target.startsWith('subnet-') && groups.length === 0) {
    throw new InputError(
      `--security-groups: required with --to ${target}: a subnet has no groups of its own, so the security-group hop cannot be judged without the groups of the receiving interfaces`,
    );
  }

  // Several snapshots: the spoke's path follows the transit gateway the network account's snapshot holds.
  const snapshots = shareNetwork(await readSnapshotFiles(snapshotPaths));
  const region = flags.region ?? inferRegion(snapshots, target);
  const inRegion = snapshots.flatMap((s) => (s.regions?.[region] ? [s.regions[region]] : []));
  const inventory = inRegion.find((candidate) => holdsTarget(candidate, target)) ?? inRegion[0];
  if (inventory === undefined) {
    const known = [...new Set(snapshots.flatMap((s) => Object.keys(s.regions ?? {})))].join(', ') || 'none';
    throw new InputError(`--region ${region}: not in the snapshot (it has ${known})`);
  }
  if (
    !/^(subnet|vpce|eni)-/.test(target) &&
    !isAddress(target) &&
    databaseOf(inventory, target) === undefined
  )
    throw new InputError(
      `--to ${target}: expected a subnet-…, vpce-… or eni-… id, an IP address, or an RDS database identifier of ${region} in the snapshot`,
    );
  const index = new NetworkIndex(inventory);
  // A database gives its own subnets, groups and port; an address, the interface that holds it.
  const database = databaseOf(inventory, target);
  const portText = flags.port ?? (database?.port === undefined ? undefined : String(database.port));
  const port = parsePortRange(
    required(protocol === 'icmp' ? '--port (the ICMP type, such as 8 for echo)' : '--port', portText),
  );
  if (!port.ok) throw new InputError(`--port: ${port.reason}`);
  const question = { direction: 'inbound' as const, sources, ports: port.range, protocol };
  const heading = `${sources.join(', ')} -> ${target} ${protocol === 'icmp' ? 'icmp type' : protocol} ${portText}`;

  if (database !== undefined) {
    if (database.subnets.length === 0)
      throw new InputError(`--to ${target}: the snapshot holds no subnets for this database`);
    const answers = database.subnets.map((subnetId) =>
      reach({ ...question, subnetId, securityGroupIds: database.groups }, index),
    );
    const verdicts = new Set(answers.map((a) => a.verdict));
    const verdict = verdicts.has('unknown')
      ? 'unknown'
      : verdicts.size === 1
        ? (answers[0]?.verdict ?? 'unknown')
        : 'partial';
    io.stdout(
      format === 'json'
        ? `${JSON.stringify({ verdict, target, subnets: answers }, null, 2)}\n`
        : formatReachText(heading, verdict, answers, 'from', [], protocol),
    );
    return exitCode(verdict);
  }

  if (target.startsWith('vpce-')) {
    if (index.collected.endpoints && !index.endpoints.has(target)) {
      throw new InputError(`--to ${target}: no such VPC endpoint in ${region} of the snapshot`);
    }
    const answer = reachEndpoint(question, target, index);
    const hops = answer.subnets.flatMap((subnet) =>
      subnet.hops.map((hop) => ({ subnet: subnet.subnet, ...hop })),
    );
    io.stdout(
      format === 'json'
        ? `${JSON.stringify({ verdict: answer.verdict, target, hops, subnets: answer.subnets, ...(answer.unknown ? { unknown: answer.unknown } : {}) }, null, 2)}\n`
        : formatReachText(
            heading,
            answer.verdict,
            answer.subnets,
            'from',
            answer.subnets.length === 0 ? (answer.unknown ?? []) : [],
            protocol,
          ),
    );
    return exitCode(answer.verdict);
  }
  const byAddress = isAddress(target)
    ? (inventory.ec2?.NetworkInterfaces ?? []).find(
        (n) =>
          n.PrivateIpAddress === target ||
          (n.PrivateIpAddresses ?? []).some((a) => a.PrivateIpAddress === target),
      )
    : undefined;
  // An address of a Route 53 Resolver endpoint: its subnet with the endpoint's groups (the resolver
  // path, asked with --protocol udp --port 53 and again with tcp).
  const resolverAddress = isAddress(target)
    ? (inventory.route53resolver?.ResolverEndpoints ?? []).flatMap((endpoint) =>
        (endpoint.IpAddresses ?? [])
          .filter((address) => address.Ip === target && address.SubnetId !== undefined)
          .map((address) => ({
            subnetId: address.SubnetId as string,
            groups: endpoint.SecurityGroupIds ?? [],
          })),
      )[0]
    : undefined;
  if (byAddress === undefined && resolverAddress !== undefined && groups.length === 0)
    return subnetAnswer(
      reach(
        { ...question, subnetId: resolverAddress.subnetId, securityGroupIds: resolverAddress.groups },
        index,
      ),
    );
  if (isAddress(target) && byAddress === undefined) {
    // An address of no interface the snapshot holds: its subnet, with the groups given.
    const subnet = subnetHolding(inventory, target);
    if (subnet === undefined)
      throw new InputError(`--to ${target}: no subnet of ${region} in the snapshot holds it`);
    if (groups.length === 0)
      throw new InputError(
        `--security-groups: required with --to ${target}: no interface of the snapshot has that address, so the groups of the receiving interface are unknown (its subnet is ${subnet.SubnetId})`,
      );
    return subnetAnswer(reach({ ...question, subnetId: subnet.SubnetId, securityGroupIds: groups }, index));
  }
  if (target.startsWith('eni-') || byAddress !== undefined) {
    // A network interface is its subnet with its own groups.
    const eni =
      byAddress ?? (inventory.ec2?.NetworkInterfaces ?? []).find((n) => n.NetworkInterfaceId === target);
    if (eni === undefined)
      throw new InputError(`--to ${target}: no such network interface in ${region} of the snapshot`);
    if (eni.SubnetId === undefined) throw new InputError(`--to ${target}: the snapshot has no subnet for it`);
    const own = (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));
    const answer = reach({ ...question, subnetId: eni.SubnetId, securityGroupIds: own }, index);
    return subnetAnswer(answer);
  }
  if (index.collected.subnets && !index.subnets.has(target)) {
    throw new InputError(`--to ${target}: no such subnet in ${region} of the snapshot`);
  }
  const missingGroup = groups.find((group) => !index.groups.has(group));
  if (missingGroup !== undefined && (inventory.ec2?.SecurityGroups ?? undefined) !== undefined) {
    throw new InputError(
      `--security-groups ${missingGroup}: no such security group in ${region} of the snapshot`,
    );
  }
  const answer = reach({ ...question, subnetId: target, securityGroupIds: groups }, index);
  return subnetAnswer(answer);

  /** One subnet's answer, as JSON or text; the exit code says the verdict. */
  function subnetAnswer(answer: ReturnType<typeof reach>): number {
    io.stdout(
      format === 'json'
        ? `${JSON.stringify({ target, ...answer }, null, 2)}\n`
        : formatReachText(heading, answer.verdict, [answer], 'from', answer.unknown ?? [], protocol),
    );
    return exitCode(answer.verdict);
  }
}

/** The one region whose inventory holds the target, when --region is not given. */
function inferRegion(
  snapshots: readonly { regions?: Record<string, RegionInventory> }[],
  target: string,
): string {
  const regions = [
    ...new Set(
      snapshots.flatMap((s) =>
        Object.entries(s.regions ?? {}).flatMap(([name, inventory]) =>
          holdsTarget(inventory, target) ? [name] : [],
        ),
      ),
    ),
  ];
  if (regions.length === 1) return regions[0] as string;
  throw new InputError(
    regions.length === 0
      ? `--to ${target}: no region of the snapshot holds it (give --region to ask anyway)`
      : `--region: required, ${target} is in several regions of the snapshot (${regions.join(', ')})`,
  );
}
