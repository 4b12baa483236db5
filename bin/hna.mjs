#!/usr/bin/env node
// The command is bundled to dist/ by `npm ci` (the prepare script) or `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/hna.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('hna: dist/hna.mjs is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
await import(bundle.href);
