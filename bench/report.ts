/** Writes one measured section of BENCHMARKS.md, between its markers, with the machine it ran on. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}

export function writeSection(name: string, body: string): void {
  const path = 'BENCHMARKS.md';
  const start = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  const stamped = `${start}\n_Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}._\n\n${body.trim()}\n${end}`;
  let text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nEvery figure here is written by the benchmark scripts (`npm run bench`); none is typed by hand.\n';
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  text =
    at >= 0 && until > at
      ? text.slice(0, at) + stamped + text.slice(until + end.length)
      : `${text.trimEnd()}\n\n${stamped}\n`;
  writeFileSync(path, text);
}

export function table(headers: string[], rows: (string | number)[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
