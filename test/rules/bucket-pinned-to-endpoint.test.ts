import { bucketPinnedToEndpoint } from '../../lib/rules/s3pl/bucket-pinned-to-endpoint.js';
import { find } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Change = Parameters<typeof zoneTable>[2][number]['change'];
const setPolicy =
  (name: string, policy: string | null | undefined): Change =>
  (snapshot) => {
    const bucket = find(snapshot.s3?.Buckets, (b) => b.Name === name);
    if (policy === undefined) delete bucket.Policy;
    else bucket.Policy = policy;
  };

zoneTable(
  bucketPinnedToEndpoint,
  ['acme-veeam-backups', 'acme-archive-backups'],
  [
    {
      name: 'a named backup bucket without a policy',
      change: setPolicy('acme-veeam-backups', null),
      resourceId: 'acme-veeam-backups',
      status: 'FAILED',
      evidence: 'has no bucket policy',
      remediation: 'Add a Deny statement',
    },
    {
      name: 'a policy that pins another endpoint only',
      change: setPolicy(
        'acme-veeam-backups',
        JSON.stringify({
          Statement: {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::acme-veeam-backups/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0other' } },
          },
        }),
      ),
      resourceId: 'acme-veeam-backups',
      status: 'FAILED',
      evidence: 'denies requests through every S3 interface endpoint',
    },
    {
      name: 'an Allow-only policy does not pin',
      change: setPolicy(
        'acme-veeam-backups',
        JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::acme-veeam-backups/*',
              Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60104' } },
            },
          ],
        }),
      ),
      resourceId: 'acme-veeam-backups',
      status: 'FAILED',
      evidence: 'does not deny requests without aws:SourceVpce',
    },
    {
      name: 'a policy that is not JSON',
      change: setPolicy('acme-veeam-backups', '{"Statement": ['),
      config: { sourceCidrs: ['10.20.0.0/16'], s3PrivateLink: { buckets: ['acme-veeam-backups'] } },
      resourceId: 'acme-veeam-backups',
      status: 'NOT_AVAILABLE',
      evidence: 'not valid JSON',
    },
    {
      name: 'a policy that was not read',
      change: setPolicy('acme-veeam-backups', undefined),
      resourceId: 'acme-veeam-backups',
      status: 'NOT_AVAILABLE',
      evidence: 'was not read',
    },
  ],
);

// A policy that denies every request outside its endpoint also denies the auditor's GetBucketPolicy.
const lockedOut: Change = (snapshot) => {
  const bucket = find(snapshot.s3?.Buckets, (b) => b.Name === 'acme-archive-backups');
  delete bucket.Policy;
  snapshot.errors = [
    ...(snapshot.errors ?? []),
    {
      region: 'eu-west-1',
      service: 's3',
      operation: 'GetBucketPolicy',
      resourceId: 'acme-archive-backups',
      code: 'AccessDenied',
      message: 'Access Denied',
    },
  ];
};
zoneTable(
  bucketPinnedToEndpoint,
  ['acme-veeam-backups', 'acme-archive-backups'],
  [
    {
      name: 'a bucket whose policy denies the auditor: reported, with the exemption to add',
      change: lockedOut,
      resourceId: 'acme-archive-backups',
      status: 'NOT_AVAILABLE',
      evidence:
        /denies the auditor \(GetBucketPolicy: AccessDenied\).*role\/hna-member-audit.*aws:PrincipalArn/,
    },
  ],
);
