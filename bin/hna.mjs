#!/usr/bin/env node
// The command is bundled to dist/ by `npm ci` (the prepare script) or `npm run build`.
import { existsSync } from 'node:fs';

// The oldest Node the command line supports: the engines of its dependencies (commander 14:
// Node 20 or later). Said in one line, before anything else can fail in a less clear way.
if (Number(process.versions.node.split('.')[0]) < 20) {
  process.stderr.write(`hna: needs Node.js 20 or later; this is Node ${process.version}\n`);
  process.exit(2);
}

const bundle = new URL('../dist/hna.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('hna: dist/hna.mjs is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
await import(bundle.href);
