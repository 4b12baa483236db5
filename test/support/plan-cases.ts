/**
 * One planned resource per Terraform type hna plan maps, over the bundled example (the spoke
 * account, or the network account for its transit gateway route tables): a resource the
 * snapshot holds as Terraform's state describes it (`before`), the values a change plans for it
 * (`after`), and `holds`: whether a snapshot holds the resource as given values describe it.
 * test/plan/types.test.ts runs each created, updated, deleted and replaced;
 * test/plan/incremental.test.ts judges each with the incremental and the full audit.
 */
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../lib/inventory/types.js';
import { aclProtocol, apiProtocol } from '../../lib/plan/protocols.js';

type Json = Record<string, unknown>;
type Item = Record<string, unknown>;

export const SPOKE = JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8')) as Snapshot;
export const NETWORK = JSON.parse(readFileSync('examples/network-account.json', 'utf8')) as Snapshot;
export const REGION = 'eu-west-1';

export interface TypeCase {
  type: string;
  /** The account whose plan it is (the other is audited with it). */
  on: 'spoke' | 'network';
  before: Json;
  after: Json;
  /** What a created one knows only after apply, besides its id. */
  computed?: Json;
  /** The attribute that is its id (`id` unless said). */
  idAttribute?: string;
  holds(snapshot: Snapshot, values: Json, id: string): boolean;
  /** Deleted, AWS keeps what the rules read (a database subnet group in use cannot be deleted). */
  keptWhenDeleted?: true;
  /** Adds what the example lacks for this type (a customer-managed prefix list, a custom ACL). */
  prepare?(snapshot: Snapshot): void;
}

const ec2 = (s: Snapshot) => s.regions?.[REGION]?.ec2 ?? {};
const list = (s: Snapshot, key: string): Item[] => ((ec2(s) as Record<string, unknown>)[key] as Item[]) ?? [];
const byId = (s: Snapshot, key: string, idKey: string, id: unknown) =>
  list(s, key).find((i) => i[idKey] === id);
