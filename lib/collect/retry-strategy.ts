/**
 * The retry strategy of every client: exponential backoff with full jitter, and a
 * separate budget for throttling, which a large organization meets often and which
 * always passes. The SDK's own strategies share one attempt budget between throttles
 * and failures, and spend a retry quota that a throttled run can exhaust, after which
 * calls fail without a retry; at 50 % throttling, six attempts lose one call in 64.
 * Measured against the SDK's standard and adaptive modes in BENCHMARKS.md
 * ("Retries under injected faults").
 */

/** The shapes of @smithy/types' RetryStrategyV2, RetryToken and RetryErrorInfo. */
interface RetryErrorInfo {
  errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  retryAfterHint?: Date;
  error?: unknown;
}

export interface RetryLimits {
  /** Attempts that may end in throttling before the call fails. */
  throttled: number;
  /** Attempts that may end in another retryable failure (5xx, reset, time-out). */
  other: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { throttled: 16, other: 6 };

const THROTTLE_BASE_MS = 250;
const THROTTLE_CAP_MS = 10_000;
const FAILURE_BASE_MS = 100;
const FAILURE_CAP_MS = 5_000;

class Token {
  constructor(
    readonly retries: number,
    readonly throttles: number,
    readonly failures: number,
    readonly delay: number,
  ) {}

  getRetryCount(): number {
    return this.retries;
  }

  getRetryDelay(): number {
    return this.delay;
  }
}

/**
 * A 5xx answer that is not AWS's (a gateway's HTML page) which the client could not parse: older
 * clients (the Route 53 Resolver client the registry offers is 3.654) call it a client error, the
 * newer ones a server error. It is a server error: retried like one.
 */
function gatewayPage(error: unknown): boolean {
  const answer = error as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  const status = answer?.$metadata?.httpStatusCode ?? answer?.$response?.statusCode;
  return status !== undefined && status >= 500;
}

export class SeparateBudgetRetryStrategy {
  readonly mode = 'standard';

  constructor(
    private readonly limits: RetryLimits = DEFAULT_RETRY_LIMITS,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<Token> {
    return new Token(0, 0, 0, 0);
  }

  async refreshRetryTokenForRetry(previous: Token, info: RetryErrorInfo): Promise<Token> {
    if (info.errorType === 'CLIENT_ERROR' && !gatewayPage(info.error))
      throw new Error('the error is not retryable');
    const throttled = info.errorType === 'THROTTLING';
    const throttles = previous.throttles + (throttled ? 1 : 0);
    const failures = previous.failures + (throttled ? 0 : 1);
    if (throttles >= this.limits.throttled || failures >= this.limits.other)
      throw new Error('the retry budget is spent');
    const exponent = throttled ? throttles - 1 : failures - 1;
    const ceiling = throttled
      ? Math.min(THROTTLE_CAP_MS, THROTTLE_BASE_MS * 2 ** exponent)
      : Math.min(FAILURE_CAP_MS, FAILURE_BASE_MS * 2 ** exponent);
    let delay = Math.floor(this.random() * ceiling);
    if (info.retryAfterHint !== undefined)
      delay = Math.max(delay, Math.min(THROTTLE_CAP_MS, info.retryAfterHint.getTime() - Date.now()));
    return new Token(previous.retries + 1, throttles, failures, delay);
  }

  recordSuccess(_token: Token): void {}
}
