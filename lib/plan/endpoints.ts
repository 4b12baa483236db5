/**
 * VPC endpoints and bucket policies of a Terraform plan laid over the snapshot. A created
 * endpoint is available (AWS's default for what a plan leaves unset); what is known only after
 * apply — its DNS names, its interfaces, an unknown attribute — is left out of the item, so
 * every rule that reads it is NOT_AVAILABLE, and the attribute is named (`address.attribute`).
 */
import { gatewayEndpointRoutes } from './associations.js';
import { idOf, listOf, type Mapping } from './target.js';
import { anyUnknown, record, strings } from './values.js';

const TRANSLATED_ENDPOINT: readonly [terraform: string, api: string][] = [
  ['vpc_id', 'VpcId'],
  ['service_name', 'ServiceName'],
  ['vpc_endpoint_type', 'VpcEndpointType'],
  ['private_dns_enabled', 'PrivateDnsEnabled'],
  ['policy', 'PolicyDocument'],
];

/** An `aws_vpc_endpoint` laid over the region: the ids it acts on and what is known only after apply. */
export const endpointChange: Mapping = (change, _steps, target, configured) => {
  const endpoints = listOf(target, 'VpcEndpoints');
  if (typeof endpoints === 'string') return endpoints;
  const actions = change.change.actions;
  const before = record(change.change.before);
  const after = record(change.change.after);
  const afterUnknown = record(change.change.after_unknown);
  const id = idOf(change);
  const was = idOf(change, 'id', 'before');
  const index = endpoints.findIndex((e) => e.VpcEndpointId === was);
  const previous = index >= 0 ? (endpoints[index] as Record<string, unknown>) : undefined;
  // The routes a gateway endpoint held leave its tables with it (a replacement adds them back).
  if (previous !== undefined && (actions.includes('delete') || actions.includes('update'))) {
    const failed = gatewayEndpointRoutes(target, previous, strings(before.route_table_ids), false);
    if (failed !== undefined) return failed;
  }
  if (actions.includes('delete')) {
    if (index >= 0) endpoints.splice(index, 1);
    if (!actions.includes('create')) return { ids: [was] };
  }
  // Unknown and set by the configuration: from something not known yet. Unknown and unset: AWS computes it.
  const fromUnknown = (name: string) =>
    anyUnknown(afterUnknown[name]) && (configured === undefined || configured.has(name));
  const unknown = Object.keys(afterUnknown)
    .filter((name) => fromUnknown(name))
    .map((name) => change.unknownNames?.[name] ?? `${change.address}.${name}`);
  const replaced = actions.includes('delete');
  const item: Record<string, unknown> = {
    ...(previous === undefined || replaced ? {} : previous),
    VpcEndpointId: id,
    // What a plan leaves unset takes AWS's default: a created endpoint is available (docs/design/cli.md).
    State: 'available',
  };
  for (const [terraform, api] of TRANSLATED_ENDPOINT) {
    if (terraform === 'policy' && fromUnknown('policy'))
      // A policy no rule can read: each judges it NOT_AVAILABLE ("cannot be evaluated"), never by default.
      item[api] =
        `known after apply: ${unknown.find((u) => u.includes('.policy')) ?? `${change.address}.policy`}`;
    else if (anyUnknown(afterUnknown[terraform])) delete item[api];
    else if (after[terraform] !== undefined && after[terraform] !== null && after[terraform] !== '')
      item[api] = after[terraform];
  }
  if (typeof item.VpcEndpointType === 'string')
    item.VpcEndpointType =
      { interface: 'Interface', gateway: 'Gateway', gatewayloadbalancer: 'GatewayLoadBalancer' }[
        item.VpcEndpointType.toLowerCase()
      ] ?? item.VpcEndpointType;
  // Where the endpoint sits decides every path to it: a placement not known yet is not judged
  // (the rules read an absent list as "none"). Unset, AWS's default: no subnets or tables, and
  // for an interface endpoint the VPC's default security group.
  const placement = ['subnet_ids', 'security_group_ids', 'route_table_ids'].filter((name) =>
    fromUnknown(name),
  );
  if (placement.length > 0)
    return `${placement.map((name) => change.unknownNames?.[name] ?? `${change.address}.${name}`).join(', ')}: known after apply`;
  const list = (name: string) => (anyUnknown(afterUnknown[name]) ? [] : strings(after[name]));
  let groups = list('security_group_ids');
  if (groups.length === 0 && item.VpcEndpointType === 'Interface') {
    const fallback = target
      .inventory()
      ?.ec2?.SecurityGroups?.find((g) => g.VpcId === item.VpcId && g.GroupName === 'default')?.GroupId;
    if (fallback === undefined)
      return `the default security group of ${String(item.VpcId)} (the endpoint's group) is not in the snapshot`;
    groups = [fallback];
  }
  item.SubnetIds = list('subnet_ids');
  item.Groups = groups.map((GroupId) => ({ GroupId }));
  const tables = list('route_table_ids');
  item.RouteTableIds = tables;
  // Known only after apply: its interfaces and DNS names (absent: unknown to every rule that reads them).
  for (const [terraform, api] of [
    ['dns_entry', 'DnsEntries'],
    ['network_interface_ids', 'NetworkInterfaceIds'],
  ] as const)
    if (anyUnknown(afterUnknown[terraform]) || previous === undefined || replaced) {
      delete item[api];
      if (item.VpcEndpointType !== 'Gateway')
        unknown.push(change.unknownNames?.[terraform] ?? `${change.address}.${terraform}`);
    }
  if (index >= 0 && !replaced) endpoints.splice(index, 1, item as never);
  else endpoints.push(item as never);
  const routed = gatewayEndpointRoutes(target, item, tables, true);
  if (routed !== undefined) return routed;
  return { ids: [...new Set([was, id])], unknown: [...new Set(unknown)] };
};

