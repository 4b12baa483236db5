/** The snapshot files of `hna audit` and `hna reach`: one account each, as many accounts as given. */
import { parseSnapshot } from '../inventory/read.js';
import type { Snapshot } from '../inventory/types.js';
import { InputError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';

/**
 * Reads and checks every `--snapshot` file. Two files of the same account are refused:
 * their account-wide lists (S3 buckets, Direct Connect) would be judged twice, and a
 * finding reported twice; collect the account once, over all its regions.
 */
export async function readSnapshotFiles(paths: readonly string[]): Promise<Snapshot[]> {
  const snapshots = await Promise.all(
    paths.map(async (path) => parseSnapshot(await readUserFile(path, 'snapshot'), path)),
  );
  const seen = new Map<string, string>();
  snapshots.forEach((snapshot, i) => {
    const account = snapshot.accountId;
    const path = paths[i] as string;
    if (account === undefined) return;
    const earlier = seen.get(account);
    if (earlier !== undefined)
      throw new InputError(
        `--snapshot ${path}: account ${account} is already given by ${earlier}; give each account once (hna collect --regions r1,r2 collects its regions together)`,
      );
    seen.set(account, path);
  });
  return snapshots;
}
