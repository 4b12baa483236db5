import type { Ec2VpcEndpoint } from '../../inventory/types.js';

/**
 * The service part of an endpoint's service name: `com.amazonaws.eu-west-1.s3` → `s3`,
 * `cn.com.amazonaws.cn-north-1.drs` → `drs`. Names of other providers' services
 * (PrivateLink to a marketplace or own service) give undefined.
 */
export function endpointService(endpoint: Pick<Ec2VpcEndpoint, 'ServiceName'>): string | undefined {
  const match = /^(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(endpoint.ServiceName ?? '');
  return match?.[1];
}

/**
 * The region whose service the endpoint serves: `ServiceRegion` for a cross-region endpoint,
 * else the region its service name carries (`com.amazonaws.us-east-1.s3` → `us-east-1`),
 * not necessarily the region it sits in (docs/design/rules-catalog.md, "Policy simulation").
 */
export function endpointServiceRegion(
  endpoint: Pick<Ec2VpcEndpoint, 'ServiceName' | 'ServiceRegion'>,
  sitsIn: string,
): string {
  if (endpoint.ServiceRegion) return endpoint.ServiceRegion;
  return /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\./.exec(endpoint.ServiceName ?? '')?.[1] ?? sitsIn;
}

/** The endpoint services the four scenarios rely on. */
export const SCENARIO_ENDPOINT_SERVICES: ReadonlySet<string> = new Set([
  'drs',
  'ec2',
  's3',
  'datasync',
  'datasync-fips',
]);

export function isDeleted(endpoint: Pick<Ec2VpcEndpoint, 'State'>): boolean {
  const state = endpoint.State?.toLowerCase();
  return state === 'deleted' || state === 'deleting';
}

export function isAvailable(endpoint: Pick<Ec2VpcEndpoint, 'State'>): boolean {
  return endpoint.State?.toLowerCase() === 'available';
}
