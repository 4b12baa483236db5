/**
 * Command-line start-up: a fresh `node bin/hna.mjs` process from start to exit, median of 9,
 * for commands that load nothing but the program (--version, help) and for one that loads
 * an audit's code. Run: npm run bench:cli
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { median, table, writeSection } from './report.js';

const TARGET_MS = 300;
const RUNS = 9;

execFileSync(process.execPath, ['scripts/build.mjs']);

function time(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['bin/hna.mjs', ...args], { encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`hna ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  }
  return median(samples);
}

const cases: { command: string; args: string[]; target: boolean }[] = [
  { command: 'hna --version', args: ['--version'], target: true },
  { command: 'hna help audit', args: ['help', 'audit'], target: true },
  { command: 'hna rules', args: ['rules'], target: false },
  {
    command: 'hna audit --snapshot examples/hybrid-landing-zone.json',
    args: ['audit', '--snapshot', 'examples/hybrid-landing-zone.json', '--fail-on', 'never'],
    target: false,
  },
];
const measured = cases.map((c) => ({ ...c, ms: time(c.args) }));
const met = measured.filter((m) => m.target).every((m) => m.ms <= TARGET_MS);
const body = `## Command-line start-up

A fresh \`node bin/hna.mjs\` process, from start to exit, median of ${RUNS}, on the Node that runs the benchmark. The command's entry holds only the program's definition; each command's code is a chunk of its own, imported when the command runs (\`scripts/build.mjs\`, esbuild splitting). Reproduce: \`npm run bench:cli\`.

${table(
  ['command', 'time (ms)', 'target'],
  measured.map((m) => [m.command, m.ms.toFixed(0), m.target ? `≤ ${TARGET_MS} ms` : '']),
)}

Target: \`hna --version\` and \`hna help\` in ${TARGET_MS} ms or less — **${met ? 'met' : 'NOT met'}**.`;
console.log(body);
writeSection('cli', body);
