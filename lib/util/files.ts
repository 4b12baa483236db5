import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.js';

/** Reads a user-named file, turning "not there" and "not readable" into one clear line. */
export async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new InputError(`${what} ${path}: ${reason}`);
  }
}

/** Reads a user-named file as bytes (a text whose encoding the reader decides), with readUserFile's errors. */
export async function readUserBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new InputError(`${what} ${path}: ${reason}`);
  }
}

/** Temporary files this process is writing, removed if it is told to stop (SIGTERM, SIGINT). */
const inFlight = new Set<string>();

export function removeInFlightTemporaries(): void {
  for (const file of inFlight) rmSync(file, { force: true });
  inFlight.clear();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ESRCH: no such process; EPERM: it exists, owned by another user.
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
    return code === 'EPERM';
  }
}

/** Temporary files of an earlier write to the same target whose process is gone (a SIGKILL, a crash). */
async function sweepAbandoned(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    // An unreadable directory: the write that follows reports it with its own error.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return;
    throw error;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const [pid, random, ...rest] = name.slice(prefix.length, -'.tmp'.length).split('.');
    if (rest.length > 0 || !/^\d+$/.test(pid ?? '') || !/^[0-9a-f]+$/.test(random ?? '')) continue;
    if (!alive(Number(pid))) await rm(join(dirname(path), name), { force: true });
  }
}

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside the
 * target and is renamed over it, so a failure never leaves half a snapshot. The
 * temporary file is removed if the process is told to stop; one left by a process
 * that was killed outright is removed by the next write to the same target.
 */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array,
  flag = '--out',
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  await sweepAbandoned(path);
  inFlight.add(temporary);
  try {
    await writeFile(
      temporary,
      data,
      typeof data === 'string' ? { encoding: 'utf8', flag: 'wx' } : { flag: 'wx' },
    );
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${flag} ${path}: cannot write (${code ?? (error as Error).message})`);
  } finally {
    inFlight.delete(temporary);
  }
}

/** A directory to write into, made if absent; a file of that name is refused in one line. */
export async function ensureDirectory(path: string, flag: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new InputError(
      `${flag} ${path}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'not a directory' : `cannot create it (${code})`}`,
    );
  }
  if (!(await stat(path)).isDirectory()) throw new InputError(`${flag} ${path}: not a directory`);
}
