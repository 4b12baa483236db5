/** The flags of the commands, shared by the program's definition and the commands' bodies. */
import { InvalidArgumentError } from 'commander';

export const FORMATS = ['table', 'json', 'asff', 'html', 'csv', 'junit', 'ocsf', 'ocsf-parquet'] as const;
export type Format = (typeof FORMATS)[number];

/** `--format a,b,c`: each one of FORMATS (without case), in the order given, each once. */
export function formatList(value: string): Format[] {
  const formats: Format[] = [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const found = FORMATS.find((format) => format.toLowerCase() === item.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(', ')}.`);
    if (!formats.includes(found)) formats.push(found);
  }
  if (formats.length === 0) throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(', ')}.`);
  return formats;
}
export const FAIL_ON = ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'never'] as const;
/** --fail-on-severity: the least severity that fails the gate (with --fail-on's status). */
export const FAIL_ON_SEVERITY = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;

export interface CollectOptions {
  profile?: string;
  regions?: string;
  endpointUrl?: string;
  out?: string;
  stats?: boolean;
}

export interface AuditOptions {
  snapshot?: string[];
  profile?: string;
  regions?: string;
  endpointUrl?: string;
  config?: string;
  /** One format, or several with --out-dir. */
  format: Format[];
  out?: string;
  outDir?: string;
  status?: string;
  severity?: string;
  scenario?: string;
  rule?: string;
  failOn: (typeof FAIL_ON)[number];
  failOnSeverity?: (typeof FAIL_ON_SEVERITY)[number];
  securityHub?: boolean;
  docsUrl?: string;
}
