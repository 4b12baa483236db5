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

// A reader that stops early (`hna audit | head`) closes the pipe: the rest of the output has
// nowhere to go, which is no error of ours. The audit still ends with its own exit status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), processIo());
