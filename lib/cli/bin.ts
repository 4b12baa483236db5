import { removeInFlightTemporaries } from '../util/files.js';
import { processIo } from './io.js';
import { main } from './main.js';

// Told to stop (Ctrl-C, a CI time-out): leave no temporary file behind; the target keeps its old content.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    removeInFlightTemporaries();
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2), processIo());
