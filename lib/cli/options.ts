/**
 * Values of the command line's flags: comma lists checked against what is allowed
 * (the message lists the allowed values), region names checked against the partition's
 * region list from the AWS SDK's own endpoint data, and the package version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partition } from '@aws-sdk/util-endpoints';
import { InputError, isDefect } from '../util/errors.js';

/**
 * The statuses as other tools spell them, accepted for ours: Prowler's `--status FAIL`
 * and `PASS` are hna's FAILED and PASSED.
 */
export const STATUS_ALIASES: Readonly<Record<string, 'FAILED' | 'PASSED'>> = {
  FAIL: 'FAILED',
  PASS: 'PASSED',
};

/** A comma-separated list whose every item is one of `allowed` or an alias of one (compared without case). */
export function listOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  aliases: Readonly<Record<string, string>> = {},
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new InputError(`${flag}: empty; expected one or more of ${allowed.join(', ')}`);
  return items.map((item) => {
    const name = aliases[item.toUpperCase()] ?? item;
    const found = allowed.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (found === undefined) throw new InputError(`${flag} ${item}: expected one of ${allowed.join(', ')}`);
    return found;
  });
}

/** A region the SDK's endpoint data knows (its partition lists it with a description). */
export function isKnownRegion(name: string): boolean {
  try {
    return (partition(name) as { description?: string }).description !== undefined;
  } catch (error) {
    // The endpoint data refuses a name it does not know; a defect is not that.
    if (isDefect(error)) throw error;
    return false;
  }
}

export function regionName(flag: string, name: string): string {
  if (!isKnownRegion(name))
    throw new InputError(`${flag}: "${name}" is not a region of any AWS partition (for example eu-west-1)`);
  return name;
}

/** `--regions r1,r2|all`: each name a region of a partition. */
export function regionList(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return 'all';
  const regions = value.split(',').map((region) => region.trim());
  for (const region of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new InputError(`--regions: "${region}" is not a region name (for example eu-west-1), or use all`);
    regionName('--regions', region);
  }
  return [...new Set(regions)];
}

/** The directory of the installed package (found from the source or the bundle), if found. */
export function packageRoot(): string | undefined {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (manifest.name === 'hybrid-network-auditor') return directory;
    }
    directory = dirname(directory);
  }
  return undefined;
}

/** The version of the installed package, from its package.json. */
export function packageVersion(): string {
  const root = packageRoot();
  if (root === undefined) return 'unknown';
  return (
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ??
    'unknown'
  );
}

/** The directory of the rule pages of the installed package (absolute), if it ships them. */
export function rulePagesDirectory(): string | undefined {
  const root = packageRoot();
  if (root === undefined) return undefined;
  const directory = join(root, 'docs', 'rules');
  return existsSync(directory) ? directory : undefined;
}

/** The rule pages (docs/rules/<slug>.md) beside the command, for the HTML report to embed. */
export function ruleDocs(slugs: Iterable<string>): Record<string, string> {
  const root = packageRoot();
  const docs: Record<string, string> = {};
  if (root === undefined) return docs;
  for (const slug of slugs) {
    const file = join(root, 'docs', 'rules', `${slug}.md`);
    if (existsSync(file)) docs[slug] = readFileSync(file, 'utf8');
  }
  return docs;
}
