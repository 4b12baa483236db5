/**
 * Network ACLs of a plan laid over the snapshot: `aws_network_acl` (its inline rules, when
 * listed, are the whole set, ending with the deny-all rule every ACL has; its `subnet_ids` move
 * to it) and `aws_network_acl_association`. A subnet has exactly one ACL: one whose ACL or
 * association goes returns to its VPC's default ACL, as AWS does.
 */

import { defined, replace } from './items.js';
import { aclProtocol } from './protocols.js';
import { type Item, idOf, listOf, type Mapping, type RegionInventory, text } from './target.js';
import { type Json, record, strings } from './values.js';

/** An `ingress`/`egress` block of `aws_network_acl` as an entry. */
function aclEntry(block: Json, egress: boolean): Item | string {
  // Inline blocks take Terraform's protocol names ("tcp", "-1"); an entry holds the IANA number.
  const protocol = aclProtocol(String(block.protocol ?? ''));
  if (protocol === undefined) return `protocol "${String(block.protocol)}" is not one hna knows`;
  return defined({
    RuleNumber: Number(block.rule_no),
    Egress: egress,
    Protocol: protocol,
    RuleAction: String(block.action ?? ''),
    CidrBlock: text(block.cidr_block),
    Ipv6CidrBlock: text(block.ipv6_cidr_block),
    PortRange:
      protocol === '6' || protocol === '17'
        ? { From: Number(block.from_port), To: Number(block.to_port) }
        : undefined,
    IcmpTypeCode:
      protocol === '1' || protocol === '58'
        ? { Type: Number(block.icmp_type ?? -1), Code: Number(block.icmp_code ?? -1) }
        : undefined,
  });
}

/** The rule every network ACL ends with, in each direction. */
const DENY_ALL = [false, true].map((Egress) => ({
  RuleNumber: 32767,
  Egress,
  Protocol: '-1',
  RuleAction: 'deny',
  CidrBlock: '0.0.0.0/0',
}));

/** Moves subnets to this ACL, out of the one each was in (a subnet has exactly one). */
function associateSubnets(acls: Item[], aclId: string, subnets: string[]): void {
  for (const acl of acls)
    acl.Associations = ((acl.Associations as Item[] | undefined) ?? []).filter(
      (a) => !subnets.includes(String(a.SubnetId)),
    );
  const acl = acls.find((a) => a.NetworkAclId === aclId);
  if (acl !== undefined)
    acl.Associations = [
      ...((acl.Associations as Item[] | undefined) ?? []),
      ...subnets.map((SubnetId) => ({ NetworkAclId: aclId, SubnetId })),
    ];
}

/** Subnets whose ACL goes away return to their VPC's default ACL (what AWS does). */
function toDefaultAcl(acls: Item[], inventory: RegionInventory, subnets: string[]): string | undefined {
  for (const subnetId of subnets) {
    const vpcId = inventory.ec2?.Subnets?.find((s) => s.SubnetId === subnetId)?.VpcId;
    const fallback = acls.find((a) => a.VpcId === vpcId && a.IsDefault === true);
    if (fallback === undefined) return `the default network ACL of ${subnetId}'s VPC is not in the snapshot`;
    associateSubnets(acls, String(fallback.NetworkAclId), [subnetId]);
  }
  return undefined;
}

/** `aws_network_acl`: its inline rules (when listed) are the whole set, its `subnet_ids` move to it. */
export const networkAclChange: Mapping = (change, steps, target) => {
  const acls = listOf(target, 'NetworkAcls');
  if (typeof acls === 'string') return acls;
  const inventory = target.inventory() as RegionInventory;
  const list = acls as unknown as Item[];
  const id = idOf(change);
  const ids = replace(list, 'NetworkAclId', change, steps, (values, previous) => {
    const vpcId = text(values.vpc_id);
    if (vpcId === undefined) return 'the network ACL has no vpc_id';
    const blocks = [
      ...(Array.isArray(values.ingress) ? values.ingress.map((b) => aclEntry(record(b), false)) : []),
      ...(Array.isArray(values.egress) ? values.egress.map((b) => aclEntry(record(b), true)) : []),
    ];
    const bad = blocks.find((b): b is string => typeof b === 'string');
    if (bad !== undefined) return bad;
    const listed = Array.isArray(values.ingress) || Array.isArray(values.egress);
    return {
      ...(previous ?? { IsDefault: false, Associations: [] }),
      VpcId: vpcId,
      Entries: listed ? [...(blocks as Item[]), ...DENY_ALL] : (previous?.Entries ?? DENY_ALL),
    };
  });
  if (typeof ids === 'string') return ids;
  const [removed, added] = [steps.filter((s) => !s.add), steps.filter((s) => s.add)];
  const leaving = removed.flatMap((s) => strings(s.values.subnet_ids));
  const joining = added.flatMap((s) => strings(s.values.subnet_ids));
  const orphaned = leaving.filter((subnet) => !joining.includes(subnet));
  const back = toDefaultAcl(list, inventory, orphaned);
  if (back !== undefined) return back;
  if (joining.length > 0) associateSubnets(list, id, joining);
  return { ids };
};

/** `aws_network_acl_association`: the subnet moves to the ACL; deleted, it returns to its VPC's default. */
export const networkAclAssociationChange: Mapping = (_change, steps, target) => {
  const acls = listOf(target, 'NetworkAcls');
  if (typeof acls === 'string') return acls;
  const list = acls as unknown as Item[];
  const ids = new Set<string>();
  for (const step of steps) {
    const subnet = text(step.values.subnet_id);
    const aclId = text(step.values.network_acl_id);
    if (subnet === undefined || aclId === undefined)
      return 'the association has no subnet_id or network_acl_id';
    if (!list.some((a) => a.NetworkAclId === aclId)) return `network ACL ${aclId} is not in the snapshot`;
    ids.add(aclId);
    if (step.add) associateSubnets(list, aclId, [subnet]);
    else {
      const back = toDefaultAcl(list, target.inventory() as RegionInventory, [subnet]);
      if (back !== undefined) return back;
    }
  }
  return { ids: [...ids] };
};
