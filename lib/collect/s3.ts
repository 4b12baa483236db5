import {
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  paginateListBuckets,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SnapshotBucket } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call, errorCode } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

/** GetBucketLocation's answer for the regions whose constraint is not their name. */
function regionFromLocation(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '' || constraint === null) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/**
 * Lists the buckets and reads the policy of each bucket in the audited regions,
 * with a client of the bucket's own region (S3 redirects otherwise). Buckets in
 * other regions are outside this scan and left out.
 */
export async function collectS3(
  clientFor: (region: string) => S3Client,
  listingRegion: string,
  regions: readonly string[],
  log: CollectionLog,
): Promise<{ Buckets?: SnapshotBucket[] }> {
  const scope: CallScope = { log, region: undefined, service: 's3' };
  const listed = await allPages(
    scope,
    'ListBuckets',
    () =>
      paginateListBuckets(
        { client: clientFor(listingRegion) },
        { MaxBuckets: MAX_PAGE_SIZE['s3:ListBuckets'] },
      ),
    (page) => page.Buckets,
  );
  if (listed === undefined) return {};
  const wanted = new Set(regions);
  const located = await mapWithConcurrency(listed, 8, async (bucket) => {
    if (bucket.BucketRegion !== undefined) return { ...bucket, BucketRegion: bucket.BucketRegion };
    // Older endpoints and emulators omit BucketRegion; one GetBucketLocation per bucket then.
    const location = await call(
      scope,
      'GetBucketLocation',
      () => clientFor(listingRegion).send(new GetBucketLocationCommand({ Bucket: bucket.Name })),
      bucket.Name,
    );
    return location.ok
      ? { ...bucket, BucketRegion: regionFromLocation(location.value.LocationConstraint) }
      : bucket;
  });
  const buckets = await mapWithConcurrency(
    located,
    8,
    async (bucket): Promise<SnapshotBucket | undefined> => {
      const region = bucket.BucketRegion;
      if (region === undefined || !wanted.has(region)) return undefined;
      const bucketScope: CallScope = { ...scope, region };
      scope.log.count('s3', 'GetBucketPolicy');
      // biome-ignore lint/plugin: every failure of the call is recorded with its code; the bucket then reads "policy not read" (NOT_AVAILABLE).
      try {
        const policy = await clientFor(region).send(new GetBucketPolicyCommand({ Bucket: bucket.Name }));
        return { ...(bucket as SnapshotBucket), Policy: policy.Policy ?? null };
      } catch (error) {
        if (errorCode(error) === 'NoSuchBucketPolicy') return { ...(bucket as SnapshotBucket), Policy: null };
        bucketScope.log.fail(
          { region, service: 's3', operation: 'GetBucketPolicy', resourceId: bucket.Name },
          error,
        );
        // Without Policy the bucket reads as "policy not read", which rules report as NOT_AVAILABLE.
        return bucket as SnapshotBucket;
      }
    },
  );
  return { Buckets: buckets.filter((bucket): bucket is SnapshotBucket => bucket !== undefined) };
}
