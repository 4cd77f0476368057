/**
 * French alphabetical order of people's names, the same on PGlite and on any PostgreSQL server:
 * `f_sort_name` (migration 20261127_05) unaccents and lower-cases, and the key is compared byte
 * by byte (`COLLATE "C"`), never through the database's default collation, which differs from
 * one server to another and has no French rules on PGlite.
 */
export function frenchNameKey(sqlExpression: string): string {
  return `(f_sort_name(${sqlExpression}) COLLATE "C")`;
}

/** Last name then first name, compared whole one after the other (U+0001 sorts before any character). */
export function frenchFullNameKey(lastName: string, firstName: string): string {
  return `(f_sort_name(${lastName}) || chr(1) || coalesce(f_sort_name(${firstName}), '') COLLATE "C")`;
}

/** An advisor's name as the lists show it ("Karim Benali"), in French order. */
export function advisorNameKey(advisorIdColumn: string): string {
  return `(SELECT ${frenchNameKey(`a.first_name || ' ' || a.last_name`)} FROM advisors a WHERE a.id = ${advisorIdColumn})`;
}
