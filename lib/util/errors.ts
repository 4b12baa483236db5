/**
 * Errors that reach the user as one line and an exit code (docs/design/cli.md):
 * bad usage or bad input exits 2, AWS that cannot be read at all exits 3.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
}

export class AwsUnreachableError extends Error {
  override readonly name = 'AwsUnreachableError';
  readonly exitCode = 3;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A defect in our own code (a wrong type, an undefined name, a value out of range), never an
 * answer from AWS: a `catch` that turns failures into values lets these through.
 */
export function isDefect(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
}
