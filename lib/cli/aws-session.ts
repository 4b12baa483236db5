/** Turns the AWS flags shared by `collect` and `audit` into clients, identity and regions. */
import {
  type ClientSettings,
  createRegionalClients,
  enabledRegions,
  resolveIdentity,
} from '../collect/clients.js';
import { collectSnapshot } from '../collect/collect.js';
import { CollectionLog } from '../collect/log.js';
import type { Snapshot } from '../inventory/types.js';
import { InputError } from '../util/errors.js';
import type { CliIo } from './io.js';
import { regionList } from './options.js';

const CLEAR_LINE = `${String.fromCharCode(27)}[2K`;

export interface AwsFlags {
  profile?: string | undefined;
  regions?: string | undefined;
  'endpoint-url'?: string | undefined;
}

export interface LiveCollection {
  snapshot: Snapshot;
  log: CollectionLog;
}

function endpointFrom(flags: AwsFlags, io: CliIo): string | undefined {
  const endpoint = flags['endpoint-url'] ?? io.env.AWS_ENDPOINT_URL;
  if (endpoint === undefined) return undefined;
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InputError(`--endpoint-url ${endpoint}: not an http(s) URL`);
  return endpoint;
}

export async function collectLive(flags: AwsFlags, io: CliIo): Promise<LiveCollection> {
  // The SDK's default credential chain reads the profile from the environment.
  if (flags.profile !== undefined) process.env.AWS_PROFILE = flags.profile;
  const endpoint = endpointFrom(flags, io);
  const settings: ClientSettings = endpoint === undefined ? {} : { endpoint };
  const requested = regionList(flags.regions);
  const homeRegion =
    (Array.isArray(requested) ? requested[0] : undefined) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (homeRegion === undefined) {
    throw new InputError(
      '--regions: required (for example --regions eu-west-1,us-east-1, or all), or set AWS_REGION',
    );
  }
  const log = new CollectionLog();
  settings.observer = log;
  const identity = await resolveIdentity(settings, homeRegion);
  const clients = createRegionalClients(settings);
  const regions =
    requested === 'all' ? await enabledRegions(clients, homeRegion, log) : (requested ?? [homeRegion]);
  const showProgress = io.stderrIsTty && regions.length > 1;
  const snapshot = await collectSnapshot({
    clients,
    regions,
    accountId: identity.accountId,
    partition: identity.partition,
    log,
    now: io.now(),
    // Each update clears the line first (ESC [2K), and the last one is cleared away: no stray characters.
    onRegionDone: showProgress
      ? (region, done, total) =>
          io.stderr(`\r${CLEAR_LINE}collecting: ${done}/${total} regions (${region} done)`)
      : undefined,
  });
  if (showProgress) io.stderr(`\r${CLEAR_LINE}`);
  return { snapshot, log };
}
