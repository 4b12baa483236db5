import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './test/support/plain-summary-reporter.js';
import { BROWSER, DEPLOY, INTEGRATION } from './test/support/projects.js';

// Builds the command line and starts the emulator once for a project that needs them.
const emulatorSetup = ['test/support/emulator-setup.ts'];

export default defineConfig({
  test: {
    reporters: ['default', new PlainSummaryReporter()],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      // Quiet tests: the functions' metrics and logs are asserted where they matter, not printed.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    // `npm run test:unit` runs the first alone; `npm test` runs them all (test/support/projects.ts).
    // test:unit adds --no-isolate: a worker then imports lib/ once for all its files rather than
    // once a file (collecting was three quarters of the unit run). Isolation is the pool's, for
    // every project at once, so the emulator's projects keep it; unit files that mock an SDK
    // client restore it, so they pass either way (test/projects.test.ts).
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...INTEGRATION, ...BROWSER, ...DEPLOY],
        },
      },
      { extends: true, test: { name: 'integration', include: INTEGRATION, globalSetup: emulatorSetup } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
      { extends: true, test: { name: 'deploy', include: DEPLOY, globalSetup: emulatorSetup } },
    ],
  },
});
