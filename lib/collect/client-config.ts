/**
 * How every SDK client of hna is configured: region, hna's retry strategy (or one of the
 * SDK's modes), an optional endpoint and credentials. Apart from the clients themselves,
 * so that a function that creates only a few of them (the dispatcher) imports no others.
 */
import type { AttemptObserver } from './log.js';
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

/** One client per region, made on first use. */
export function memoize<T>(create: (region: string) => T): (region: string) => T {
  const cache = new Map<string, T>();
  return (region) => {
    let client = cache.get(region);
    if (client === undefined) {
      client = create(region);
      cache.set(region, client);
    }
    return client;
  };
}
