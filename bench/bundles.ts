/**
 * Lambda start-up: each function bundle as deployed (minified ESM, the AWS SDK bundled)
 * beside the SDK-external build measured in the same run; bundle size and zipped size,
 * and the time a fresh Node process takes to import it (median of 9), as a proxy for
 * cold-start initialisation. Run: npm run bench:bundles
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { buildFunctions } from '../scripts/build.mjs';
import { median, table, writeSection } from './report.js';

const IMPORT_BUDGET_MS = 250;
const ZIP_BUDGET_BYTES = 3 * 1024 * 1024;
const EXTERNAL_DIR = 'dist/bench-sdk-external';

execFileSync(process.execPath, ['scripts/build.mjs']);
rmSync(EXTERNAL_DIR, { recursive: true, force: true });
await buildFunctions(EXTERNAL_DIR, { external: ['@aws-sdk/*', '@smithy/*'], mainFields: ['main', 'module'] });

function importMs(path: string): number {
  const times: number[] = [];
  for (let run = 0; run < 9; run += 1) {
    const script = `const t=process.hrtime.bigint(); await import(${JSON.stringify(path)}); console.log(Number(process.hrtime.bigint()-t)/1e6);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      // The external build resolves the SDK from node_modules, as the runtime's copy would be.
      cwd: process.cwd(),
      env: {
        ...process.env,
        AWS_REGION: 'eu-west-1',
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
    });
    times.push(Number(String(out).trim().split('\n').pop()));
  }
  return median(times);
}

const rows: (string | number)[][] = [];
let met = true;
for (const file of readdirSync('dist/functions')
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const deployed = resolve('dist/functions', file);
  const external = resolve(EXTERNAL_DIR, file);
  const bytes = statSync(deployed).size;
  // The deployment package is a zip of the bundle: its deflated size.
  const zipped = deflateRawSync(readFileSync(deployed), { level: 9 }).length;
  const ms = importMs(deployed);
  const externalMs = importMs(external);
  const within = ms <= IMPORT_BUDGET_MS && zipped <= ZIP_BUDGET_BYTES;
  met &&= within;
  rows.push([
    file.replace('.mjs', ''),
    (bytes / 2 ** 20).toFixed(2),
    (zipped / 2 ** 20).toFixed(2),
    ms.toFixed(0),
    externalMs.toFixed(0),
    within ? 'yes' : 'no',
  ]);
}
rmSync(EXTERNAL_DIR, { recursive: true, force: true });
const body = `## Lambda start-up

Each function bundle as \`scripts/build.mjs\` and serverless-esbuild build it for deployment: minified ESM with the AWS SDK bundled (ESM builds first, \`mainFields: module, main\`). Beside it, measured in the same run, the same function built with \`@aws-sdk/*\` and \`@smithy/*\` left external, as the runtime would provide them (here they load from node_modules). Import time: a fresh Node process importing the bundle, median of 9 — the initialisation part of a cold start. Zipped: the bundle deflated as the deployment zip holds it. Reproduce: \`npm run bench:bundles\`.

${table(['function', 'bundle (MB)', 'zipped (MB)', 'import (ms)', 'SDK external: import (ms)', 'within budget'], rows)}

Budget: every handler ≤ ${IMPORT_BUDGET_MS} ms to import and ≤ 3 MB zipped — **${met ? 'met' : 'NOT met'}**.`;
console.log(body);
writeSection('bundles', body);
