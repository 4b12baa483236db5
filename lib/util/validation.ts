import type { z } from 'zod';

/** Renders a path the way a person writes it: `regions.eu-west-1.ec2.Subnets[3].AvailableIpAddressCount`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (String(key).includes('.')) out += `[${JSON.stringify(String(key))}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** One line for the first problem zod found: the JSON path and what was expected there. */
export function describeFirstIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return '(document): invalid';
  if (issue.code === 'unrecognized_keys') {
    return `${formatPath([...issue.path, issue.keys[0] ?? ''])}: unknown key`;
  }
  const where = formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    const actual = valueAt(input, issue.path);
    return actual === undefined
      ? `${where}: required ${issue.expected}`
      : `${where}: expected ${issue.expected}, got ${describeValue(actual)}`;
  }
  if (issue.code === 'invalid_value') {
    return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${issue.message}`;
}
