/**
 * A Terraform plan laid over a snapshot (cli.md, "hna plan"): the *after* snapshot. Created
 * resources take their planned id, or `tf:<address>` when the id is known only after apply;
 * updated ones replace the item with the same id; deleted ones disappear; items without an id
 * of their own (a security group rule) are matched by content.
 *
 * Mapped so far: security groups and their rules (`aws_security_group` — inline rules replace
 * the whole set — `aws_vpc_security_group_ingress_rule`/`_egress_rule`, `aws_security_group_rule`),
 * VPC routes (`aws_route`) and transit gateway routes (`aws_ec2_transit_gateway_route`, a
 * blackhole included), each matched by its table and destination, and network ACL entries
 * (`aws_network_acl_rule`, matched by ACL, rule number and direction), VPC endpoints
 * (`aws_vpc_endpoint`: what is known only after apply — its DNS names, its interfaces — is left
 * out, so the results that read it are NOT_AVAILABLE naming `address.attribute`) and bucket
 * policies (`aws_s3_bucket_policy`: a policy unknown at plan time, as one built from an endpoint
 * created in the same plan, makes the bucket's policy unread: NOT_AVAILABLE, never FAILED).
 * A resource type the rules read that is not mapped yet, or a mapped one whose values are
 * known only after apply, makes the list it would change unavailable in the after snapshot,
 * naming the address: the rules that read it are NOT_AVAILABLE, never PASSED on a guess.
 */

import { type InventoryList, LISTS, splitList } from '../inventory/registry.js';
import type { Snapshot } from '../inventory/types.js';
import {
  endpointAssociation,
  mainRouteTableAssociationChange,
  prefixListEntryChange,
  routeTableAssociationChange,
  transitGatewayLink,
  vpnConnectionRouteChange,
  vpnGatewayRoutePropagationChange,
} from './associations.js';
import { bucketPolicyChange, endpointChange } from './endpoints.js';
import {
  datasyncAgentChange,
  drsTemplateChange,
  networkAclAssociationChange,
  networkAclChange,
  prefixListChange,
  routeTableChange,
  subnetChange,
  transitGatewayVpcAttachmentChange,
  vpcChange,
  vpnConnectionChange,
} from './items.js';
import { resolveReferences } from './references.js';
import { securityGroupChange, securityGroupRuleChange } from './security-groups.js';
import { aclChange, routeChange } from './table-entries.js';
import type { Applied, Mapping, RegionInventory, Step, Target } from './target.js';
import type { PlanChanges, ResourceChange } from './terraform-plan.js';
import { anyUnknown, record } from './values.js';

export { aclProtocol, apiProtocol, PROTOCOLS, terraformProtocol } from './protocols.js';

const onTables =
  (
    apply: (steps: Step[], inventory: RegionInventory | undefined) => string | undefined,
    key: string,
  ): Mapping =>
  (_change, steps, target) => {
    const failed = apply(steps, target.inventory());
    return failed ?? { ids: [...new Set(steps.map((step) => String(step.values[key] ?? '')))] };
  };

interface TypeMapping {
  /** The lists a change of this type alters. */
  lists: readonly InventoryList[];
  /** How it is laid over the snapshot (absent: read by the rules, not mapped yet). */
  map?: Mapping;
  /**
   * The attributes the mapping reads that must be known: unknown and set by the configuration,
   * the change is not judged (naming them); unknown and unset, AWS's default applies.
   */
  reads?: readonly string[];
  /** Attributes that, when the configuration does not set them, leave the snapshot's value as it is. */
  keptUnlessSet?: readonly string[];
}

const SG_RULE_READS = [
  'security_group_id',
  'type',
  'protocol',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'cidr_ipv4',
  'cidr_ipv6',
  'prefix_list_id',
  'source_security_group_id',
  'referenced_security_group_id',
  'self',
];

/**
 * The resource types the rules read: the lists a change of each alters, and its mapping. A type
 * absent here is one no rule reads (listed as ignored); DHCP option sets are among them today,
 * as no rule reads a VPC's DNS servers.
 */
