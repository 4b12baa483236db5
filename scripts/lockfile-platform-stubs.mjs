// The npm registry our machines reach serves only the Linux builds of some
// platform-specific optional packages (Biome's CLI, Rollup's native parts). `npm
// install` then leaves the other platforms out of package-lock.json, and `npm ci`
// refuses the lock as "out of sync". This adds each missing optional package to
// the lock with the platform it is for (from its name), exactly as npm itself
// records one, so that `npm ci` skips it on Linux without fetching it.
// Run it after any `npm install` that changes the lock: `npm run lock:fix`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['android', 'darwin', 'freebsd', 'openbsd', 'linux', 'win32', 'openharmony'];
const CPU = {
  arm: 'arm',
  'arm-eabi': 'arm',
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

function platformOf(name) {
  const tail = name
    .split('/')
    .pop()
    .replace(/^(cli|rollup)-/, '');
  const [os, ...rest] = tail.split('-');
  if (!OS.includes(os)) return undefined;
  const abi = rest.join('-');
  const cpu = CPU[abi] ?? CPU[rest[0]] ?? CPU[`${rest[0]}-${rest[1]}`];
  if (cpu === undefined) return undefined;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') entry.libc = [/musl/.test(abi) ? 'musl' : 'glibc'];
  return entry;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [path, meta] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const location = `${path ? `${path}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[location] || lock.packages[hoisted]) continue;
    const platform = platformOf(name);
    if (platform === undefined) continue;
    lock.packages[hoisted] = { version, dev: meta.dev, optional: true, ...platform };
    if (lock.packages[hoisted].dev === undefined) delete lock.packages[hoisted].dev;
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length === 0
    ? 'package-lock.json: nothing to add'
    : `package-lock.json: added ${added.length} platform entries`,
);
