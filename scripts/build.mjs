// Bundles the command line to dist/hna.mjs and each Lambda function to
// dist/functions/<name>.mjs (minified, everything included, as serverless-esbuild
// packages them), so that tests and benchmarks use the very bundles that deploy.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/cli/bin.ts'],
  outfile: 'dist/hna.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
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
  // The nodejs22.x runtime provides the AWS SDK for JavaScript v3; bundling it would
  // triple each function (client-ec2 alone is 1 MB minified) for no gain.
  external: ['@aws-sdk/*', '@smithy/*'],
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __hnaCreateRequire } from 'node:module'; const require = __hnaCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

const functions = readdirSync('functions').filter((file) => file.endsWith('.ts'));
await Promise.all(
  functions.map((file) =>
    build({
      ...FUNCTION_BUILD,
      entryPoints: [`functions/${file}`],
      outfile: `dist/functions/${file.replace(/\.ts$/, '.mjs')}`,
    }),
  ),
);
