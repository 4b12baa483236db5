// The local AWS for tests: moto's server mode, installed into a project-local
// virtual environment on first use and started on 127.0.0.1 on a free port, with
// cfn-lint beside it for the deployment checks.
// `node scripts/emulator.mjs install` installs both; tests start moto via test/support.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';
// pyarrow: the real Parquet reader the OCSF Parquet test reads hna's files back with.
export const PYTHON_REQUIREMENTS = [MOTO_REQUIREMENT, 'cfn-lint==1.58.0', 'pyarrow==26.0.1'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.venv');
const python = join(venv, 'bin', 'python');
const motoServer = join(venv, 'bin', 'moto_server');
const stamp = join(venv, `.installed-${PYTHON_REQUIREMENTS.join('+').replace(/[^\w.=+-]/g, '_')}`);
export const CFN_LINT = join(venv, 'bin', 'cfn-lint');

function run(command, args, what = 'the AWS emulator') {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `${what} could not be installed: \`${command} ${args.join(' ')}\` failed${output ? `:\n${output}` : ` (${error.message})`}`,
    );
  }
}

export function installEmulator() {
  if (existsSync(stamp) && existsSync(motoServer) && existsSync(CFN_LINT)) return motoServer;
  if (!existsSync(python)) run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYTHON_REQUIREMENTS]);
  execFileSync('touch', [stamp]);
  return motoServer;
}

// Checkov, for the deployment's security scan (test/deploy/package.test.ts), in a virtual
// environment of its own: its dependencies would move the pins moto needs. Installed on first use
// only, by the one test that runs it (about two minutes and 250 MB from PyPI without a cache;
// a few seconds once installed).
export const CHECKOV_REQUIREMENT = 'checkov==3.3.30';
const checkovVenv = join(root, '.venv-checkov');
export const CHECKOV = join(checkovVenv, 'bin', 'checkov');
const checkovStamp = join(checkovVenv, `.installed-${CHECKOV_REQUIREMENT.replace(/[^\w.=+-]/g, '_')}`);

export function installCheckov() {
  if (existsSync(checkovStamp) && existsSync(CHECKOV)) return CHECKOV;
  const checkovPython = join(checkovVenv, 'bin', 'python');
  // No stamp: never installed, or an install cut short; start from an empty environment either way.
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', '--clear', checkovVenv], 'Checkov');
  run(
    checkovPython,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', CHECKOV_REQUIREMENT],
    'Checkov',
  );
  execFileSync('touch', [checkovStamp]);
  return CHECKOV;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url, child, output, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the AWS emulator exited with code ${child.exitCode}:\n${output.join('')}`);
    try {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error(
    `the AWS emulator did not answer on ${url} within ${deadlineMs / 1000} s:\n${output.join('')}`,
  );
}

/** Starts moto on loopback; resolves to { url, stop }. */
export async function startEmulator() {
  const server = installEmulator();
  const port = await freePort();
  const output = [];
  const child = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, child, output, 30_000);
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'install') {
    installEmulator();
    console.log(`AWS emulator ready: ${motoServer}`);
    installCheckov();
    console.log(`Checkov ready: ${CHECKOV}`);
  } else if (command === 'start') {
    const emulator = await startEmulator();
    console.log(`AWS emulator listening on ${emulator.url} (Ctrl-C stops it)`);
    process.on('SIGINT', () => emulator.stop().then(() => process.exit(0)));
  } else {
    console.error('usage: node scripts/emulator.mjs install|start');
    process.exit(2);
  }
}
