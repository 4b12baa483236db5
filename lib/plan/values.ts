/** Reading a plan's values: objects, string lists, and what `after_unknown` marks unknown. */
export type Json = Record<string, unknown>;

export const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Whether anything under this `after_unknown` value is unknown. */
export function anyUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(anyUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(anyUnknown);
  return false;
}
