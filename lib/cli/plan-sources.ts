/** The sources `hna plan --source-dir` reads to locate results: .tf files and CloudFormation templates. */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceFile } from '../plan/source-locations.js';
import { InputError } from '../util/errors.js';

const SKIPPED = new Set(['.git', '.terraform', 'node_modules', 'cdk.out']);
const SOURCE = /\.(tf|json|ya?ml|template)$/;

/**
 * A path as code scanning wants it: relative to the working directory (the repository root in
 * CI), with forward slashes; a file outside it, as an absolute file: URI.
 */
export function relativeUri(path: string): string {
  const inside = relative(process.cwd(), resolve(path));
  return inside.startsWith('..') || isAbsolute(inside)
    ? pathToFileURL(resolve(path)).href
    : inside.split(sep).join('/');
}

export async function readSourceFiles(directory: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (dir === directory && typeof code === 'string')
        throw new InputError(`--source-dir ${directory}: ${code === 'ENOENT' ? 'no such directory' : code}`);
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await visit(path);
      else if (entry.isFile() && SOURCE.test(entry.name))
        files.push({ uri: relativeUri(path), text: await readFile(path, 'utf8') });
    }
  };
  await visit(directory);
  return files;
}
