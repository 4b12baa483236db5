/**
 * Which test files need more than the source: the local AWS emulator (the global setup's, or
 * one a file starts itself), the built command line (bin/hna.mjs, dist/), a browser, or the
 * deployment tooling. Every other test file is a unit test: it runs in-process on the source,
 * so `npm run test:unit` needs no emulator, no browser and no build. test/projects.test.ts
 * checks that no file listed nowhere uses any of them.
 */

/** The emulator and/or the built command line. */
export const INTEGRATION = [
  'test/integration/**/*.test.ts',
  'test/cli/ci-gate.test.ts',
  'test/cli/outputs.test.ts',
  'test/cli/installed.test.ts',
  'test/collect/transit-gateways.test.ts',
  'test/faults/collect-faults.test.ts',
  'test/faults/kill.test.ts',
  'test/faults/lifecycle.test.ts',
  'test/lambda/fanout.test.ts',
  'test/lambda/security-lake.test.ts',
  'test/report/ocsf.test.ts',
];

/** Headless Chromium. */
export const BROWSER = ['test/browser/**/*.test.ts'];

/** The deployment: `osls package` and the Lambda bundles run against the emulator. */
export const DEPLOY = ['test/deploy/package.test.ts', 'test/deploy/handlers.test.ts'];
