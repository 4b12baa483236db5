/**
 * The record of one collection: how many API calls each operation made, and
 * every call that failed. Collectors never throw for a failed AWS call; they
 * record it here and leave the list it would have filled absent.
 */
import type { CollectionError } from '../inventory/types.js';

export interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  /** The raw answer, which the SDK attaches when it could not parse it (a JSON service's HTML page). */
  $response?: { statusCode?: number };
}

/**
 * Names that say only that the SDK could not read the answer, not what AWS said: the parser's
 * error (JSON services), and `Unknown` (the query protocol's name for an error it cannot read).
 */
const NOT_AN_AWS_CODE = new Set([
  'SyntaxError',
  'Error',
  'UnknownError',
  'Unknown',
  'TypeError',
  'RangeError',
]);

/** Whether the answer was not AWS's own error (an HTML page from a proxy or gateway). */
function notAnAwsAnswer(error: unknown): number | undefined {
  const candidate = error as AwsErrorLike | undefined;
  const code = candidate?.Code ?? candidate?.name ?? candidate?.code ?? 'UnknownError';
  const status = candidate?.$metadata?.httpStatusCode ?? candidate?.$response?.statusCode;
  return status !== undefined && NOT_AN_AWS_CODE.has(code) ? status : undefined;
}

/** AWS's error code; `HTTP 502` when the answer was not AWS's, so that the status is not lost. */
export function errorCode(error: unknown): string {
  const status = notAnAwsAnswer(error);
  if (status !== undefined) return `HTTP ${status}`;
  const candidate = error as AwsErrorLike | undefined;
  return candidate?.Code ?? candidate?.name ?? candidate?.code ?? 'UnknownError';
}

/** The first line of the error's message, which for an answer that was not AWS's says so. */
export function errorMessage(error: unknown): string {
  const first = ((error as AwsErrorLike | undefined)?.message ?? String(error)).split('\n')[0] ?? '';
  return notAnAwsAnswer(error) === undefined ? first : `the answer was not an AWS response (${first})`;
}

/** Told of every HTTP attempt a client makes, retries included (see clients.ts). */
export interface AttemptObserver {
  attempt(service: string, operation: string, throttled: boolean): void;
  /** A call made outside the collectors (the identity, the region list), counted as theirs are. */
  called?(service: string, operation: string): void;
}

export class CollectionLog implements AttemptObserver {
  readonly calls = new Map<string, number>();
  readonly attempts = new Map<string, number>();
  readonly throttles = new Map<string, number>();
  readonly errors: CollectionError[] = [];

  called(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  attempt(service: string, operation: string, throttled: boolean): void {
    const key = `${service}:${operation}`;
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    if (throttled) this.throttles.set(key, (this.throttles.get(key) ?? 0) + 1);
  }

  /** Per operation: calls, retries (attempts beyond the calls) and throttled attempts, for `--stats`. */
  stats(): { operation: string; calls: number; retries: number; throttled: number }[] {
    const operations = [...new Set([...this.calls.keys(), ...this.attempts.keys()])].sort();
    return operations.map((operation) => {
      const calls = this.calls.get(operation) ?? 0;
      const attempts = this.attempts.get(operation);
      return {
        operation,
        calls,
        retries: attempts === undefined ? 0 : Math.max(0, attempts - calls),
        throttled: this.throttles.get(operation) ?? 0,
      };
    });
  }

  /** Failed calls by operation, most first: "ec2:DescribeVpnConnections × 2 (UnauthorizedOperation)". */
  failureSummary(): string[] {
    const byOperation = new Map<string, { count: number; codes: Set<string> }>();
    for (const error of this.errors) {
      const key = `${error.service}:${error.operation}`;
      const entry = byOperation.get(key) ?? { count: 0, codes: new Set<string>() };
      entry.count += 1;
      entry.codes.add(error.code);
      byOperation.set(key, entry);
    }
    return [...byOperation]
      .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b))
      .map(([operation, { count, codes }]) => `${operation} × ${count} (${[...codes].join(', ')})`);
  }

  count(service: string, operation: string, calls = 1): void {
    const key = `${service}:${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + calls);
  }

  fail(
    scope: { region?: string; service: string; operation: string; resourceId?: string },
    error: unknown,
  ): void {
    // SDK messages can carry a whole HTML page from a proxy; the first line says what happened.
    const message = errorMessage(error);
    this.errors.push({
      ...(scope.region === undefined ? {} : { region: scope.region }),
      service: scope.service,
      operation: scope.operation,
      code: errorCode(error),
      message,
      ...(scope.resourceId === undefined ? {} : { resourceId: scope.resourceId }),
    });
  }

  /** Calls by operation, sorted by name, for `hna collect --stats`. */
  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  totalCalls(): number {
    let total = 0;
    for (const value of this.calls.values()) total += value;
    return total;
  }
}

export interface CallScope {
  log: CollectionLog;
  region: string | undefined;
  service: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** One API call: counted, and on failure recorded with the resource it was about. */
export async function call<T>(
  scope: CallScope,
  operation: string,
  send: () => Promise<T>,
  resourceId?: string,
): Promise<Outcome<T>> {
  scope.log.count(scope.service, operation);
  // biome-ignore lint/plugin: every failure of an AWS call is recorded with its code: the list becomes NOT_AVAILABLE (snapshot errors), never a verdict.
  try {
    return { ok: true, value: await send() };
  } catch (error) {
    scope.log.fail({ region: scope.region, service: scope.service, operation, resourceId }, error);
    return { ok: false, error };
  }
}

/**
 * Every page of a paginated operation, or undefined when any page failed: a
 * partial list would read as "these are all", which is a guess.
 */
export async function allPages<Page, Item>(
  scope: CallScope,
  operation: string,
  pages: () => AsyncIterable<Page>,
  pick: (page: Page) => Item[] | undefined,
  options: { resourceId?: string; tolerate?: (error: unknown) => Item[] | undefined } = {},
): Promise<Item[] | undefined> {
  const items: Item[] = [];
  // biome-ignore lint/plugin: every failure of an AWS call is recorded with its code: the list becomes NOT_AVAILABLE (snapshot errors), never a verdict.
  try {
    for await (const page of pages()) {
      scope.log.count(scope.service, operation);
      items.push(...(pick(page) ?? []));
    }
    return items;
  } catch (error) {
    // The call that threw was made too.
    scope.log.count(scope.service, operation);
    const tolerated = options.tolerate?.(error);
    if (tolerated !== undefined) return tolerated;
    scope.log.fail(
      { region: scope.region, service: scope.service, operation, resourceId: options.resourceId },
      error,
    );
    return undefined;
  }
}

/** Drops the SDK's response metadata, which the snapshot never holds. */
export function withoutMetadata<T extends { $metadata?: unknown }>(response: T): Omit<T, '$metadata'> {
  const { $metadata: _ignored, ...rest } = response;
  return rest;
}