/** An `aws_s3_bucket_policy`: the bucket's policy as planned, or unread when it is known only after apply. */
export const bucketPolicyChange: Mapping = (change, _steps, target) => {
  const values = record(
    change.change.actions.includes('delete') && !change.change.actions.includes('create')
      ? change.change.before
      : change.change.after,
  );
  const name = typeof values.bucket === 'string' ? values.bucket : undefined;
  if (name === undefined) return `${change.address}.bucket: known after apply`;
  const buckets = target.buckets();
  if (buckets === undefined) return 's3.Buckets is not in the snapshot';
  const bucket = buckets.find((b) => b.Name === name);
  if (bucket === undefined) return `bucket ${name} is not in the snapshot`;
  if (change.change.actions.includes('delete') && !change.change.actions.includes('create')) {
    bucket.Policy = null;
    return { ids: [name], unknown: [] };
  }
  // Known only after apply: not laid; the results that read the bucket are NOT_AVAILABLE, naming it.
  if (anyUnknown(record(change.change.after_unknown).policy))
    return `${change.unknownNames?.policy ?? `${change.address}.policy`}: known after apply`;
  if (typeof values.policy !== 'string') return `${change.address}.policy: not a policy document`;
  bucket.Policy = values.policy;
  return { ids: [name], unknown: [] };
};

/**
 * `aws_s3_bucket`: a created bucket joins the account's buckets, a destroyed one leaves; its
 * `policy` argument (deprecated, still written) is the bucket's policy when the configuration
 * sets it, and leaves the policy to `aws_s3_bucket_policy` otherwise.
 */
export const bucketChange: Mapping = (change, _steps, target, configured) => {
  const actions = change.change.actions;
  const before = record(change.change.before);
  const after = record(change.change.after);
  const buckets = target.buckets();
  if (buckets === undefined) return 's3.Buckets is not in the snapshot';
  const was = typeof before.bucket === 'string' ? before.bucket : undefined;
  const name = typeof after.bucket === 'string' && after.bucket !== '' ? after.bucket : undefined;
  if (actions.includes('delete')) {
    const index = buckets.findIndex((b) => b.Name === was);
    if (index >= 0) buckets.splice(index, 1);
    if (!actions.includes('create')) return { ids: was === undefined ? [] : [was] };
  }
  if (name === undefined)
    return `${change.unknownNames?.bucket ?? `${change.address}.bucket`}: known after apply`;
  const setsPolicy = configured === undefined ? after.policy !== undefined : configured.has('policy');
  if (setsPolicy && anyUnknown(record(change.change.after_unknown).policy))
    return `${change.unknownNames?.policy ?? `${change.address}.policy`}: known after apply`;
  let bucket = buckets.find((b) => b.Name === name);
  if (bucket === undefined) {
    bucket = {
      Name: name,
      Policy: null,
      ...(target.region === undefined ? {} : { BucketRegion: target.region }),
    };
    buckets.push(bucket);
  }
  if (setsPolicy)
    bucket.Policy = typeof after.policy === 'string' && after.policy !== '' ? after.policy : null;
  return { ids: [name] };
};
