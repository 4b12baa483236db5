/**
 * Every document the code or the documentation cites is in the repository: a `.md` path named
 * in a comment of the source (lib/, functions/, scripts/, bin/, bench/, test/) and every link
 * of the Markdown files to another one. A reader of the repository can follow them all.
 */
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCES = globSync([
  'lib/**/*.ts',
  'functions/**/*.ts',
  'scripts/**/*.{ts,mjs}',
  'bin/**/*.mjs',
  'bench/**/*.ts',
  'test/**/*.ts',
]).sort();
const DOCUMENTS = globSync(['*.md', 'docs/**/*.md', 'test/**/*.md', 'bench/**/*.md']).sort();

/** The comments of a source file: block comments and line comments (a URL's `//` is not one). */
function commentsOf(text: string): string[] {
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|(?<![:'"`\w])\/\/[^\n]*/g)].map((match) => match[0]);
}

/** `.md` paths in prose: a token of path characters ending in .md, never the tail of a URL or of a longer path. */
const CITED = /(?<![\w/.:@-])((?:\.{1,2}\/)*[\w-]+(?:[/.][\w-]+)*\.md)\b/g;

/** In the repository: a path that leaves it (`../shared/…`) is not, even where a checkout has one beside it. */
const inRepository = (path: string) => !relative('.', resolve(path)).startsWith('..') && existsSync(path);

/** A cited path exists from the repository's root, or from the citing file's folder. */
const exists = (path: string, from: string) => inRepository(path) || inRepository(join(dirname(from), path));

describe('cited documents', () => {
  it('finds the sources and documents it checks', () => {
    expect(SOURCES.length).toBeGreaterThan(200);
    expect(DOCUMENTS).toContain('README.md');
  });

  it('every .md a comment of the source names exists in the repository', () => {
    const cited = SOURCES.flatMap((file) =>
      commentsOf(readFileSync(file, 'utf8')).flatMap((comment) =>
        [...comment.matchAll(CITED)].map((match) => ({ file, path: match[1] as string })),
      ),
    );
    // The design documents are cited throughout the engine and the rules.
    expect(cited.filter(({ path }) => path.startsWith('docs/design/')).length).toBeGreaterThan(20);
    expect(cited.filter(({ file, path }) => !exists(path, file))).toEqual([]);
  });

  it('every Markdown link to a .md file leads to one that exists', () => {
    const links = DOCUMENTS.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s#]+\.md)(?:#[^)]*)?\)/g)]
        .map((match) => match[1] as string)
        .filter((target) => !/^[a-z]+:/.test(target))
        .map((target) => ({ file, target })),
    );
    expect(links.filter(({ file }) => file === 'README.md').length).toBeGreaterThan(3);
    expect(links.filter(({ file, target }) => !inRepository(join(dirname(file), target)))).toEqual([]);
  });
});