const items = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);
const same = (a: unknown[], b: unknown[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

const VPC1 = 'vpc-0a1b2c3d4e5f60001';
const VPC2 = 'vpc-0a1b2c3d4e5f60002';
const VGW = 'vgw-0c1d2e3f4a5b60001';
const TGW = 'tgw-0f1a2b3c4d5e60001';
const REPLICATION_GROUP = 'sg-0d1e2f3a4b5c60001';
const DATASYNC_ENDPOINT = 'vpce-0a1b2c3d4e5f60105';
const S3_GATEWAY = 'vpce-0a1b2c3d4e5f60103';
const CUSTOM_ACL = 'acl-0b1c2d3e4f5a60009';
const CUSTOMER_LIST = 'pl-0c1d2e3f4a5b60009';
const subnet = (n: number) => `subnet-0e5f6a7b8c9d0000${n}`;
const table = (n: number) => `rtb-0a9b8c7d6e5f4000${n}`;
const attachment = (n: number) => `tgw-attach-0a1b2c3d4e5f6000${n}`;
const tgwTable = (n: number) => `tgw-rtb-0b1c2d3e4f5a6000${n}`;
const AGENT = 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0001';

/** A non-default ACL on subnet 5 (a default ACL is never deleted: Terraform adopts it instead). */
function withCustomAcl(s: Snapshot): void {
  const acls = list(s, 'NetworkAcls');
  for (const acl of acls) acl.Associations = items(acl.Associations).filter((a) => a.SubnetId !== subnet(5));
  const allowAll = [false, true].flatMap((Egress) => [
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress, CidrBlock: '0.0.0.0/0' },
  ]);
  acls.push({
    NetworkAclId: CUSTOM_ACL,
    VpcId: VPC1,
    IsDefault: false,
    Associations: [{ NetworkAclId: CUSTOM_ACL, SubnetId: subnet(5) }],
    Entries: allowAll,
  });
}

function withCustomerPrefixList(s: Snapshot): void {
  list(s, 'ManagedPrefixLists').push({
    PrefixListId: CUSTOMER_LIST,
    PrefixListName: 'on-premises',
    AddressFamily: 'IPv4',
    MaxEntries: 5,
    State: 'create-complete',
    Entries: [{ Cidr: '10.20.0.0/16' }],
  });
}

const ingressHolds = (key: 'IpPermissions' | 'IpPermissionsEgress') => (s: Snapshot, v: Json) => {
  const group = byId(s, 'SecurityGroups', 'GroupId', v.security_group_id);
  const protocol = apiProtocol(String(v.ip_protocol ?? v.protocol));
  const cidrs = (v.cidr_blocks as string[] | undefined) ?? [v.cidr_ipv4];
  return items(group?.[key]).some(
    (p) =>
      p.IpProtocol === protocol &&
      (protocol === '-1' || p.FromPort === v.from_port) &&
      cidrs.every((cidr) => items(p.IpRanges).some((r) => r.CidrIp === cidr)),
  );
};

const endpoint = (s: Snapshot, id: unknown) => byId(s, 'VpcEndpoints', 'VpcEndpointId', id);
const region = (s: Snapshot) => s.regions?.[REGION] as Record<string, Record<string, Item[]>>;
const archivePolicy = SPOKE.s3?.Buckets?.find((b) => b.Name === 'acme-archive-backups')?.Policy;
const vpc2Attributes = ec2(SPOKE).VpcAttributes?.[VPC2];

export const TYPE_CASES: TypeCase[] = [
  {
    type: 'aws_security_group',
    on: 'spoke',
    before: {
      id: REPLICATION_GROUP,
      name: 'drs-replication-servers',
      vpc_id: VPC1,
      ingress: [
        { protocol: 'tcp', from_port: 1500, to_port: 1500, cidr_blocks: ['10.20.0.0/17'], self: false },
      ],
      egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], self: false }],
    },
    after: {
      name: 'drs-replication-servers',
      vpc_id: VPC1,
      ingress: [
        { protocol: 'tcp', from_port: 8443, to_port: 8443, cidr_blocks: ['10.99.0.0/16'], self: false },
      ],
      egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], self: false }],
    },
    holds: (s, v, id) => {
      const group = byId(s, 'SecurityGroups', 'GroupId', id);
      const planned = items(v.ingress).map((b) => [b.from_port, b.cidr_blocks]);
      const held = items(group?.IpPermissions).map((p) => [
        p.FromPort,
        items(p.IpRanges).map((r) => r.CidrIp),
      ]);
      return group !== undefined && JSON.stringify(planned) === JSON.stringify(held);
    },
  },
  {
    type: 'aws_vpc_security_group_ingress_rule',
    on: 'spoke',
    before: {
      id: 'sgr-0a1b2c3d4e5f60001',
      security_group_id: REPLICATION_GROUP,
      ip_protocol: 'tcp',
      from_port: 1500,
      to_port: 1500,
      cidr_ipv4: '10.20.0.0/17',
    },
    after: {
      security_group_id: REPLICATION_GROUP,
      ip_protocol: 'tcp',
      from_port: 8443,
      to_port: 8443,
      cidr_ipv4: '10.99.0.0/16',
    },
    computed: { security_group_rule_id: true, arn: true },
    holds: ingressHolds('IpPermissions'),
  },
  {
    type: 'aws_vpc_security_group_egress_rule',
    on: 'spoke',
    before: {
      id: 'sgr-0a1b2c3d4e5f60002',
      security_group_id: REPLICATION_GROUP,
      ip_protocol: '-1',
      cidr_ipv4: '0.0.0.0/0',
    },
    after: {
      security_group_id: REPLICATION_GROUP,
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.50.0.0/16',
    },
    computed: { security_group_rule_id: true, arn: true },
    holds: ingressHolds('IpPermissionsEgress'),
  },
  {
    type: 'aws_security_group_rule',
    on: 'spoke',
    before: {
      id: 'sgrule-1',
      type: 'ingress',
      security_group_id: REPLICATION_GROUP,
      protocol: 'tcp',
      from_port: 1500,
      to_port: 1500,
      cidr_blocks: ['10.20.0.0/17'],
    },
    after: {
      type: 'ingress',
      security_group_id: REPLICATION_GROUP,
      protocol: 'tcp',
      from_port: 8443,
      to_port: 8443,
      cidr_blocks: ['10.99.0.0/16'],
    },
    holds: ingressHolds('IpPermissions'),
  },
  {
    type: 'aws_network_acl_rule',
    on: 'spoke',
    before: {
      id: 'nacl-entry-1',
      network_acl_id: 'acl-0b1c2d3e4f5a60001',
      rule_number: 100,
      egress: false,
      protocol: '-1',
      rule_action: 'allow',
      cidr_block: '0.0.0.0/0',
    },
    after: {
      network_acl_id: 'acl-0b1c2d3e4f5a60001',
      rule_number: 100,
      egress: false,
      protocol: 'tcp',
      rule_action: 'allow',
      cidr_block: '10.20.0.0/16',
      from_port: 1500,
      to_port: 1500,
    },
    holds: (s, v) =>
      items(byId(s, 'NetworkAcls', 'NetworkAclId', v.network_acl_id)?.Entries).some(
        (e) =>
          e.RuleNumber === v.rule_number &&
          e.Egress === v.egress &&
          e.CidrBlock === v.cidr_block &&
          e.Protocol === aclProtocol(String(v.protocol)),
      ),
  },
  {
    type: 'aws_network_acl',
    on: 'spoke',
    prepare: withCustomAcl,
    before: {
      id: CUSTOM_ACL,
      vpc_id: VPC1,
      subnet_ids: [subnet(5)],
      ingress: [
        { protocol: '-1', rule_no: 100, action: 'allow', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 },
      ],
      egress: [
        { protocol: '-1', rule_no: 100, action: 'allow', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 },
      ],
    },
    after: {
      vpc_id: VPC1,
      subnet_ids: [subnet(6)],
      ingress: [
        {
          protocol: 'tcp',
          rule_no: 100,
          action: 'allow',
          cidr_block: '10.20.0.0/16',
          from_port: 1500,
          to_port: 1500,
        },
      ],
      egress: [
        { protocol: '-1', rule_no: 100, action: 'allow', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 },
      ],
    },
    holds: (s, v, id) => {
      const acl = byId(s, 'NetworkAcls', 'NetworkAclId', id);
      const first = items(v.ingress)[0] ?? {};
      return (
        acl !== undefined &&
        items(acl.Entries).some(
          (e) => e.RuleNumber === 100 && e.Egress === false && e.CidrBlock === first.cidr_block,
        ) &&
        same(
          items(acl.Associations).map((a) => a.SubnetId),
          v.subnet_ids as string[],
        )
      );
    },
  },
  {
    type: 'aws_network_acl_association',
    on: 'spoke',
    prepare: withCustomAcl,
    before: { id: 'aclassoc-9', subnet_id: subnet(5), network_acl_id: CUSTOM_ACL },
    after: { subnet_id: subnet(6), network_acl_id: CUSTOM_ACL },
    holds: (s, v) =>
      items(byId(s, 'NetworkAcls', 'NetworkAclId', v.network_acl_id)?.Associations).some(
        (a) => a.SubnetId === v.subnet_id,
      ),
  },
  {
    type: 'aws_route_table',
    on: 'spoke',
    before: {
      id: table(3),
      vpc_id: VPC1,
      route: [
        { cidr_block: '10.20.0.0/16', gateway_id: VGW },
        { cidr_block: '172.16.0.0/16', gateway_id: VGW },
      ],
      propagating_vgws: [],
    },
    after: {
      vpc_id: VPC1,
      route: [{ cidr_block: '10.20.0.0/16', transit_gateway_id: TGW }],
      propagating_vgws: [],
    },
    holds: (s, v, id) => {
      const routes = items(byId(s, 'RouteTables', 'RouteTableId', id)?.Routes);
      const planned = items(v.route);
      return (
        routes.some((r) => r.GatewayId === 'local' && r.DestinationCidrBlock === '10.50.0.0/16') &&
        routes.filter((r) => r.GatewayId !== 'local').length === planned.length &&
        planned.every((p) =>
          routes.some(
            (r) =>
              r.DestinationCidrBlock === p.cidr_block &&
              (p.gateway_id === undefined || r.GatewayId === p.gateway_id) &&
              (p.transit_gateway_id === undefined || r.TransitGatewayId === p.transit_gateway_id),
          ),
        )
      );
    },
  },
  {
    type: 'aws_route',
    on: 'spoke',
    before: { id: 'r-1', route_table_id: table(3), destination_cidr_block: '172.16.0.0/16', gateway_id: VGW },
    after: { route_table_id: table(3), destination_cidr_block: '172.16.0.0/16', transit_gateway_id: TGW },
    holds: (s, v) =>
      items(byId(s, 'RouteTables', 'RouteTableId', v.route_table_id)?.Routes).some(
        (r) =>
          r.DestinationCidrBlock === v.destination_cidr_block &&
          (v.gateway_id === undefined
            ? r.TransitGatewayId === v.transit_gateway_id
            : r.GatewayId === v.gateway_id),
      ),
  },
  {
    type: 'aws_route_table_association',
    on: 'spoke',
    before: { id: 'rtbassoc-1', subnet_id: subnet(1), route_table_id: table(2) },
    after: { subnet_id: subnet(1), route_table_id: table(3) },
    holds: (s, v) =>
      items(byId(s, 'RouteTables', 'RouteTableId', v.route_table_id)?.Associations).some(
        (a) => a.SubnetId === v.subnet_id,
      ),
  },
  {
    type: 'aws_main_route_table_association',
    on: 'spoke',
    before: {
      id: 'rtbassoc-f40001m',
      vpc_id: VPC1,
      route_table_id: table(1),
      original_route_table_id: table(3),
    },
    after: { vpc_id: VPC1, route_table_id: table(2), original_route_table_id: table(3) },
    holds: (s, v) =>
      items(byId(s, 'RouteTables', 'RouteTableId', v.route_table_id)?.Associations).some(
        (a) => a.Main === true,
      ),
  },
  {
    type: 'aws_vpn_gateway_route_propagation',
    on: 'spoke',
    before: { id: 'prop-1', vpn_gateway_id: VGW, route_table_id: table(1) },
    after: { vpn_gateway_id: VGW, route_table_id: table(3) },
    holds: (s, v) =>
      items(byId(s, 'RouteTables', 'RouteTableId', v.route_table_id)?.PropagatingVgws).some(
        (p) => p.GatewayId === v.vpn_gateway_id,
      ),
  },
  {
    type: 'aws_vpc_endpoint',
    on: 'spoke',
    before: {
      id: DATASYNC_ENDPOINT,
      vpc_id: VPC1,
      service_name: 'com.amazonaws.eu-west-1.datasync',
      vpc_endpoint_type: 'Interface',
      subnet_ids: [subnet(2)],
      security_group_ids: ['sg-0d1e2f3a4b5c60003'],
      route_table_ids: [],
      private_dns_enabled: false,
    },
    after: {
      vpc_id: VPC1,
      service_name: 'com.amazonaws.eu-west-1.datasync',
      vpc_endpoint_type: 'Interface',
      subnet_ids: [subnet(3)],
      security_group_ids: ['sg-0d1e2f3a4b5c60003'],
      route_table_ids: [],
      private_dns_enabled: false,
    },
    computed: { dns_entry: true, network_interface_ids: true, policy: true, state: true },
    holds: (s, v, id) => {
      const found = endpoint(s, id);
      return found !== undefined && same(found.SubnetIds as string[], v.subnet_ids as string[]);
    },
  },
  {
    type: 'aws_vpc_endpoint_subnet_association',
    on: 'spoke',
    before: { id: 'a-1', vpc_endpoint_id: DATASYNC_ENDPOINT, subnet_id: subnet(2) },
    after: { vpc_endpoint_id: DATASYNC_ENDPOINT, subnet_id: subnet(3) },
    holds: (s, v) =>
      ((endpoint(s, v.vpc_endpoint_id)?.SubnetIds as string[]) ?? []).includes(String(v.subnet_id)),
  },
  {
    type: 'aws_vpc_endpoint_route_table_association',
    on: 'spoke',
    before: { id: 'a-2', vpc_endpoint_id: S3_GATEWAY, route_table_id: table(1) },
    after: { vpc_endpoint_id: S3_GATEWAY, route_table_id: table(3) },
    holds: (s, v) =>
      ((endpoint(s, v.vpc_endpoint_id)?.RouteTableIds as string[]) ?? []).includes(
        String(v.route_table_id),
      ) &&
      items(byId(s, 'RouteTables', 'RouteTableId', v.route_table_id)?.Routes).some(
        (r) => r.GatewayId === v.vpc_endpoint_id && r.DestinationPrefixListId === 'pl-6da54004',
      ),
  },
  {
    type: 'aws_vpc_endpoint_security_group_association',
    on: 'spoke',
    before: { id: 'a-3', vpc_endpoint_id: DATASYNC_ENDPOINT, security_group_id: 'sg-0d1e2f3a4b5c60003' },
    after: { vpc_endpoint_id: DATASYNC_ENDPOINT, security_group_id: 'sg-0d1e2f3a4b5c60004' },
    holds: (s, v) =>
      items(endpoint(s, v.vpc_endpoint_id)?.Groups).some((g) => g.GroupId === v.security_group_id),
  },
  {
    type: 'aws_s3_bucket_policy',
    on: 'spoke',
    before: { id: 'acme-archive-backups', bucket: 'acme-archive-backups', policy: archivePolicy },
    after: {
      bucket: 'acme-archive-backups',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::acme-archive-backups/*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
    holds: (s, v) => s.s3?.Buckets?.find((b) => b.Name === v.bucket)?.Policy === v.policy,
  },
  {
    type: 'aws_ec2_managed_prefix_list',
    on: 'spoke',
    prepare: withCustomerPrefixList,
    before: {
      id: CUSTOMER_LIST,
      name: 'on-premises',
      address_family: 'IPv4',
      max_entries: 5,
      entry: [{ cidr: '10.20.0.0/16', description: '' }],
    },
    after: {
      name: 'on-premises',
      address_family: 'IPv4',
      max_entries: 5,
      entry: [{ cidr: '10.30.0.0/16', description: '' }],
    },
    holds: (s, v, id) => {
      const found = byId(s, 'ManagedPrefixLists', 'PrefixListId', id);
      return (
        found !== undefined &&
        same(
          items(found.Entries).map((e) => e.Cidr),
          items(v.entry).map((e) => e.cidr),
        )
      );
    },
  },
  {
    type: 'aws_ec2_managed_prefix_list_entry',
    on: 'spoke',
    prepare: withCustomerPrefixList,
    before: { id: `${CUSTOMER_LIST},10.20.0.0/16`, prefix_list_id: CUSTOMER_LIST, cidr: '10.20.0.0/16' },
    after: { prefix_list_id: CUSTOMER_LIST, cidr: '10.30.0.0/16' },
    holds: (s, v) =>
      items(byId(s, 'ManagedPrefixLists', 'PrefixListId', v.prefix_list_id)?.Entries).some(
        (e) => e.Cidr === v.cidr,
      ),
  },
  {
    type: 'aws_vpn_connection',
    on: 'spoke',
    before: {
      id: 'vpn-0b1c2d3e4f5a60002',
      customer_gateway_id: 'cgw-0e1f2a3b4c5d60002',
      vpn_gateway_id: VGW,
      type: 'ipsec.1',
      static_routes_only: true,
      tunnel1_phase1_lifetime_seconds: 86400,
      tunnel1_phase2_lifetime_seconds: 3600,
      tunnel2_phase1_lifetime_seconds: 86400,
      tunnel2_phase2_lifetime_seconds: 3600,
    },
    after: {
      customer_gateway_id: 'cgw-0e1f2a3b4c5d60002',
      vpn_gateway_id: VGW,
      type: 'ipsec.1',
      static_routes_only: true,
      tunnel1_phase1_lifetime_seconds: 28800,
      tunnel1_phase2_lifetime_seconds: 1800,
      tunnel2_phase1_lifetime_seconds: 28800,
      tunnel2_phase2_lifetime_seconds: 1800,
    },
    computed: { tunnel1_address: true, tunnel2_address: true, routes: true, vgw_telemetry: true },
    holds: (s, v, id) => {
      const connection = byId(s, 'VpnConnections', 'VpnConnectionId', id);
      const tunnels = items((connection?.Options as Item | undefined)?.TunnelOptions);
      return (
        tunnels.length === 2 &&
        tunnels[0]?.Phase2LifetimeSeconds === v.tunnel1_phase2_lifetime_seconds &&
        tunnels[1]?.Phase1LifetimeSeconds === v.tunnel2_phase1_lifetime_seconds
      );
    },
  },
  {
    type: 'aws_vpn_connection_route',
    on: 'spoke',
    before: {
      id: 'vpn-route-1',
      vpn_connection_id: 'vpn-0b1c2d3e4f5a60002',
      destination_cidr_block: '172.16.0.0/16',
    },
    after: { vpn_connection_id: 'vpn-0b1c2d3e4f5a60002', destination_cidr_block: '172.17.0.0/16' },
    holds: (s, v) =>
      items(byId(s, 'VpnConnections', 'VpnConnectionId', v.vpn_connection_id)?.Routes).some(
        (r) => r.DestinationCidrBlock === v.destination_cidr_block,
      ),
  },
  {
    type: 'aws_ec2_transit_gateway_route',
    on: 'network',
    before: {
      id: 'tgw-route-1',
      transit_gateway_route_table_id: tgwTable(1),
      destination_cidr_block: '10.20.0.0/16',
      transit_gateway_attachment_id: attachment(3),
      blackhole: false,
    },
    after: {
      transit_gateway_route_table_id: tgwTable(1),
      destination_cidr_block: '10.20.0.0/16',
      blackhole: true,
    },
    holds: (s, v) =>
      items(
        byId(s, 'TransitGatewayRouteTables', 'TransitGatewayRouteTableId', v.transit_gateway_route_table_id)
          ?.Routes,
      ).some(
        (r) =>
          r.DestinationCidrBlock === v.destination_cidr_block &&
          r.State === (v.blackhole ? 'blackhole' : 'active'),
      ),
  },
  {
    type: 'aws_ec2_transit_gateway_route_table_association',
    on: 'network',
    before: {
      id: 'assoc-1',
      transit_gateway_attachment_id: attachment(1),
      transit_gateway_route_table_id: tgwTable(1),
    },
    after: { transit_gateway_attachment_id: attachment(1), transit_gateway_route_table_id: tgwTable(2) },
    holds: (s, v) =>
      items(
        byId(s, 'TransitGatewayRouteTables', 'TransitGatewayRouteTableId', v.transit_gateway_route_table_id)
          ?.Associations,
      ).some((a) => a.TransitGatewayAttachmentId === v.transit_gateway_attachment_id),
  },
  {
    type: 'aws_ec2_transit_gateway_route_table_propagation',
    on: 'network',
    before: {
      id: 'prop-2',
      transit_gateway_attachment_id: attachment(1),
      transit_gateway_route_table_id: tgwTable(3),
    },
    after: { transit_gateway_attachment_id: attachment(1), transit_gateway_route_table_id: tgwTable(2) },
    holds: (s, v) => {
      const found = byId(
        s,
        'TransitGatewayRouteTables',
        'TransitGatewayRouteTableId',
        v.transit_gateway_route_table_id,
      );
      const propagated = (r: Item) =>
        r.Type === 'propagated' &&
        r.DestinationCidrBlock === '10.50.0.0/16' &&
        items(r.TransitGatewayAttachments).some(
          (a) => a.TransitGatewayAttachmentId === v.transit_gateway_attachment_id,
        );
      return (
        items(found?.Propagations).some(
          (p) => p.TransitGatewayAttachmentId === v.transit_gateway_attachment_id,
        ) && items(found?.Routes).some(propagated)
      );
    },
  },
  {
    type: 'aws_ec2_transit_gateway_vpc_attachment',
    on: 'spoke',
    before: { id: attachment(2), transit_gateway_id: TGW, vpc_id: VPC2, subnet_ids: [subnet(8)] },
    after: { transit_gateway_id: TGW, vpc_id: VPC2, subnet_ids: [subnet(7)] },
    holds: (s, v, id) => {
      const vpcAttachment = byId(s, 'TransitGatewayVpcAttachments', 'TransitGatewayAttachmentId', id);
      return (
        byId(s, 'TransitGatewayAttachments', 'TransitGatewayAttachmentId', id)?.ResourceId === v.vpc_id &&
        same((vpcAttachment?.SubnetIds as string[]) ?? [], v.subnet_ids as string[])
      );
    },
  },
  {
    type: 'aws_subnet',
    on: 'spoke',
    before: { id: subnet(6), vpc_id: VPC1, cidr_block: '10.50.6.0/24', availability_zone: 'eu-west-1b' },
    after: { vpc_id: VPC1, cidr_block: '10.50.7.0/24', availability_zone: 'eu-west-1b' },
    holds: (s, v, id) => {
      const found = byId(s, 'Subnets', 'SubnetId', id);
      return (
        found?.CidrBlock === v.cidr_block &&
        found?.VpcId === v.vpc_id &&
        typeof found?.AvailableIpAddressCount === 'number'
      );
    },
  },
  {
    type: 'aws_vpc',
    on: 'spoke',
    before: {
      id: VPC2,
      cidr_block: '10.60.0.0/16',
      enable_dns_support: vpc2Attributes?.EnableDnsSupport ?? true,
      enable_dns_hostnames: vpc2Attributes?.EnableDnsHostnames ?? false,
    },
    after: { cidr_block: '10.70.0.0/16', enable_dns_support: true, enable_dns_hostnames: true },
    holds: (s, v, id) =>
      byId(s, 'Vpcs', 'VpcId', id)?.CidrBlock === v.cidr_block &&
      ec2(s).VpcAttributes?.[id]?.EnableDnsHostnames === v.enable_dns_hostnames,
  },
  {
    type: 'aws_drs_replication_configuration_template',
    on: 'spoke',
    before: {
      id: 'rct-0a1b2c3d4e5f60001',
      staging_area_subnet_id: subnet(1),
      data_plane_routing: 'PRIVATE_IP',
      create_public_ip: false,
      replication_servers_security_groups_ids: [REPLICATION_GROUP],
      associate_default_security_group: false,
    },
    after: {
      staging_area_subnet_id: subnet(5),
      data_plane_routing: 'PRIVATE_IP',
      create_public_ip: false,
      replication_servers_security_groups_ids: [REPLICATION_GROUP],
      associate_default_security_group: false,
    },
    holds: (s, v, id) =>
      region(s).drs?.ReplicationConfigurationTemplates?.find(
        (t) => t.replicationConfigurationTemplateID === id,
      )?.stagingAreaSubnetId === v.staging_area_subnet_id,
  },
  {
    type: 'aws_datasync_agent',
    on: 'spoke',
    idAttribute: 'arn',
    before: {
      arn: AGENT,
      name: 'nas-gateway-1',
      vpc_endpoint_id: DATASYNC_ENDPOINT,
      private_link_endpoint: '10.50.2.20',
      subnet_arns: [`arn:aws:ec2:eu-west-1:123456789012:subnet/${subnet(4)}`],
      security_group_arns: ['arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0d1e2f3a4b5c60004'],
    },
    after: {
      name: 'nas-gateway-renamed',
      vpc_endpoint_id: DATASYNC_ENDPOINT,
      private_link_endpoint: '10.50.2.20',
      subnet_arns: [`arn:aws:ec2:eu-west-1:123456789012:subnet/${subnet(4)}`],
      security_group_arns: ['arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0d1e2f3a4b5c60004'],
    },
    holds: (s, v, id) => {
      const agent = region(s).datasync?.Agents?.find((a) => a.AgentArn === id);
      return (
        agent?.Name === v.name &&
        (agent?.PrivateLinkConfig as Item | undefined)?.VpcEndpointId === v.vpc_endpoint_id
      );
    },
  },
];

const DX_GATEWAY = '5f3c1e2a-7b9d-4c6e-8a1f-2d3e4f5a6b7c';
const DX_ASSOCIATION = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const vgw = (s: Snapshot, id: unknown) => byId(s, 'VpnGateways', 'VpnGatewayId', id);
const attached = (s: Snapshot, id: unknown, vpcId: unknown) =>
  items(vgw(s, id)?.VpcAttachments).some((a) => a.VpcId === vpcId && a.State === 'attached');

/** The types issue 29 maps (gateways, Direct Connect associations, buckets' own policy argument). */
TYPE_CASES.push(
  {
    type: 'aws_vpn_gateway',
    on: 'spoke',
    before: { id: VGW, vpc_id: VPC1, amazon_side_asn: '64512' },
    after: { vpc_id: VPC2, amazon_side_asn: '64600' },
    holds: (s, v, id) =>
      vgw(s, id)?.AmazonSideAsn === Number(v.amazon_side_asn) &&
      attached(s, id, v.vpc_id) &&
      items(vgw(s, id)?.VpcAttachments).length === 1,
  },
  {
    type: 'aws_vpn_gateway_attachment',
    on: 'spoke',
    before: { id: `vpc-attach-${VGW}`, vpn_gateway_id: VGW, vpc_id: VPC1 },
    after: { vpn_gateway_id: VGW, vpc_id: VPC2 },
    holds: (s, v) => attached(s, v.vpn_gateway_id, v.vpc_id),
  },
  {
    type: 'aws_customer_gateway',
    on: 'spoke',
    before: { id: 'cgw-0e1f2a3b4c5d60001', bgp_asn: '65000', ip_address: '203.0.113.10', type: 'ipsec.1' },
    after: { bgp_asn: '65010', ip_address: '203.0.113.10', type: 'ipsec.1' },
    holds: (s, v, id) => byId(s, 'CustomerGateways', 'CustomerGatewayId', id)?.BgpAsn === v.bgp_asn,
  },
  {
    type: 'aws_dx_gateway_association',
    on: 'network',
    idAttribute: 'dx_gateway_association_id',
    before: {
      id: `ga-${DX_GATEWAY}${TGW}`,
      dx_gateway_association_id: DX_ASSOCIATION,
      dx_gateway_id: DX_GATEWAY,
      associated_gateway_id: TGW,
      associated_gateway_type: 'transitGateway',
      allowed_prefixes: ['10.50.0.0/16'],
    },
    after: {
      dx_gateway_id: DX_GATEWAY,
      associated_gateway_id: TGW,
      associated_gateway_type: 'transitGateway',
      allowed_prefixes: ['10.50.0.0/16', '10.60.0.0/16'],
    },
    holds: (s, v, id) => {
      const association = region(s).directconnect?.DirectConnectGatewayAssociations?.find(
        (a) => a.associationId === id,
      );
      return same(
        items((association as Item | undefined)?.allowedPrefixesToDirectConnectGateway).map((p) => p.cidr),
        v.allowed_prefixes as string[],
      );
    },
  },
  {
    type: 'aws_db_instance',
    on: 'spoke',
    idAttribute: 'identifier',
    before: {
      id: 'db-ABCDEFGHIJKLMNOP',
      identifier: 'orders-db',
      engine: 'postgres',
      port: 5432,
      vpc_security_group_ids: ['sg-0d1e2f3a4b5c60005'],
      db_subnet_group_name: 'orders-db-subnets',
    },
    after: {
      engine: 'postgres',
      port: 5433,
      vpc_security_group_ids: ['sg-0d1e2f3a4b5c60005'],
      db_subnet_group_name: 'orders-db-subnets',
    },
    holds: (s, v, id) => {
      const db = region(s).rds?.DBInstances?.find((d) => d.DBInstanceIdentifier === id) as Item | undefined;
      return (
        (db?.Endpoint as Item | undefined)?.Port === v.port &&
        (db?.DBSubnetGroup as Item | undefined)?.DBSubnetGroupName === v.db_subnet_group_name
      );
    },
  },
  {
    type: 'aws_db_subnet_group',
    on: 'spoke',
    idAttribute: 'arn',
    keptWhenDeleted: true,
    before: {
      arn: 'arn:aws:rds:eu-west-1:123456789012:subgrp:orders-db-subnets',
      id: 'orders-db-subnets',
      name: 'orders-db-subnets',
      subnet_ids: [subnet(5), subnet(6)],
    },
    after: { name: 'orders-db-subnets', subnet_ids: [subnet(4), subnet(5)] },
    holds: (s, v) => {
      const group = region(s).rds?.DBInstances?.find((d) => d.DBInstanceIdentifier === 'orders-db')
        ?.DBSubnetGroup as Item | undefined;
      return same(
        items(group?.Subnets).map((x) => x.SubnetIdentifier),
        v.subnet_ids as string[],
      );
    },
  },
  {
    type: 'aws_s3_bucket',
    on: 'spoke',
    before: { id: 'acme-archive-backups', bucket: 'acme-archive-backups', policy: archivePolicy },
    after: {
      bucket: 'acme-archive-backups',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:DeleteObject',
            Resource: 'arn:aws:s3:::acme-archive-backups/*',
          },
        ],
      }),
    },
    holds: (s, v) => s.s3?.Buckets?.find((b) => b.Name === v.bucket)?.Policy === v.policy,
  },
);

