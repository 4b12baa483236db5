/**
 * Lambda start-up: the size of each function bundle (as deployed: minified, the AWS
 * SDK left to the runtime) and the time a fresh Node process takes to import it,
 * median of 7 runs, as a proxy for cold-start initialisation.
 * Run: npm run bench:bundles
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { median, table, writeSection } from './report.js';

execFileSync(process.execPath, ['scripts/build.mjs']);
const BUDGET_BYTES = 2 * 1024 * 1024;
const BUDGET_MS = 300;
const rows: (string | number)[][] = [];
let met = true;

function importMs(specifier: string): number {
  const times: number[] = [];
  for (let run = 0; run < 7; run += 1) {
    const script = `const t=process.hrtime.bigint(); await import(${JSON.stringify(specifier)}); console.log(Number(process.hrtime.bigint()-t)/1e6);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
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

for (const file of readdirSync('dist/functions')
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const path = resolve('dist/functions', file);
  const bytes = statSync(path).size;
  const ms = importMs(path);
  met &&= bytes <= BUDGET_BYTES && ms <= BUDGET_MS;
  rows.push([
    file.replace('.mjs', ''),
    (bytes / 1024 / 1024).toFixed(2),
    ms.toFixed(0),
    bytes <= BUDGET_BYTES && ms <= BUDGET_MS ? 'yes' : 'no',
  ]);
}
const body = `## Lambda start-up

Each function bundle as \`scripts/build.mjs\` and serverless-esbuild build it (minified ESM; \`@aws-sdk/*\` and \`@smithy/*\` are provided by the nodejs22.x runtime and left out), and the time to import it in a fresh Node process (median of 7; in the bench the SDK comes from node_modules). Reproduce: \`npm run bench:bundles\`.

${table(['function', 'bundle (MB)', 'import (ms)', 'within budget'], rows)}

Budget: ≤ 2 MB and ≤ 300 ms each — **${met ? 'met' : 'NOT met'}**.${
  met
    ? ''
    : ` The import time is mostly the AWS SDK's own: \`@aws-sdk/client-ec2\` alone takes ${importMs('@aws-sdk/client-ec2').toFixed(0)} ms to import here. Deferring the clients to the first invocation would only move the cost; this is left open rather than hidden.`
}`;
console.log(body);
writeSection('bundles', body);
