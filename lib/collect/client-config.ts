/**
 * How every SDK client of hna is configured: region, hna's retry strategy (or one of the
 * SDK's modes), an optional endpoint and credentials. Apart from the clients themselves,
 * so that a function that creates only a few of them (the dispatcher) imports no others.
 */
import { type AttemptObserver, errorCode } from './log.js';
import { DEFAULT_RETRY_LIMITS, SeparateBudgetRetryStrategy } from './retry-strategy.js';

export interface ClientSettings {
  /** A local emulator or a VPC endpoint: every client is pointed at it. */
  endpoint?: string;
  /** Static credentials (tests and assumed roles); otherwise the default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
  /** Told of every attempt, so that `collect --stats` can count retries and throttles. */
  observer?: AttemptObserver;
  /**
   * How calls are retried: hna's strategy (separate budgets for throttling and failures)
   * by default, or one of the SDK's modes, for the comparison in BENCHMARKS.md.
   */
  retry?: 'hna' | 'standard' | 'adaptive';
  /** Wraps each client once created (X-Ray tracing in Lambda). */
  instrument?: <T>(client: T) => T;
}

export const DEFAULT_MAX_ATTEMPTS = 6;

const RETRY_STRATEGY = new SeparateBudgetRetryStrategy();

function retryConfig(settings: ClientSettings) {
  const retry = settings.retry ?? 'hna';
  if (retry !== 'hna') return { maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retryMode: retry };
  return {
    maxAttempts: DEFAULT_RETRY_LIMITS.throttled,
    retryStrategy:
      settings.maxAttempts === undefined
        ? RETRY_STRATEGY
        : new SeparateBudgetRetryStrategy({ throttled: settings.maxAttempts, other: settings.maxAttempts }),
  };
}

export function baseConfig(settings: ClientSettings, region: string) {
  return {
    region,
    ...retryConfig(settings),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  };
}

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
function observed<T>(client: T, observer: AttemptObserver | undefined): T {
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

/** An SDK client's constructor, as every v3 client has it. */
// biome-ignore lint/suspicious/noExplicitAny: each client's config type differs; baseConfig fits them all.
export type ClientConstructor<C> = new (config: any) => C;

/**
 * Makes every SDK client of a caller: one per service and region (made on first use),
 * configured by `baseConfig`, counted by the observer, instrumented once (X-Ray in Lambda).
 * `destroy()` closes every client it made.
 */
export interface ClientFactory {
  <C extends { destroy(): void }>(kind: ClientConstructor<C>, region: string): C;
  destroy(): void;
}

export function clientFactory(settings: ClientSettings): ClientFactory {
  const made = new Map<unknown, Map<string, { destroy(): void }>>();
  const make = <C extends { destroy(): void }>(kind: ClientConstructor<C>, region: string): C => {
    let byRegion = made.get(kind);
    if (byRegion === undefined) {
      byRegion = new Map();
      made.set(kind, byRegion);
    }
    const existing = byRegion.get(region);
    if (existing !== undefined) return existing as C;
    // An emulator serves S3 buckets by path, not by host name; other clients ignore the setting.
    const config = {
      ...baseConfig(settings, region),
      ...(settings.endpoint ? { forcePathStyle: true } : {}),
    };
    const client = observed(new kind(config), settings.observer);
    const instrumented = settings.instrument ? settings.instrument(client) : client;
    byRegion.set(region, instrumented);
    return instrumented;
  };
  return Object.assign(make, {
    destroy() {
      for (const byRegion of made.values()) for (const client of byRegion.values()) client.destroy();
      made.clear();
    },
  });
}
