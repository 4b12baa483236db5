/**
 * The code held to its architecture (issue 21; README.md, "Architecture"): imports run down the
 * layers only, and no file that runs imports itself back round a cycle; a source file of lib/
 * past 400 lines says why in its header; the lint rule that refuses a swallowing catch is live.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** lib/'s folders, bottom floor first: a folder may import its own floor and those below. */
const LAYERS: readonly (readonly string[])[] = [
  ['util', 'vocabulary'],
  ['ip'],
  ['inventory'],
  ['network', 'policy', 'config', 'collect'],
  ['catalog'],
  ['rules'],
  ['audit'],
  ['report', 'plan'],
  ['lambda', 'cli'],
];

const floorOf = new Map(LAYERS.flatMap((floor, level) => floor.map((name) => [name, level] as const)));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const LIB = sources('lib');
const folderOf = (path: string) => relative('lib', path).split('/')[0] as string;

/** Every relative import of a file (values and types), resolved to a path under the repository. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((match) =>
    relative('.', resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'))),
  );
}

/**
 * The imports that load a file when the importer runs: all but `import type` and
 * `export type … from` (erased at build). An inline `{ type X }` counts: the statement stays.
 */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /\b(?:import|export)(\s+type\b)?[^;'"]*?\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\s+'(\.{1,2}\/[^']+)'/g,
    ),
  ]
    .filter((match) => match[1] === undefined)
    .map((match) =>
      relative('.', resolve(dirname(file), (match[2] ?? (match[3] as string)).replace(/\.js$/, '.ts'))),
    );
}

/** The groups of files that import each other round a cycle (Tarjan's strongly connected components). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    order.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (stack.includes(target))
        low.set(file, Math.min(low.get(file) as number, order.get(target) as number));
    }
    if (low.get(file) !== order.get(file)) return;
    const group = stack.splice(stack.indexOf(file));
    if (group.length > 1) found.push(group.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

/** The import as a violation, if it runs up a floor or out of lib/. */
function upward(file: string, target: string): string[] {
  if (!target.startsWith('lib/')) return [`${file} -> ${target} (outside lib/)`];
  const from = floorOf.get(folderOf(file)) ?? -1;
  const to = floorOf.get(folderOf(target)) ?? Number.POSITIVE_INFINITY;
  return to > from ? [`${file} -> ${target}`] : [];
}

describe('the import graph', () => {
  it('places every folder of lib/ on a floor', () => {
    expect(LIB.length).toBeGreaterThan(100);
    const folders = new Set(LIB.map(folderOf).filter((name) => !name.endsWith('.ts')));
    for (const folder of folders)
      expect(floorOf.has(folder), `lib/${folder} has no floor in LAYERS`).toBe(true);
  });

  it('never imports from a higher floor, and lib/ never imports from outside lib/', () => {
    const pairs = LIB.flatMap((file) => importsOf(file).map((target) => [file, target] as const));
    expect(pairs.length).toBeGreaterThan(300);
    expect(pairs.flatMap(([file, target]) => upward(file, target))).toEqual([]);
  });

  it('has no import cycle between files that run (type-only imports aside)', () => {
    const graph = new Map(LIB.map((file) => [file, runtimeImportsOf(file)] as const));
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('finds an upward import when there is one (the check itself works)', () => {
    expect(upward('lib/rules/drs/x.ts', 'lib/report/table.ts')).toEqual([
      'lib/rules/drs/x.ts -> lib/report/table.ts',
    ]);
    expect(upward('lib/catalog/x.ts', 'scripts/catalog-doc.ts')).toHaveLength(1);
    expect(upward('lib/report/table.ts', 'lib/rules/index.ts')).toEqual([]);
    expect(upward('lib/network/reach.ts', 'lib/network/question.ts')).toEqual([]);
  });
});

describe('file size', () => {
  it('a source file of lib/ past 400 lines says why in its header', () => {
    const unexplained = LIB.filter((file) => {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length;
      const header = text.slice(0, text.indexOf('*/') + 2);
      return lines > 400 && !/Longer than 400 lines:/.test(header);
    });
    expect(unexplained).toEqual([]);
  });
});

describe('the lint rule against a swallowing catch (lint/catch-must-rethrow.grit)', () => {
  /** Lints a file placed in lib/ (the rule applies there only), removed at once. */
  const lint = (code: string) => {
    const file = `lib/util/lint-fixture-${process.pid}.ts`;
    writeFileSync(file, code);
    try {
      return spawnSync('npx', ['biome', 'lint', file], { encoding: 'utf8' });
    } finally {
      rmSync(file, { force: true });
    }
  };

  it('refuses a bare catch and a catch that rethrows nothing, in lib/', () => {
    const bare = lint('export function f() {\n  try {\n    return 1;\n  } catch {\n    return 2;\n  }\n}\n');
    expect(bare.status).not.toBe(0);
    expect(bare.stderr + bare.stdout).toContain('A catch without its error swallows every failure');
    const swallowing = lint(
      'export function f() {\n  try {\n    return 1;\n  } catch (error) {\n    return String(error);\n  }\n}\n',
    );
    expect(swallowing.status).not.toBe(0);
    expect(swallowing.stderr + swallowing.stdout).toContain('This catch rethrows nothing');
  });

  it('accepts a catch that turns a named failure into a value and rethrows the rest', () => {
    const named = lint(
      'export function f() {\n  try {\n    return 1;\n  } catch (error) {\n    if (!(error instanceof RangeError)) throw error;\n    return 2;\n  }\n}\n',
    );
    expect(named.stderr + named.stdout).not.toContain('plugin');
    expect(named.status).toBe(0);
  });
});