export type Action = 'create' | 'update' | 'delete' | 'replace';
export const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'replace'];

/** The case's change as `terraform show -json` writes it. */
export function planDocument(testCase: TypeCase, action: Action, name = 'planned'): string {
  const idAttribute = testCase.idAttribute ?? 'id';
  const id = testCase.before[idAttribute];
  const unknown = { [idAttribute]: true, tags_all: true, ...testCase.computed };
  const change = {
    create: { actions: ['create'], before: null, after: testCase.after, after_unknown: unknown },
    update: {
      actions: ['update'],
      before: testCase.before,
      after: { ...testCase.after, [idAttribute]: id },
      after_unknown: {},
    },
    delete: { actions: ['delete'], before: testCase.before, after: null, after_unknown: {} },
    replace: {
      actions: ['delete', 'create'],
      before: testCase.before,
      after: testCase.after,
      after_unknown: unknown,
    },
  }[action];
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: [
      {
        address: `${testCase.type}.${name}`,
        mode: 'managed',
        type: testCase.type,
        name,
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { ...change, before_sensitive: {}, after_sensitive: {} },
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: REGION } } } },
    },
  });
}

/** The snapshots of the case: the account whose plan it is first, each prepared for the case. */
export function snapshotsOf(testCase: TypeCase): [Snapshot, Snapshot] {
  const spoke = structuredClone(SPOKE);
  const network = structuredClone(NETWORK);
  testCase.prepare?.(testCase.on === 'spoke' ? spoke : network);
  return testCase.on === 'spoke' ? [spoke, network] : [network, spoke];
}
