/**
 * IAM's `*` and `?` wildcards (actions, `StringLike`, condition values), the project's one
 * matcher for them: the policy evaluator and the rules that read condition values both use
 * it. A policy variable (`${…}`) is the caller's to refuse; here it is plain text.
 */

export function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Compiled patterns: a policy is asked thousands of questions, its patterns compile once. */
const compiled = new Map<string, RegExp>();

/** `*` matches any characters, `?` one; the whole value must match. */
export function matchesWildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let expression = compiled.get(key);
  if (expression === undefined) {
    const source = `^${escapeRegExp(pattern).replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
    expression = new RegExp(source, ignoreCase ? 'is' : 's');
    // Bounded: patterns come from policies, and an audit of 10,000 buckets must not grow it without end.
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, expression);
  }
  return expression.test(value);
}