export const TYPES: Readonly<Record<string, TypeMapping>> = {
  aws_security_group: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupChange,
    reads: ['vpc_id', 'ingress', 'egress'],
  },
  aws_vpc_security_group_ingress_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_vpc_security_group_egress_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_security_group_rule: {
    lists: ['ec2.SecurityGroups'],
    map: securityGroupRuleChange,
    reads: SG_RULE_READS,
  },
  aws_network_acl: {
    lists: ['ec2.NetworkAcls'],
    map: networkAclChange,
    reads: ['vpc_id', 'ingress', 'egress', 'subnet_ids'],
    keptUnlessSet: ['ingress', 'egress', 'subnet_ids'],
  },
  aws_network_acl_rule: {
    lists: ['ec2.NetworkAcls'],
    map: onTables(aclChange, 'network_acl_id'),
    reads: [
      'network_acl_id',
      'rule_number',
      'egress',
      'protocol',
      'rule_action',
      'cidr_block',
      'ipv6_cidr_block',
      'from_port',
      'to_port',
    ],
  },
  aws_network_acl_association: {
    lists: ['ec2.NetworkAcls'],
    map: networkAclAssociationChange,
    reads: ['subnet_id', 'network_acl_id'],
  },
  aws_route_table: {
    lists: ['ec2.RouteTables'],
    map: routeTableChange,
    reads: ['vpc_id', 'route', 'propagating_vgws'],
    keptUnlessSet: ['route', 'propagating_vgws'],
  },
  aws_route: {
    lists: ['ec2.RouteTables'],
    map: (change, steps, target) =>
      onTables((s, inventory) => routeChange(change.type, s, inventory), 'route_table_id')(
        change,
        steps,
        target,
      ),
    reads: [
      'route_table_id',
      'destination_cidr_block',
      'destination_ipv6_cidr_block',
      'destination_prefix_list_id',
      'gateway_id',
      'nat_gateway_id',
      'transit_gateway_id',
      'vpc_endpoint_id',
      'network_interface_id',
      'vpc_peering_connection_id',
    ],
  },
  aws_route_table_association: {
    lists: ['ec2.RouteTables'],
    map: routeTableAssociationChange,
    reads: ['route_table_id', 'subnet_id', 'gateway_id'],
  },
  aws_main_route_table_association: {
    lists: ['ec2.RouteTables'],
    map: mainRouteTableAssociationChange,
    reads: ['vpc_id', 'route_table_id'],
  },
  aws_vpn_gateway_route_propagation: {
    lists: ['ec2.RouteTables'],
    map: vpnGatewayRoutePropagationChange,
    reads: ['vpn_gateway_id', 'route_table_id'],
  },
  aws_vpc_endpoint: {
    lists: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
    reads: ['vpc_id', 'service_name', 'vpc_endpoint_type'],
  },
  aws_vpc_endpoint_subnet_association: {
    lists: ['ec2.VpcEndpoints'],
    map: endpointAssociation('subnet'),
    reads: ['vpc_endpoint_id', 'subnet_id'],
  },
  aws_vpc_endpoint_route_table_association: {
    lists: ['ec2.VpcEndpoints', 'ec2.RouteTables'],
    map: endpointAssociation('route_table'),
    reads: ['vpc_endpoint_id', 'route_table_id'],
  },
  aws_vpc_endpoint_security_group_association: {
    lists: ['ec2.VpcEndpoints'],
    map: endpointAssociation('security_group'),
    reads: ['vpc_endpoint_id', 'security_group_id'],
  },
  aws_s3_bucket_policy: { lists: ['s3.Buckets'], reads: ['bucket'] },
  aws_ec2_managed_prefix_list: {
    lists: ['ec2.ManagedPrefixLists'],
    map: prefixListChange,
    reads: ['name', 'entry'],
    keptUnlessSet: ['entry'],
  },
  aws_ec2_managed_prefix_list_entry: {
    lists: ['ec2.ManagedPrefixLists'],
    map: prefixListEntryChange,
    reads: ['prefix_list_id', 'cidr'],
  },
  aws_vpn_connection: {
    lists: ['ec2.VpnConnections'],
    map: vpnConnectionChange,
    reads: ['customer_gateway_id', 'vpn_gateway_id', 'transit_gateway_id', 'type', 'static_routes_only'],
  },
  aws_vpn_connection_route: {
    lists: ['ec2.VpnConnections'],
    map: vpnConnectionRouteChange,
    reads: ['vpn_connection_id', 'destination_cidr_block'],
  },
  aws_ec2_transit_gateway_route: {
    lists: ['ec2.TransitGatewayRouteTables'],
    map: (change, steps, target) =>
      onTables((s, inventory) => routeChange(change.type, s, inventory), 'transit_gateway_route_table_id')(
        change,
        steps,
        target,
      ),
    reads: [
      'transit_gateway_route_table_id',
      'destination_cidr_block',
      'transit_gateway_attachment_id',
      'blackhole',
    ],
  },
  aws_ec2_transit_gateway_route_table_association: {
    lists: ['ec2.TransitGatewayRouteTables', 'ec2.TransitGatewayAttachments'],
    map: transitGatewayLink('Associations'),
    reads: ['transit_gateway_route_table_id', 'transit_gateway_attachment_id'],
  },
  aws_ec2_transit_gateway_route_table_propagation: {
    lists: ['ec2.TransitGatewayRouteTables'],
    map: transitGatewayLink('Propagations'),
    reads: ['transit_gateway_route_table_id', 'transit_gateway_attachment_id'],
  },
  aws_ec2_transit_gateway_vpc_attachment: {
    lists: [
      'ec2.TransitGatewayVpcAttachments',
      'ec2.TransitGatewayAttachments',
      'ec2.TransitGatewayRouteTables',
    ],
    map: transitGatewayVpcAttachmentChange,
    reads: ['transit_gateway_id', 'vpc_id', 'subnet_ids'],
  },
  aws_subnet: {
    lists: ['ec2.Subnets'],
    map: subnetChange,
    reads: ['vpc_id', 'cidr_block', 'availability_zone'],
  },
  aws_vpc: { lists: ['ec2.Vpcs', 'ec2.VpcAttributes'], map: vpcChange, reads: ['cidr_block'] },
  aws_drs_replication_configuration_template: {
    lists: ['drs.ReplicationConfigurationTemplates'],
    map: drsTemplateChange,
    reads: [
      'staging_area_subnet_id',
      'replication_servers_security_groups_ids',
      'data_plane_routing',
      'create_public_ip',
    ],
  },
  aws_datasync_agent: {
    lists: ['datasync.Agents'],
    map: datasyncAgentChange,
    reads: ['vpc_endpoint_id', 'subnet_arns', 'security_group_arns', 'private_link_endpoint'],
  },
};

