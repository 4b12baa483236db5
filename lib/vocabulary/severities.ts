/** Severities, defined once: Security Hub's (ASFF) labels, the most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** The order outputs sort by: 0 the most severe. */
export const SEVERITY_RANK = Object.fromEntries(
  SEVERITIES.map((severity, rank) => [severity, rank]),
) as Record<Severity, number>;
