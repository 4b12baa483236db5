/**
 * Vitest global setup: builds the command line (dist/hna.mjs, as npm ci does), and starts the
 * local AWS (moto server) once for the run. If it
 * cannot start, the run fails here with the reason; integration tests never pass
 * silently without it.
 */
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../../scripts/emulator.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    awsEndpoint: string;
  }
}

export async function setup(project: TestProject) {
  // The command-line tests run the built CLI: build it from this source first (a second or two).
  await import('../../scripts/build.mjs');
  const emulator = await startEmulator();
  project.provide('awsEndpoint', emulator.url);
  return async () => {
    await emulator.stop();
  };
}
