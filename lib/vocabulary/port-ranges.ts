/**
 * Port ranges, defined once: the range and the one way every message, evidence and output
 * writes it (`443`, `1024-1064`).
 */
export interface PortRange {
  from: number;
  to: number;
}

export function portRangeText(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}
