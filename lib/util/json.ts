/**
 * Parses JSON text. Only a syntax error becomes `fail(reason)`: the error the caller's
 * user is shown, naming the source. Anything else (a bug) propagates as it is.
 */
export function parseJsonText(text: string, fail: (reason: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw fail(error.message);
    throw error;
  }
}
