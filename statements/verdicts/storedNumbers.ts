import type { Knex } from 'knex';

/** What the database knows of some client numbers (by key): held by a client or a former number, and held by an anonymised client. */
export interface StoredNumbers {
  known: Set<string>;
  anonymised: Set<string>;
}

/** Read for the numbers a batch of rows names (key to spelling), in one query. */
export async function storedNumbers(db: Knex | Knex.Transaction, keys: Map<string, string>): Promise<StoredNumbers> {
  const known = new Set<string>();
  const anonymised = new Set<string>();
  if (!keys.size) return { known, anonymised };
  const entries = [...keys.entries()];
  // Matched by the database's own key (f_number_key) on the file's spellings: no second opinion.
  const { rows } = await db.raw<{ rows: Array<{ at: number; anonymised: boolean }> }>(
    `SELECT n.at::int, bool_or(c.anonymised_at IS NOT NULL) AS anonymised
       FROM unnest(?::text[]) WITH ORDINALITY AS n(number, at)
       JOIN LATERAL (
         SELECT c.anonymised_at FROM clients c WHERE c.client_number_key = f_number_key(n.number)
         UNION ALL
         SELECT h.anonymised_at FROM client_aliases a JOIN clients h ON h.id = a.client_id WHERE a.client_number_key = f_number_key(n.number)
       ) c ON true
      GROUP BY n.at`,
    [entries.map(([, number]) => number)],
  );
  for (const row of rows) {
    const key = entries[row.at - 1][0];
    known.add(key);
    if (row.anonymised) anonymised.add(key);
  }
  return { known, anonymised };
}

/** Tells what the database knows of client numbers, given as key → the file's spelling. */
export type NumberLookup = (keys: Map<string, string>) => Promise<StoredNumbers>;

/** The lookup by a query of its own (the preview's; the import's batches learn it while locking, see lockBatchClients). */
export const storedNumbersIn =
  (db: Knex | Knex.Transaction): NumberLookup =>
  (keys) =>
    storedNumbers(db, keys);
