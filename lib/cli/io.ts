/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether standard output is a terminal: the table is then the default format. */
  stdoutIsTty: boolean;
  /** Whether standard error is a terminal: progress is then shown there. */
  stderrIsTty: boolean;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** The terminal's width, when standard output is one. */
  columns?: number;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    now: () => new Date(),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}
