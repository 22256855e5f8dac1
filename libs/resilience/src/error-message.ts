/**
 * An error's message, whatever realm made it: a test runner that runs several files in one
 * process gives each its own globals, so an error a native module (SQLite) made in another file's
 * is no `instanceof Error` here, and `String(error)` would prefix its class name.
 */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
