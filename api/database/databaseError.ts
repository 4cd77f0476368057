/**
 * PostgreSQL's verdict on a failed statement (SQLSTATE code, constraint name), whether the
 * error comes from Knex (the driver's error) or from Objection (which wraps it in `nativeError`).
 */
export function databaseErrorOf(error: unknown): { code?: string; constraint?: string } {
  const wrapped = error as { nativeError?: unknown } | null;
  return (wrapped?.nativeError ?? error ?? {}) as { code?: string; constraint?: string };
}
