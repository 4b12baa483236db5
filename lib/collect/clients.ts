/**
 * Real SDK clients for the command line and the Lambda functions: one per
 * service and region, adaptive retries, and an optional endpoint for a local
 * emulator. Credentials come from the SDK's default chain.
 */
import { DataSyncClient } from '@aws-sdk/client-datasync';
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DrsClient } from '@aws-sdk/client-drs';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsUnreachableError } from '../util/errors.js';
import { baseConfig, type ClientSettings, memoize } from './client-config.js';
import type { RegionalClients } from './collect.js';
import { type AttemptObserver, errorCode } from './log.js';

export type { ClientSettings } from './client-config.js';
export { DEFAULT_MAX_ATTEMPTS } from './client-config.js';

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

interface MiddlewareClient {
  middlewareStack: {
    add: (middleware: never, options: { step: 'deserialize'; name: string; priority: 'high' }) => void;
  };
}

/**
 * Counts each HTTP attempt below the retry middleware, so retries and throttles show
 * in `collect --stats`. The DRS client's older middleware types differ only in name.
 */
function observed<T>(client: T, observer: AttemptObserver | undefined, instrument?: <C>(client: C) => C): T {
  if (instrument !== undefined) instrument(client);
  if (observer === undefined) return client;
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: unknown) => {
      const service = (context.clientName ?? 'unknown').replace(/Client$/, '').toLowerCase();
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      try {
        const result = await next(args);
        observer.attempt(service, operation, false);
        return result;
      } catch (error) {
        observer.attempt(service, operation, THROTTLING_CODES.has(errorCode(error)));
        throw error;
      }
    };
  (client as unknown as MiddlewareClient).middlewareStack.add(middleware as never, {
    step: 'deserialize',
    name: 'hnaAttemptObserver',
    priority: 'high',
  });
  return client;
}

export function createRegionalClients(settings: ClientSettings): RegionalClients {
  const { observer, instrument } = settings;
  const wrap = <T>(client: T) => observed(client, observer, instrument);
  return {
    ec2: memoize((region) => wrap(new EC2Client(baseConfig(settings, region)))),
    datasync: memoize((region) => wrap(new DataSyncClient(baseConfig(settings, region)))),
    drs: memoize((region) => wrap(new DrsClient(baseConfig(settings, region)))),
    rds: memoize((region) => wrap(new RDSClient(baseConfig(settings, region)))),
    route53resolver: memoize((region) => wrap(new Route53ResolverClient(baseConfig(settings, region)))),
    directconnect: memoize((region) => wrap(new DirectConnectClient(baseConfig(settings, region)))),
    // An emulator serves buckets by path, not by host name.
    s3: memoize((region) =>
      wrap(
        new S3Client({ ...baseConfig(settings, region), forcePathStyle: settings.endpoint !== undefined }),
      ),
    ),
  };
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'AccessDenied',
]);

function unreachable(error: unknown, what: string): AwsUnreachableError {
  const code = errorCode(error);
  const message = (error as Error | undefined)?.message ?? String(error);
  if (CREDENTIAL_ERRORS.has(code) || /credential/i.test(message)) {
    return new AwsUnreachableError(
      `no usable AWS credentials (${code}: ${message.split('\n')[0]}); pass --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or Lambda role is available`,
    );
  }
  return new AwsUnreachableError(`cannot reach AWS to ${what} (${code}: ${message.split('\n')[0]})`);
}

export interface CallerIdentity {
  accountId: string;
  partition: string;
}

/** Who we are: the account of the snapshot, and the partition its ARNs are built in. */
export async function resolveIdentity(settings: ClientSettings, region: string): Promise<CallerIdentity> {
  // As many attempts as every other call: two throttles in a row must not end a run.
  const sts = observed(new STSClient(baseConfig(settings, region)), settings.observer);
  settings.observer?.called?.('sts', 'GetCallerIdentity');
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const partition = identity.Arn?.split(':')[1] ?? 'aws';
    if (identity.Account === undefined) throw new Error('GetCallerIdentity returned no account');
    return { accountId: identity.Account, partition };
  } catch (error) {
    throw unreachable(error, 'identify the account');
  } finally {
    sts.destroy();
  }
}

/** `--regions all`: every region enabled for the account (DescribeRegions answers only those by default). */
export async function enabledRegions(
  clients: RegionalClients,
  region: string,
  observer?: AttemptObserver,
): Promise<string[]> {
  observer?.called?.('ec2', 'DescribeRegions');
  try {
    const answer = await clients.ec2(region).send(new DescribeRegionsCommand({}));
    return (answer.Regions ?? []).flatMap((entry) => (entry.RegionName ? [entry.RegionName] : [])).sort();
  } catch (error) {
    throw unreachable(error, 'list the enabled regions');
  }
}
