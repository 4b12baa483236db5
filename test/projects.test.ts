/**
 * The test projects (vitest.config.ts, test/support/projects.ts) kept honest: a file the unit
 * project runs needs no emulator, no built command line, no browser and no deployment tool,
 * through itself or the test helpers it imports; every listed pattern names files; `npm test`
 * runs every project, `npm run test:unit` the unit one alone.
 */
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, matchesGlob, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER, DEPLOY, INTEGRATION } from './support/projects.js';

const NOT_UNIT = [...INTEGRATION, ...BROWSER, ...DEPLOY];
const ALL = globSync('test/**/*.test.ts').sort();
const UNIT = ALL.filter((file) => !NOT_UNIT.some((pattern) => matchesGlob(file, pattern)));

const THIS_FILE = 'test/projects.test.ts';

/** What a file needs beyond the source, by the code that needs it. */
const NEEDS: readonly { what: string; pattern: RegExp }[] = [
  { what: "the global setup's emulator", pattern: /inject\(\s*'awsEndpoint'\s*\)/ },
  { what: 'an emulator of its own', pattern: /\bstartEmulator\b/ },
  { what: 'the built command line', pattern: /bin\/hna\.mjs|['`/]dist\// },
  { what: 'a browser', pattern: /playwright|chromium/i },
  { what: 'the deployment tool', pattern: /\bosls\b|serverless-esbuild/ },
];

/** The file and the test helpers it imports, transitively (lib/ is the source under test). */
function withHelpers(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || file === THIS_FILE) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const helpers = [...text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)]
    .map((match) => relative('.', resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'))))
    .filter((path) => path.startsWith('test/') && existsSync(path));
  return [file, ...helpers.flatMap((helper) => withHelpers(helper, seen))];
}

/** Comment lines say what a file is about; only code needs anything. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');

/** What the file needs, through itself or its helpers. */
const needsOf = (file: string) =>
  withHelpers(file).flatMap((source) =>
    NEEDS.filter(({ pattern }) => pattern.test(code(source))).map(
      ({ what }) => `${file}${source === file ? '' : ` (through ${source})`} needs ${what}`,
    ),
  );

describe('the unit project', () => {
  it('holds most test files', () => {
    expect(UNIT.length).toBeGreaterThan(ALL.length / 2);
  });

  it('needs no emulator, built command line, browser or deployment tool', () => {
    expect(UNIT.flatMap(needsOf)).toEqual([]);
  });

  it('restores every mocked client, since its files share modules (isolate: false)', () => {
    const leaking = UNIT.filter((file) => {
      const text = code(file);
      return /\bmockClient\(/.test(text) && !/\.restore\(\)/.test(text);
    });
    expect(leaking).toEqual([]);
  });
});

describe('the other projects', () => {
  it('name files that exist, each in one project', () => {
    for (const pattern of NOT_UNIT)
      expect(
        ALL.filter((file) => matchesGlob(file, pattern)),
        pattern,
      ).not.toEqual([]);
    const listed = ALL.filter((file) => NOT_UNIT.filter((pattern) => matchesGlob(file, pattern)).length > 1);
    expect(listed).toEqual([]);
  });

  it('hold only files that need what they offer', () => {
    const plain = ALL.filter((file) => !UNIT.includes(file) && needsOf(file).length === 0);
    expect(plain).toEqual([]);
  });
});

describe('the scripts', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  it('npm test runs type check, lint and every project; test:unit the unit project alone', () => {
    expect(scripts.test).toBe('npm run typecheck && npm run lint && vitest run');
    expect(scripts['test:unit']).toBe('vitest run --project unit --no-isolate');
  });
});
