import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { backupBuckets, conditionValues, pinningDenies } from '../support/s3.js';

const ADMIN_KEYS = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:userid'];

/** Compliant when a Deny pinned to aws:SourceVpce/aws:SourceVpc exempts administrative principals (S3 bucket policies for VPC endpoints). */
export const adminLockoutRisk = defineRule({
  id: 'S3PL.7',
  slug: 'admin-lockout-risk',
  title: 'Endpoint-pinned bucket policy leaves administrators a way in',
  severity: 'LOW',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  inputs: ['s3.Buckets'],
  evaluate(context) {
    return backupBuckets(context).flatMap((bucket): Finding[] => {
      const ref = resource.bucket(context, bucket.Name);
      const pinned = pinningDenies(bucket, ref);
      if ('findings' in pinned) return pinned.findings;
      const { denies } = pinned;
      if (denies.length === 0) return [];
      const unguarded = denies.filter(
        (s) =>
          s.raw.NotPrincipal === undefined && !ADMIN_KEYS.some((key) => conditionValues(s, key).length > 0),
      );
      return [
        unguarded.length === 0
          ? { status: 'PASSED', resource: ref }
          : {
              status: 'WARNING',
              resource: ref,
              evidence: `${unguarded.map((s) => s.label).join(', ')} deny every principal outside the endpoint: console and administrator access to this bucket are denied too`,
              remediation: `Add "ArnNotLike": {"aws:PrincipalArn": "arn:${context.partition}:iam::${context.accountId}:role/<admin role>"} to the Deny of ${bucket.Name}`,
            },
      ];
    });
  },
});