/** Resource types the rules read, with the lists a change of them alters. */
export const READ_BY_RULES: Readonly<Record<string, readonly InventoryList[]>> = Object.fromEntries(
  Object.entries(TYPES).map(([type, mapping]) => [type, mapping.lists]),
);

export interface Overlay {
  after: Snapshot;
  /** Addresses of the planned resources that change something the rules read, with the ids they act on. */
  planned: { address: string; ids: string[]; unknown?: string[] }[];
  /** Resource types in the plan that no rule reads. */
  ignored: string[];
  /** What could not be laid over the snapshot (not mapped yet, or known only after apply): list, address, why. */
  unjudged: { list: InventoryList; address: string; why: string }[];
  /**
   * What of the snapshot the plan changed: `region:<name>` for a region's inventory, `top:s3`
   * for the buckets, `top:errors` for the collection errors (what could not be judged).
   */
  touched: Set<string>;
}

/**
 * The resources that others refer to come first (a plan lists its changes by address, so a
 * route table would come before the VPC it is created in): the containers, then what they hold.
 */
const CONTAINERS_FIRST = [
  'aws_vpc',
  'aws_subnet',
  'aws_route_table',
  'aws_network_acl',
  'aws_security_group',
  'aws_ec2_managed_prefix_list',
  'aws_vpc_endpoint',
  'aws_vpn_connection',
  'aws_ec2_transit_gateway_vpc_attachment',
];

function inDependencyOrder(changes: readonly ResourceChange[]): ResourceChange[] {
  const rank = (type: string) => {
    const index = CONTAINERS_FIRST.indexOf(type);
    return index < 0 ? CONTAINERS_FIRST.length : index;
  };
  return [...changes].sort((a, b) => rank(a.type) - rank(b.type));
}

/** The values of a step, less what the configuration leaves to AWS or to the snapshot. */
function stepValues(
  values: unknown,
  unknown: unknown,
  change: ResourceChange,
  mapping: TypeMapping,
  configured?: ReadonlySet<string>,
): Record<string, unknown> {
  const copy = { ...record(values) };
  for (const name of Object.keys(record(unknown))) if (anyUnknown(record(unknown)[name])) delete copy[name];
  if (configured !== undefined && change.change.actions.includes('update'))
    for (const name of mapping.keptUnlessSet ?? []) if (!configured.has(name)) delete copy[name];
  return copy;
}

/**
 * `before` is the account the plan changes; `peers`, the accounts audited with it, are read
 * (never changed) where a change refers to what they hold: a spoke's VPC whose attachment the
 * network account's plan propagates.
 */
