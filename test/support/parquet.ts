/** Reads a Parquet file with a real reader: pyarrow, from the emulator's Python environment (.venv). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const READ =
  'import json, sys, pyarrow.parquet as pq; print(json.dumps(pq.read_table(sys.argv[1]).to_pylist()))';

/** Every row as pyarrow reads it (structs as objects, lists as arrays, absent members as null). */
export async function readParquetRows<T = Record<string, unknown>>(file: string): Promise<T[]> {
  const { stdout } = await run('.venv/bin/python', ['-c', READ, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout) as T[];
}
