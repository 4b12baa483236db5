/**
 * The Security Lake custom source sink: the OCSF events of one audited (account, region) as
 * one Parquet object in the source's S3 location, partitioned as Security Lake documents for
 * custom sources — `region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/` under the
 * source's prefix (`s3://aws-security-data-lake-…/ext/<source>/…`). A writer: the only code
 * here that writes to AWS is the PutObject below.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InputError } from '../util/errors.js';
import type { OcsfEvent } from './ocsf.js';
import { formatOcsfParquet } from './ocsf-parquet.js';

export interface SecurityLakeLocation {
  bucket: string;
  /** The source's prefix, ending in `/` (or empty). */
  prefix: string;
}

/** `s3://bucket/ext/source/` as the custom source's page gives it; `setting` names it in the error. */
export function parseSecurityLakeLocation(uri: string, setting: string): SecurityLakeLocation {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (match === null)
    throw new InputError(
      `${setting}: "${uri}" is not an S3 location (s3://aws-security-data-lake-…/ext/<source>/, from the custom source)`,
    );
  const path = (match[2] ?? '').replace(/^\/+/, '');
  return { bucket: match[1] as string, prefix: path === '' || path.endsWith('/') ? path : `${path}/` };
}

/** The object's key: the partitions Security Lake's crawler reads, then a unique name. */
export function securityLakeKey(
  location: SecurityLakeLocation,
  partition: { region: string; accountId: string; time: Date },
  name: string = randomUUID(),
): string {
  const day = partition.time.toISOString().slice(0, 10).replace(/-/g, '');
  return `${location.prefix}region=${partition.region}/accountId=${partition.accountId}/eventDay=${day}/${name}.parquet`;
}

/** Writes the events as one Parquet object; nothing when there is no event. Returns the key written. */
export async function writeSecurityLakeObject(
  events: readonly OcsfEvent[],
  options: {
    client: S3Client;
    location: SecurityLakeLocation;
    region: string;
    accountId: string;
    now: Date;
  },
): Promise<string | undefined> {
  if (events.length === 0) return undefined;
  const key = securityLakeKey(options.location, {
    region: options.region,
    accountId: options.accountId,
    time: options.now,
  });
  await options.client.send(
    new PutObjectCommand({
      Bucket: options.location.bucket,
      Key: key,
      Body: formatOcsfParquet(events),
      ContentType: 'application/vnd.apache.parquet',
    }),
  );
  return key;
}
