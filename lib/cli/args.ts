import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '../util/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing whose errors name the flag, as ../shared/cli.md asks. */
export function parseFlags<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new InputError(`${message} (see hna ${command} --help)`);
  }
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`${flag} ${value}: expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function regionList(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return 'all';
  const regions = value.split(',').map((region) => region.trim());
  for (const region of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new InputError(`--regions: "${region}" is not a region name (for example eu-west-1), or use all`);
    }
  }
  return [...new Set(regions)];
}
