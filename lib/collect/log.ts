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
}

export function errorCode(error: unknown): string {
  const candidate = error as AwsErrorLike | undefined;
  return candidate?.Code ?? candidate?.name ?? candidate?.code ?? 'UnknownError';
}

export class CollectionLog {
  readonly calls = new Map<string, number>();
  readonly errors: CollectionError[] = [];

  count(service: string, operation: string, calls = 1): void {
    const key = `${service}:${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + calls);
  }

  fail(
    scope: { region?: string; service: string; operation: string; resourceId?: string },
    error: unknown,
  ): void {
    // SDK messages can carry a whole HTML page from a proxy; the first line says what happened.
    const message = ((error as AwsErrorLike | undefined)?.message ?? String(error)).split('\n')[0] ?? '';
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