export function overlayPlan(
  before: Snapshot,
  plan: PlanChanges,
  regionOption?: string,
  peers: readonly Snapshot[] = [],
): Overlay {
  const regions = Object.keys(before.regions ?? {});
  const region = regionOption ?? plan.region ?? (regions.length === 1 ? regions[0] : undefined);
  // Copied on first use: what the plan does not touch stays the very object the before audit judged.
  const after: Snapshot = { ...before, regions: { ...before.regions } };
  const touched = new Set<string>();
  const target: Target = {
    ...(region === undefined ? {} : { region }),
    missing:
      region === undefined
        ? 'the region of the change is unknown: give --region'
        : `region ${region} is not in the snapshot`,
    peers: () => (region === undefined ? [] : peers.flatMap((peer) => peer.regions?.[region] ?? [])),
    inventory() {
      if (region === undefined || before.regions?.[region] === undefined) return undefined;
      if (!touched.has(`region:${region}`)) {
        touched.add(`region:${region}`);
        (after.regions as Record<string, RegionInventory>)[region] = structuredClone(before.regions[region]);
      }
      return after.regions?.[region];
    },
    buckets() {
      if (before.s3?.Buckets === undefined) return undefined;
      if (!touched.has('top:s3')) {
        touched.add('top:s3');
        after.s3 = structuredClone(before.s3);
      }
      return after.s3?.Buckets;
    },
  };
  const overlay: Overlay = { after, planned: [], ignored: [], unjudged: [], touched };
  const unjudged = (change: ResourceChange, why: string) => {
    for (const list of TYPES[change.type]?.lists ?? [])
      overlay.unjudged.push({ list, address: change.address, why });
  };
  for (const raw of inDependencyOrder(plan.changes)) {
    const actions = raw.change.actions;
    if (actions.every((a) => a === 'no-op' || a === 'read' || a === 'forget')) continue;
    const mapping = TYPES[raw.type];
    if (mapping === undefined) {
      if (!overlay.ignored.includes(raw.type)) overlay.ignored.push(raw.type);
      continue;
    }
    if (raw.unresolved !== undefined) {
      unjudged(raw, raw.unresolved);
      continue;
    }
    const change = resolveReferences(raw, plan);
    const configured = plan.configured.get(change.address);
    // An attribute the mapping reads, set by the configuration from something not known yet: not judged, named.
    const afterUnknown = record(change.change.after_unknown);
    const unknownRead = (mapping.reads ?? []).filter(
      (name) => anyUnknown(afterUnknown[name]) && (configured === undefined || configured.has(name)),
    );
    if (
      (actions.includes('create') || actions.includes('update')) &&
      unknownRead.length > 0 &&
      change.type !== 'aws_s3_bucket_policy'
    ) {
      unjudged(
        change,
        `${unknownRead.map((name) => change.unknownNames?.[name] ?? `${change.address}.${name}`).join(', ')}: known after apply`,
      );
      continue;
    }
    const steps: Step[] = [
      ...(actions.includes('delete') || actions.includes('update')
        ? [{ values: record(change.change.before), add: false }]
        : []),
      ...(actions.includes('create') || actions.includes('update')
        ? [
            {
              values: stepValues(
                change.change.after,
                change.change.after_unknown,
                change,
                mapping,
                configured,
              ),
              add: true,
            },
          ]
        : []),
    ];
    let applied: Applied | string;
    if (change.type === 'aws_vpc_endpoint') applied = endpointChange(change, target, configured);
    else if (change.type === 'aws_s3_bucket_policy') applied = bucketPolicyChange(change, target);
    else if (mapping.map === undefined) applied = `hna plan does not map ${change.type} yet`;
    else applied = mapping.map(change, steps, target);
    if (typeof applied === 'string') unjudged(change, applied);
    else
      overlay.planned.push({
        address: change.address,
        ids: applied.ids,
        ...(applied.unknown === undefined || applied.unknown.length === 0
          ? {}
          : { unknown: applied.unknown }),
      });
  }
  // What could not be laid over closes the lists it would change, naming the address (never a guess).
  if (overlay.unjudged.length > 0) {
    touched.add('top:errors');
    after.errors = [...(before.errors ?? [])];
  }
  for (const gap of overlay.unjudged) {
    const [service] = splitList(gap.list);
    const operation = (LISTS[gap.list].operations[0] ?? '').split(':')[1] ?? '';
    for (const name of service === 's3' ? [undefined] : region === undefined ? regions : [region])
      after.errors?.push({
        ...(name === undefined ? {} : { region: name }),
        service,
        operation,
        code: `planned change not judged: ${gap.address}: ${gap.why}`,
        message: `${gap.address}: ${gap.why}`,
      });
  }
  return overlay;
}
