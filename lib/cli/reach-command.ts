/** `hna reach`: one reachability question against a snapshot (network-semantics.md). */
import { parsePortRange } from '../config/ports.js';
import { shareNetwork } from '../inventory/shared-network.js';
import type { RegionInventory } from '../inventory/types.js';
import { parseCidr } from '../network/cidr.js';
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

/** Whether a region inventory holds the subnet, endpoint or network interface asked about. */
function holdsTarget(inventory: RegionInventory, target: string): boolean {
  const ec2 = inventory.ec2;
  return (
    (ec2?.Subnets ?? []).some((s) => s.SubnetId === target) ||
    (ec2?.VpcEndpoints ?? []).some((e) => e.VpcEndpointId === target) ||
    (ec2?.NetworkInterfaces ?? []).some((n) => n.NetworkInterfaceId === target)
  );
}

/** cli.md: 0 open, 1 partial or blocked, 4 unknown. */
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
  format?: string;
}

export async function reachCommand(flags: ReachOptions, io: CliIo): Promise<number> {
  const format = flags.format === 'json' ? 'json' : 'text';
  const snapshotPaths = [flags.snapshot ?? []].flat();
  if (snapshotPaths.length === 0) throw new InputError('--snapshot: required');
  const region = required('--region', flags.region);
  const sources = required('--from', flags.from)
    .split(',')
    .map((text) => text.trim());
  for (const source of sources) {
    const parsed = parseCidr(source);
    if (!parsed.ok) throw new InputError(`--from: ${parsed.reason}`);
  }
  const target = required('--to', flags.to);
  if (!/^(subnet|vpce|eni)-[0-9a-z]+$/.test(target))
    throw new InputError(`--to ${target}: expected a subnet-…, vpce-… or eni-… id`);
  const port = parsePortRange(required('--port', flags.port));
  if (!port.ok) throw new InputError(`--port: ${port.reason}`);
  const groups =
    flags.securityGroups
      ?.split(',')
      .map((group) => group.trim())
      .filter(Boolean) ?? [];
  if (!target.startsWith('subnet-') && groups.length > 0) {
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
  const inRegion = snapshots.flatMap((s) => (s.regions?.[region] ? [s.regions[region]] : []));
  const inventory = inRegion.find((candidate) => holdsTarget(candidate, target)) ?? inRegion[0];
  if (inventory === undefined) {
    const known = [...new Set(snapshots.flatMap((s) => Object.keys(s.regions ?? {})))].join(', ') || 'none';
    throw new InputError(`--region ${region}: not in the snapshot (it has ${known})`);
  }
  const index = new NetworkIndex(inventory);
  const question = { direction: 'inbound' as const, sources, ports: port.range };
  const heading = `${sources.join(', ')} -> ${target} tcp ${flags.port}`;

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
          ),
    );
    return exitCode(answer.verdict);
  }
  if (target.startsWith('eni-')) {
    // A network interface is its subnet with its own groups.
    const eni = (inventory.ec2?.NetworkInterfaces ?? []).find((n) => n.NetworkInterfaceId === target);
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
        : formatReachText(heading, answer.verdict, [answer], 'from', answer.unknown ?? []),
    );
    return exitCode(answer.verdict);
  }
}
