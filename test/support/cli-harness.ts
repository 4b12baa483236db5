/** Runs the hna command in-process, capturing what it prints, with the clock and environment a test sets. */
import type { CliIo } from '../../lib/cli/io.js';
import { main } from '../../lib/cli/main.js';
import { NOW } from './fixtures.js';

export interface HnaRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runHna(
  args: string[],
  options: { tty?: boolean; env?: Record<string, string | undefined>; now?: () => Date } = {},
): Promise<HnaRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTty: options.tty ?? false,
    stderrIsTty: false,
    env: options.env ?? { AWS_REGION: 'eu-west-1' },
    now: options.now ?? (() => NOW),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
