/**
 * Route and network ACL entries of a Terraform plan laid over the snapshot's tables: an
 * `aws_route` by its table and destination, an `aws_ec2_transit_gateway_route` (a blackhole
 * included) by its table and destination, an `aws_network_acl_rule` by its ACL, rule number
 * and direction. The before item leaves, the after item joins; each returns why it could not
 * be laid over (the caller then leaves the list NOT_AVAILABLE, naming the address).
 */
import type { Snapshot } from '../inventory/types.js';
import { aclProtocol } from './protocols.js';

import { text } from './target.js';
import type { Json } from './values.js';

export type { Json };
export type Step = { values: Json; add: boolean };

type RegionInventory = NonNullable<Snapshot['regions']>[string];
type VpcRoute = NonNullable<
  NonNullable<NonNullable<RegionInventory['ec2']>['RouteTables']>[number]['Routes']
>[number];
type TgwRoute = NonNullable<
  NonNullable<NonNullable<RegionInventory['ec2']>['TransitGatewayRouteTables']>[number]['Routes']
>[number];

const ROUTE_TARGETS: readonly [terraform: string, api: string][] = [
  ['gateway_id', 'GatewayId'],
  ['nat_gateway_id', 'NatGatewayId'],
  ['transit_gateway_id', 'TransitGatewayId'],
  ['vpc_endpoint_id', 'GatewayId'],
  ['network_interface_id', 'NetworkInterfaceId'],
  ['vpc_peering_connection_id', 'VpcPeeringConnectionId'],
  ['egress_only_gateway_id', 'EgressOnlyInternetGatewayId'],
  ['local_gateway_id', 'LocalGatewayId'],
  ['carrier_gateway_id', 'CarrierGatewayId'],
];

/** An `aws_route` as the route table lists it. */
function vpcRoute(values: Json): VpcRoute {
  const route: Record<string, unknown> = { Origin: 'CreateRoute', State: 'active' };
  const destinations: [string, string][] = [
    ['destination_cidr_block', 'DestinationCidrBlock'],
    ['destination_ipv6_cidr_block', 'DestinationIpv6CidrBlock'],
    ['destination_prefix_list_id', 'DestinationPrefixListId'],
  ];
  for (const [terraform, api] of [...destinations, ...ROUTE_TARGETS]) {
    const value = text(values[terraform]);
    if (value !== undefined) route[api] = value;
  }
  return route as VpcRoute;
}

const sameDestination = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  a.DestinationCidrBlock === b.DestinationCidrBlock &&
  a.DestinationIpv6CidrBlock === b.DestinationIpv6CidrBlock &&
  a.DestinationPrefixListId === b.DestinationPrefixListId;

/**
 * A route's change in its table: the before route leaves (matched by destination), the after
 * route joins, replacing one of the same destination. Returns why it could not be laid over.
 */
export function routeChange(
  type: string,
  steps: Step[],
  inventory: RegionInventory | undefined,
): string | undefined {
  if (inventory === undefined) return 'the region of the change is unknown: give --region';
  for (const step of steps) {
    if (type === 'aws_route') {
      const table = inventory.ec2?.RouteTables?.find((t) => t.RouteTableId === step.values.route_table_id);
      if (table === undefined)
        return `route table ${String(step.values.route_table_id ?? '(unknown)')} is not in the snapshot`;
      const route = vpcRoute(step.values);
      const others = (table.Routes ?? []).filter((r) => !sameDestination(r as Json, route as Json));
      table.Routes = step.add ? [...others, route] : others;
      continue;
    }
    const table = inventory.ec2?.TransitGatewayRouteTables?.find(
      (t) => t.TransitGatewayRouteTableId === step.values.transit_gateway_route_table_id,
    );
    if (table === undefined)
      return `transit gateway route table ${String(step.values.transit_gateway_route_table_id ?? '(unknown)')} is not in the snapshot (give the network account's snapshot first)`;
    if (table.Routes === undefined)
      return `the routes of ${table.TransitGatewayRouteTableId} are not in the snapshot`;
    const destination = String(step.values.destination_cidr_block ?? '');
    const blackhole = step.values.blackhole === true;
    const attachmentId = String(step.values.transit_gateway_attachment_id ?? '');
    const attachment = inventory.ec2?.TransitGatewayAttachments?.find(
      (a) => a.TransitGatewayAttachmentId === attachmentId,
    );
    if (step.add && !blackhole && attachment === undefined)
      return `transit gateway attachment ${attachmentId || '(unknown)'} is not in the snapshot`;
    const route: TgwRoute = {
      DestinationCidrBlock: destination,
      Type: 'static',
      State: blackhole ? 'blackhole' : 'active',
      TransitGatewayAttachments:
        blackhole || attachment === undefined
          ? []
          : [
              {
                TransitGatewayAttachmentId: attachmentId,
                ...(attachment.ResourceId ? { ResourceId: attachment.ResourceId } : {}),
                ...(attachment.ResourceType ? { ResourceType: attachment.ResourceType } : {}),
              },
            ],
    };
    // A static route replaces one of the same destination (a propagated route stays behind it).
    const others = table.Routes.filter(
      (r) => !(r.DestinationCidrBlock === destination && r.Type === 'static'),
    );
    table.Routes = step.add ? [...others, route] : others;
  }
  return undefined;
}

/** An `aws_network_acl_rule`'s change: the before entry leaves, the after entry takes its number and direction. */
export function aclChange(steps: Step[], inventory: RegionInventory | undefined): string | undefined {
  if (inventory === undefined) return 'the region of the change is unknown: give --region';
  for (const step of steps) {
    const values = step.values;
    const acl = inventory.ec2?.NetworkAcls?.find((a) => a.NetworkAclId === values.network_acl_id);
    if (acl === undefined)
      return `network ACL ${String(values.network_acl_id ?? '(unknown)')} is not in the snapshot`;
    if (acl.Entries === undefined) return `the entries of ${acl.NetworkAclId} are not in the snapshot`;
    const egress = values.egress === true;
    const number = Number(values.rule_number);
    const others = acl.Entries.filter((e) => !(e.RuleNumber === number && e.Egress === egress));
    if (!step.add) {
      acl.Entries = others;
      continue;
    }
    const protocol = aclProtocol(String(values.protocol ?? ''));
    if (protocol === undefined) return `protocol "${String(values.protocol)}" is not one hna knows`;
    const cidr = text(values.cidr_block);
    const ipv6 = text(values.ipv6_cidr_block);
    const entry = {
      RuleNumber: number,
      Egress: egress,
      Protocol: protocol,
      RuleAction: String(values.rule_action ?? ''),
      ...(cidr ? { CidrBlock: cidr } : {}),
      ...(ipv6 ? { Ipv6CidrBlock: ipv6 } : {}),
      ...(protocol === '6' || protocol === '17'
        ? { PortRange: { From: Number(values.from_port), To: Number(values.to_port) } }
        : {}),
      ...(protocol === '1' || protocol === '58'
        ? { IcmpTypeCode: { Type: Number(values.icmp_type ?? -1), Code: Number(values.icmp_code ?? -1) } }
        : {}),
    };
    acl.Entries = [...others, entry];
  }
  return undefined;
}
