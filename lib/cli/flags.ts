/** The flags of the commands, shared by the program's definition and the commands' bodies. */
export const FORMATS = ['table', 'json', 'asff', 'html', 'csv', 'junit', 'ocsf'] as const;
export const FAIL_ON = ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'never'] as const;

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
  format: (typeof FORMATS)[number];
  out?: string;
  status?: string;
  severity?: string;
  scenario?: string;
  rule?: string;
  failOn: (typeof FAIL_ON)[number];
  securityHub?: boolean;
  docsUrl?: string;
}
