/**
 * What `hna audit` writes: each format's renderer and file name, one audit rendered in
 * every format asked for (`--format json,html,csv --out-dir D`), then every file written
 * atomically. Rendering comes first, writing after: a format that cannot be rendered
 * leaves no file of the others half done.
 */
import { join, resolve } from 'node:path';
import type { AuditReport } from '../audit/run-audit.js';
import type { RuleResult } from '../catalog/rule.js';
import { formatCsv, formatJunit } from '../report/formats.js';
import { formatHtml } from '../report/html.js';
import { formatOcsf, toOcsf } from '../report/ocsf.js';
import { formatOcsfParquet } from '../report/ocsf-parquet.js';
import { formatAuditTable } from '../report/table.js';
import { InputError } from '../util/errors.js';
import { ensureDirectory, writeFileAtomically } from '../util/files.js';
import type { Format } from './flags.js';
import type { CliIo } from './io.js';
import { packageVersion, ruleDocs, rulePagesDirectory } from './options.js';

export interface RenderContext {
  report: AuditReport;
  /** The ASFF findings, built only when asked for. */
  asff: () => unknown[];
  color: boolean;
  width: number;
  /** Whether a result fails the gate (--fail-on, --fail-on-severity): a JUnit failure. */
  fails: (result: RuleResult) => boolean;
  docsBaseUrl?: string;
}

/** The name of each format's file in --out-dir: the extension says what reads it. */
const FILE_NAMES: Record<Format, string> = {
  table: 'hna-audit.txt',
  json: 'hna-audit.json',
  asff: 'hna-audit.asff.json',
  html: 'hna-audit.html',
  csv: 'hna-audit.csv',
  junit: 'hna-audit.junit.xml',
  ocsf: 'hna-audit.ocsf.json',
  'ocsf-parquet': 'hna-audit.ocsf.parquet',
};

/** Formats that are binary: written to a file, never to standard output. */
const BINARY: ReadonlySet<Format> = new Set(['ocsf-parquet']);

const RENDER: Record<Format, (context: RenderContext) => string | Uint8Array> = {
  table: ({ report, color, width, docsBaseUrl }) => {
    // The rule pages at --docs-url, else where the installed package keeps them (an absolute path).
    const pages = docsBaseUrl ?? rulePagesDirectory();
    return formatAuditTable(report, { color, width, ...(pages ? { docsBaseUrl: pages } : {}) });
  },
  json: ({ report }) => `${JSON.stringify(withAccountIds(report), null, 2)}\n`,
  asff: ({ asff }) => `${JSON.stringify(asff(), null, 2)}\n`,
  html: ({ report, docsBaseUrl }) =>
    formatHtml(
      report,
      docsBaseUrl ? { docsBaseUrl } : { ruleDocs: ruleDocs(report.results.map((r) => r.slug)) },
    ),
  csv: ({ report }) => formatCsv(report),
  junit: ({ report, fails }) => formatJunit(report, fails),
  ocsf: ({ report }) => formatOcsf(report, packageVersion()),
  'ocsf-parquet': ({ report }) => formatOcsfParquet(toOcsf(report, packageVersion())),
};

/** The JSON report: `accountIds` (every account audited) beside `accountId` (the first). */
function withAccountIds(report: AuditReport): AuditReport & { accountIds: string[] } {
  const { version, accountId, ...rest } = report;
  return { version, accountId, accountIds: report.accounts ?? [accountId], ...rest };
}

/** Where each format goes: standard output, the --out file, or its file in --out-dir. */
export function destinations(
  formats: readonly Format[],
  out: string | undefined,
  outDir: string | undefined,
): { format: Format; file?: string }[] {
  if (out !== undefined && outDir !== undefined)
    throw new InputError(
      `--out ${out}: give either --out FILE (one format) or --out-dir DIR (one file per format), not both`,
    );
  if (outDir !== undefined)
    return formats.map((format) => ({ format, file: join(outDir, FILE_NAMES[format]) }));
  if (formats.length > 1)
    throw new InputError(
      `--format ${formats.join(',')}: several formats need --out-dir DIR (one file per format: ${formats.map((f) => FILE_NAMES[f]).join(', ')})`,
    );
  const format = formats[0] ?? 'table';
  if (out === undefined && BINARY.has(format))
    throw new InputError(`--format ${format} is binary: give --out FILE or --out-dir DIR`);
  return [{ format, ...(out === undefined ? {} : { file: out }) }];
}

/** The files of --out-dir, absolute, for the check that no input is overwritten. */
export function outputFiles(destinationsOf: readonly { file?: string }[]): string[] {
  return destinationsOf.flatMap(({ file }) => (file === undefined ? [] : [resolve(file)]));
}

/**
 * Renders every destination, then writes them: files atomically (each whole or not at
 * all), standard output last. `summary` says on standard error what each file holds.
 */
export async function writeOutputs(
  io: CliIo,
  targets: readonly { format: Format; file?: string }[],
  context: RenderContext,
  summary: (format: Format) => string,
  outDir: string | undefined,
): Promise<void> {
  const rendered = targets.map((target) => ({ ...target, text: RENDER[target.format](context) }));
  if (outDir !== undefined) await ensureDirectory(outDir, '--out-dir');
  for (const { format, file, text } of rendered) {
    if (file === undefined) io.stdout(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
    else {
      await writeFileAtomically(file, text, outDir === undefined ? '--out' : '--out-dir');
      io.stderr(`hna: wrote ${file} (${summary(format)})\n`);
    }
  }
}
