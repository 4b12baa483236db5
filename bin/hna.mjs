#!/usr/bin/env node
// The command is bundled to dist/ by `npm ci` (the prepare script) or `npm run build`.
import { existsSync } from 'node:fs';

// Tested on Node 22, the Lambda runtime's; an older Node is said once, in one line (no
// engines field: npm would print a warning block on every `npm exec hna`).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22)
  process.stderr.write(
    `hna: running on Node ${process.version}; hna is tested on Node 22 (the Lambda runtime)\n`,
  );

const bundle = new URL('../dist/hna.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('hna: dist/hna.mjs is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
await import(bundle.href);
