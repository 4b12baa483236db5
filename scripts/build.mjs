// Bundles the command line to dist/hna.mjs and each Lambda function to
// dist/functions/<name>.mjs (minified, everything included, as serverless-esbuild
// packages them), so that tests and benchmarks use the very bundles that deploy.
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The command line is split at its dynamic imports: `hna --version` loads the program's
// definition only, each command its own chunk (BENCHMARKS.md, "Command-line start-up").
rmSync('dist/chunks', { recursive: true, force: true });
await build({
  entryPoints: { hna: 'lib/cli/bin.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The oldest Node the command line supports (bin/hna.mjs refuses an older one); Lambda runs 22.
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

export const FUNCTION_BUILD = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: false,
  // The AWS SDK is bundled: the ESM builds, tree-shaken and minified, load faster than the
  // runtime's copy, and the version the tests ran with is the one that deploys (Lambda's
  // best practices). BENCHMARKS.md, "Lambda start-up", compares both.
  mainFields: ['module', 'main'],
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __hnaCreateRequire } from 'node:module'; const require = __hnaCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Builds every function into `directory`; `extra` changes the build (the benchmark's SDK-external variant). */
export async function buildFunctions(directory = 'dist/functions', extra = {}) {
  const functions = readdirSync('functions').filter((file) => file.endsWith('.ts'));
  await Promise.all(
    functions.map((file) =>
      build({
        ...FUNCTION_BUILD,
        ...extra,
        entryPoints: [`functions/${file}`],
        outfile: `${directory}/${file.replace(/\.ts$/, '.mjs')}`,
      }),
    ),
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildFunctions();
}
