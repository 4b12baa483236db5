/**
 * Evidence stays short whatever the account's size: a list longer than a few items is said
 * as people read it — the first few, then how many more — and the full list stays where it
 * is useful (the JSON `path`, the snapshot). Security Hub's text fields have limits too
 * (ASFF `Description`: 1,024 characters).
 */

/** How many items of a list evidence names before it counts the rest. */
export const LISTED = 3;

/** "a, b, c" or "a, b, c and 797 more". */
export function listOf(items: readonly string[], shown = LISTED): string {
  const unique = [...new Set(items)];
  if (unique.length <= shown + 1) return unique.join(', ');
  return `${unique.slice(0, shown).join(', ')} and ${unique.length - shown} more`;
}
