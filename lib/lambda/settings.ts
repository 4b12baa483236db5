/**
 * Settings of the Lambda functions, from their environment (serverless.yml sets
 * them). Read and validated once at cold start; a bad value stops the function
 * with a message that names the variable.
 */
import { InputError } from '../util/errors.js';

/**
 * The stack's hand-off bucket (network-handoff.ts), and the account that must own it
 * (HNA_HANDOFF_BUCKET_OWNER): every call names that owner (ExpectedBucketOwner), so that a bucket
 * of the same name in another account — ours deleted, its predictable name taken — is refused by
 * S3 instead of being read or written.
 */
export interface HandoffBucket {
  name: string;
  owner: string;
}

export interface LambdaSettings {
  /** Accounts to audit; empty: every ACTIVE account of the organization. */
  accounts: string[];
  /**
   * Regions to audit; 'all': every region enabled in the auditor's account. Unset: the function's own
   * region, since the stack is deployed once per region (with 'all' in each, every region is audited
   * once per stack).
   */
  regions: string[] | 'all';
  queueUrl: string | undefined;
  memberRoleName: string;
  externalId: string | undefined;
  /** The member role is deployed in the management account too (service-managed StackSets never do that). */
  auditManagementAccount: boolean;
  /** HNA_CONFIG, validated by the functions that audit (audit-config.ts), so the dispatcher loads no rule. */
  configText: string | undefined;
  docsBaseUrl: string | undefined;
  /**
   * Network accounts (HNA_NETWORK_ACCOUNTS): their transit gateways and Direct Connect are
   * collected once per run and handed to every worker through HNA_HANDOFF_BUCKET.
   */
  networkAccounts: string[];
  handoffBucket: HandoffBucket | undefined;
  /** The organization (o-...): the Config rule refuses events of accounts outside it before assuming any role. */
  organizationId: string | undefined;
  /**
   * The optional Security Lake custom source (HNA_SECURITY_LAKE_LOCATION, _ROLE_ARN,
   * _EXTERNAL_ID): its S3 location and the role Security Lake made for it.
   */
  securityLake: { location: string; roleArn: string; externalId: string | undefined } | undefined;
  /** A local emulator, for tests only. */
  endpoint: string | undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function readSettings(env: Record<string, string | undefined>): LambdaSettings {
  const accounts = list(env.HNA_ACCOUNTS);
  for (const account of accounts)
    if (!/^\d{12}$/.test(account)) throw new InputError(`HNA_ACCOUNTS: "${account}" is not an account id`);
  const networkAccounts = list(env.HNA_NETWORK_ACCOUNTS);
  for (const account of networkAccounts)
    if (!/^\d{12}$/.test(account))
      throw new InputError(`HNA_NETWORK_ACCOUNTS: "${account}" is not an account id`);
  const regions =
    env.HNA_REGIONS === 'all'
      ? 'all'
      : list(env.HNA_REGIONS).length > 0
        ? list(env.HNA_REGIONS)
        : env.AWS_REGION
          ? [env.AWS_REGION]
          : 'all';
  const handoffBucketOwner = env.HNA_HANDOFF_BUCKET_OWNER || undefined;
  if (handoffBucketOwner !== undefined && !/^\d{12}$/.test(handoffBucketOwner))
    throw new InputError(`HNA_HANDOFF_BUCKET_OWNER: "${handoffBucketOwner}" is not an account id`);
  let handoffBucket: HandoffBucket | undefined;
  if (env.HNA_HANDOFF_BUCKET) {
    // Every call to the bucket names its owner: a bucket without one is never addressed.
    if (handoffBucketOwner === undefined)
      throw new InputError(
        'HNA_HANDOFF_BUCKET_OWNER: not set, but HNA_HANDOFF_BUCKET is: every call to the hand-off bucket names the account that must own it',
      );
    handoffBucket = { name: env.HNA_HANDOFF_BUCKET, owner: handoffBucketOwner };
  }
  const organizationId = env.HNA_ORGANIZATION_ID || undefined;
  if (organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(organizationId))
    throw new InputError(`HNA_ORGANIZATION_ID: "${organizationId}" is not an organization id (o-...)`);
  return {
    accounts,
    regions,
    queueUrl: env.HNA_QUEUE_URL || undefined,
    memberRoleName: env.HNA_MEMBER_ROLE_NAME || 'hna-member-audit',
    externalId: env.HNA_EXTERNAL_ID || undefined,
    auditManagementAccount: env.HNA_AUDIT_MANAGEMENT_ACCOUNT === 'true',
    configText: env.HNA_CONFIG || undefined,
    docsBaseUrl: env.HNA_DOCS_BASE_URL || undefined,
    networkAccounts,
    handoffBucket,
    organizationId,
    securityLake: securityLakeOf(env),
    endpoint: env.AWS_ENDPOINT_URL || undefined,
  };
}

/** The Security Lake sink: both the location and the role, or neither. */
function securityLakeOf(env: Record<string, string | undefined>): LambdaSettings['securityLake'] {
  const location = env.HNA_SECURITY_LAKE_LOCATION || undefined;
  const roleArn = env.HNA_SECURITY_LAKE_ROLE_ARN || undefined;
  if (location === undefined && roleArn === undefined) return undefined;
  if (location === undefined || roleArn === undefined)
    throw new InputError(
      `${location === undefined ? 'HNA_SECURITY_LAKE_LOCATION' : 'HNA_SECURITY_LAKE_ROLE_ARN'}: required with ${location === undefined ? 'HNA_SECURITY_LAKE_ROLE_ARN' : 'HNA_SECURITY_LAKE_LOCATION'} (the custom source's S3 location and the role Security Lake created for it)`,
    );
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn))
    throw new InputError(`HNA_SECURITY_LAKE_ROLE_ARN: "${roleArn}" is not an IAM role ARN`);
  return { location, roleArn, externalId: env.HNA_SECURITY_LAKE_EXTERNAL_ID || undefined };
}
