/**
 * Real SDK clients for the command line and the Lambda functions: one per
 * service and region, adaptive retries, and an optional endpoint for a local
 * emulator. Credentials come from the SDK's default chain.
 */
import { DataSyncClient } from '@aws-sdk/client-datasync';
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DrsClient } from '@aws-sdk/client-drs';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsUnreachableError } from '../util/errors.js';
import { type ClientFactory, type ClientSettings, clientFactory } from './client-config.js';
import type { RegionalClients } from './collect.js';
import { type AttemptObserver, errorCode } from './log.js';

export type { ClientFactory, ClientSettings } from './client-config.js';
export { clientFactory } from './client-config.js';

/** The clients a collection reads through, from one factory (or settings, which make one). */
export function createRegionalClients(from: ClientSettings | ClientFactory): RegionalClients {
  const client = typeof from === 'function' ? from : clientFactory(from);
  return {
    ec2: (region) => client(EC2Client, region),
    datasync: (region) => client(DataSyncClient, region),
    drs: (region) => client(DrsClient, region),
    rds: (region) => client(RDSClient, region),
    route53resolver: (region) => client(Route53ResolverClient, region),
    route53: (region) => client(Route53Client, region),
    directconnect: (region) => client(DirectConnectClient, region),
    s3: (region) => client(S3Client, region),
    networkfirewall: (region) => client(NetworkFirewallClient, region),
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
  const sts = clientFactory(settings)(STSClient, region);
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
