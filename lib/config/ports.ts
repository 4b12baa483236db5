import type { PortRange } from '../vocabulary/port-ranges.js';

export type PortRangeParse = { ok: true; range: PortRange } | { ok: false; reason: string };

/** Parses `443` or `1024-1064` (TCP ports 0-65535, low end first). */
export function parsePortRange(text: string): PortRangeParse {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!match) return { ok: false, reason: `"${text}" is not a port or port range (use 443 or 1024-1064)` };
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from > 65535 || to > 65535) return { ok: false, reason: `"${text}": ports go up to 65535` };
  if (from > to) return { ok: false, reason: `"${text}": the range must go from low to high` };
  return { ok: true, range: { from, to } };
}
