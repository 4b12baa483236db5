/**
 * The browser of the HTML report test: Debian's `chromium` package (or HNA_CHROMIUM). The
 * test installs nothing: .ci/run installs the package, and says so in one line; elsewhere
 * the test fails saying what to install. Browser downloads from other hosts are not used.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = process.env.HNA_CHROMIUM || CANDIDATES.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new Error(
    "no Chromium for the HTML report test: install Debian's chromium package (apt-get install chromium; .ci/run does), or set HNA_CHROMIUM to a Chromium binary",
  );
}
