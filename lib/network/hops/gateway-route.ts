/**
 * Gateway route tables (VPC User Guide, "Gateway route tables"): traffic that enters the VPC
 * by a virtual private or internet gateway meets the table associated with that gateway
 * before the subnet, and must be inspected the same way as its answers.
 */
import type { Ec2RouteTable, Ec2Subnet } from '../../inventory/types.js';
import { type AddressInterval, addressesOf, box, lineOf, subtractBox } from '../flow-set.js';
import { type Known, known, unknown } from '../known.js';
import type { NetworkIndex } from '../network-index.js';
import { parseBlock } from '../question.js';
import { type InspectionVia, symmetryBroken } from './inspection.js';
import { routeCandidates } from './route-table.js';

/**
 * A gateway route table (ingress routing): traffic entering through this gateway meets
 * the table associated with it before the subnet. Every address of the target subnet
 * must go, by longest prefix, to `local` or to an active appliance (a network interface,
 * an instance or a Gateway Load Balancer endpoint); a blackhole means the appliance is gone.
 */
export function gatewayRouting(
  table: Ec2RouteTable,
  subnet: Ec2Subnet,
  index: NetworkIndex,
  answers: { via: InspectionVia | undefined; route: string },
): Known<{ ok: true; used: string[] } | { ok: false; by: string }> {
  if (subnet.CidrBlock === undefined)
    return unknown(`the CIDR block of ${subnet.SubnetId} is not in the snapshot`);
  if (table.Routes === undefined) return unknown(`${table.RouteTableId} has no Routes in the snapshot`);
  const subnetBlock = parseBlock(subnet.CidrBlock, subnet.SubnetId);
  if (!subnetBlock.known) return subnetBlock;
  const candidates = routeCandidates(table, index);
  if (!candidates.known) return candidates;
  let remaining: AddressInterval[] = [lineOf(subnetBlock.value)];
  const used: string[] = [];
  for (const candidate of candidates.value) {
    if (remaining.length === 0) break;
    const { a1, a2 } = candidate.interval;
    if (!remaining.some((interval) => interval.a1 <= a2 && a1 <= interval.a2)) continue;
    remaining = addressesOf(
      subtractBox(
        remaining.map((interval) => box(interval, 0, 0)),
        box(candidate.interval, 0, 0),
      ),
    );
    if (candidate.ambiguous !== undefined) return unknown(candidate.ambiguous);
    if (candidate.target.unknown !== undefined) return unknown(candidate.target.unknown);
    const appliance =
      (candidate.target.kind === 'private' && !/^(vgw|tgw)-/.test(candidate.target.id)) ||
      candidate.target.kind === 'inspection';
    const by = `gateway route table ${table.RouteTableId}: route ${candidate.label}`;
    if (!candidate.active || (candidate.target.kind !== 'local' && !appliance))
      return known({ ok: false, by: `${by}${candidate.active ? '' : ' (the appliance behind it is gone)'}` });
    if (candidate.target.gone !== undefined)
      return known({ ok: false, by: `${by}: ${candidate.target.gone}, and traffic sent to it is dropped` });
    const asymmetric = symmetryBroken(candidate.target, answers.via, index);
    if (asymmetric !== undefined) return known({ ok: false, by: `${by} ${asymmetric(answers.route)}` });
    used.push(candidate.label);
  }
  if (remaining.length > 0)
    return known({
      ok: false,
      by: `no route to ${subnet.CidrBlock} in gateway route table ${table.RouteTableId}`,
    });
  return known({ ok: true, used });
}
