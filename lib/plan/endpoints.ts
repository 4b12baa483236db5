/**
 * VPC endpoints and bucket policies of a Terraform plan laid over the snapshot. A created
 * endpoint is available (AWS's default for what a plan leaves unset); what is known only after
 * apply — its DNS names, its interfaces, an unknown attribute — is left out of the item, so
 * every rule that reads it is NOT_AVAILABLE, and the attribute is named (`address.attribute`).
 */
import type { Snapshot } from '../inventory/types.js';
import type { ResourceChange } from './terraform-plan.js';
import { anyUnknown, record, strings } from './values.js';

const TRANSLATED_ENDPOINT: readonly [terraform: string, api: string][] = [
  ['vpc_id', 'VpcId'],
  ['service_name', 'ServiceName'],
  ['vpc_endpoint_type', 'VpcEndpointType'],
  ['private_dns_enabled', 'PrivateDnsEnabled'],
  ['policy', 'PolicyDocument'],
];

/** An `aws_vpc_endpoint` laid over the region: returns the ids it acts on and what is known only after apply. */
export function endpointChange(
  change: ResourceChange,
  inventory: NonNullable<Snapshot['regions']>[string] | undefined,
  configured: ReadonlySet<string>,
): { ids: string[]; unknown: string[] } | string {
  if (inventory === undefined) return 'the region of the change is unknown: give --region';
  const actions = change.change.actions;
  const before = record(change.change.before);
  const after = record(change.change.after);
  const afterUnknown = record(change.change.after_unknown);
  const id =
    (typeof after.id === 'string' && after.id) ||
    (typeof before.id === 'string' && before.id) ||
    `tf:${change.address}`;
  // Not read: stays not read (an endpoint laid over nothing would read as the only one).
  const endpoints = inventory.ec2?.VpcEndpoints;
  if (endpoints === undefined) return 'ec2.VpcEndpoints is not in the snapshot';
  const index = endpoints.findIndex((e) => e.VpcEndpointId === id);
  if (actions.includes('delete') && !actions.includes('create')) {
    if (index >= 0) endpoints.splice(index, 1);
    return { ids: [id], unknown: [] };
  }
  // Unknown and set by the configuration: from something not known yet. Unknown and unset: AWS computes it.
  const fromUnknown = (name: string) => anyUnknown(afterUnknown[name]) && configured.has(name);
  const unknown = Object.keys(afterUnknown)
    .filter((name) => fromUnknown(name))
    .map((name) => `${change.address}.${name}`);
  const item: Record<string, unknown> = {
    ...(index >= 0 ? endpoints[index] : {}),
    VpcEndpointId: id,
    // What a plan leaves unset takes AWS's default: a created endpoint is available (cli.md).
    State: 'available',
  };
  for (const [terraform, api] of TRANSLATED_ENDPOINT) {
    if (terraform === 'policy' && fromUnknown('policy'))
      // A policy no rule can read: each judges it NOT_AVAILABLE ("cannot be evaluated"), never by default.
      item[api] = `known after apply: ${change.address}.policy`;
    else if (anyUnknown(afterUnknown[terraform])) delete item[api];
    else if (after[terraform] !== undefined && after[terraform] !== null && after[terraform] !== '')
      item[api] = after[terraform];
  }
  if (typeof item.VpcEndpointType === 'string')
    item.VpcEndpointType =
      { interface: 'Interface', gateway: 'Gateway', gatewayloadbalancer: 'GatewayLoadBalancer' }[
        item.VpcEndpointType.toLowerCase()
      ] ?? item.VpcEndpointType;
  const list = (name: string) => (anyUnknown(afterUnknown[name]) ? undefined : strings(after[name]));
  const subnets = list('subnet_ids');
  const groups = list('security_group_ids');
  const tables = list('route_table_ids');
  if (subnets === undefined) delete item.SubnetIds;
  else item.SubnetIds = subnets;
  if (groups === undefined) delete item.Groups;
  else item.Groups = groups.map((GroupId) => ({ GroupId }));
  if (tables === undefined) delete item.RouteTableIds;
  else item.RouteTableIds = tables;
  // Known only after apply for a new endpoint: its interfaces and DNS names (absent: unknown to every rule).
  if (anyUnknown(afterUnknown.dns_entry) || index < 0) delete item.DnsEntries;
  if (anyUnknown(afterUnknown.network_interface_ids) || index < 0) delete item.NetworkInterfaceIds;
  if (index >= 0) endpoints.splice(index, 1, item as never);
  else endpoints.push(item as never);
  return { ids: [id], unknown };
}

/** An `aws_s3_bucket_policy`: the bucket's policy as planned, or unread when it is known only after apply. */
export function bucketPolicyChange(
  change: ResourceChange,
  after: Snapshot,
): { ids: string[]; unknown: string[] } | string {
  const values = record(
    change.change.actions.includes('delete') && !change.change.actions.includes('create')
      ? change.change.before
      : change.change.after,
  );
  const name = typeof values.bucket === 'string' ? values.bucket : undefined;
  if (name === undefined) return `${change.address}.bucket: known after apply`;
  const bucket = after.s3?.Buckets?.find((b) => b.Name === name);
  if (bucket === undefined) return `bucket ${name} is not in the snapshot`;
  if (change.change.actions.includes('delete') && !change.change.actions.includes('create')) {
    bucket.Policy = null;
    return { ids: [name], unknown: [] };
  }
  if (anyUnknown(record(change.change.after_unknown).policy)) {
    // Unread, as a policy that could not be read: the rules that judge it are NOT_AVAILABLE.
    delete bucket.Policy;
    return { ids: [name], unknown: [`${change.address}.policy`] };
  }
  if (typeof values.policy !== 'string') return `${change.address}.policy: not a policy document`;
  bucket.Policy = values.policy;
  return { ids: [name], unknown: [] };
}
