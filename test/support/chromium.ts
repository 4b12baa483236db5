/**
 * The browser of the HTML report test: Debian's `chromium` package. Like the emulator,
 * it is installed on first use where that is possible (root with apt-get, as on CI and
 * the project's machines); elsewhere the test fails saying what to install. Browser
 * downloads from other hosts are not used.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function find(): string | undefined {
  const configured = process.env.HNA_CHROMIUM;
  if (configured) return configured;
  return CANDIDATES.find((path) => existsSync(path));
}

export function chromiumPath(): string {
  const found = find();
  if (found !== undefined) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore', timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { env, stdio: 'ignore', timeout: 600_000 });
    const installed = find();
    if (installed !== undefined) return installed;
  }
  throw new Error(
    "no Chromium for the HTML report test: install Debian's chromium package (apt-get install chromium; .ci/run does), or set HNA_CHROMIUM to a Chromium binary",
  );
}
