import type { Knex } from 'knex';
import type { NumberLookup, StoredNumbers } from '../verdicts/storedNumbers';
import { clientKey } from './writeClients';

/**
 * Locks, in id order, the clients a batch's rows name by number, directly or through a former
 * number (client_aliases), before the batch reads or writes them. In id order like every other
 * writer of clients (edits, merges, anonymisations): two of them never wait on each other in a
 * circle. Holding them first means that an anonymisation either committed before the batch reads
 * the rows' verdicts (and the rows see it), or waits for the batch and then erases what it wrote.
 *
 * Answers, from the same statement, what the rows' verdicts need to know of those numbers (held,
 * held by an anonymised client: the locked rows' own versions), keyed by clientKey.
 */
export async function lockBatchClients(trx: Knex.Transaction, numbers: Array<string | null>): Promise<StoredNumbers> {
  const known = new Set<string>();
  const anonymised = new Set<string>();
  const spellings = new Map<string, string>();
  for (const number of numbers) if (number && !spellings.has(clientKey(number))) spellings.set(clientKey(number), number);
  if (!spellings.size) return { known, anonymised };
  const keys = [...spellings.keys()];
  // Matched by the database's own key (f_number_key) on the file's spellings, as the verdicts match.
  const { rows } = await trx.raw<{ rows: Array<{ at: number; anonymised: boolean }> }>(
    `WITH n AS (
       SELECT u.at, f_number_key(u.number) AS key FROM unnest(?::text[]) WITH ORDINALITY AS u(number, at)
     ),
     holders AS MATERIALIZED (
       SELECT n.at, c.id FROM n JOIN clients c ON c.client_number_key = n.key
       UNION ALL
       SELECT n.at, a.client_id FROM n JOIN client_aliases a ON a.client_number_key = n.key
     ),
     locked AS MATERIALIZED (
       SELECT c.id, c.anonymised_at FROM clients c WHERE c.id IN (SELECT id FROM holders) ORDER BY c.id FOR UPDATE OF c
     )
     SELECT h.at::int, bool_or(l.anonymised_at IS NOT NULL) AS anonymised
       FROM holders h JOIN locked l ON l.id = h.id
      GROUP BY h.at`,
    [keys.map((key) => spellings.get(key)!)],
  );
  for (const row of rows) {
    known.add(keys[row.at - 1]);
    if (row.anonymised) anonymised.add(keys[row.at - 1]);
  }
  return { known, anonymised };
}

/**
 * The verdicts' lookup from what lockBatchClients answered; a number it was not asked about
 * (none, as the rows' numbers are the ones locked) is asked of `fallback`.
 */
export function lockedNumbers(locked: StoredNumbers, asked: Array<string | null>, fallback: NumberLookup): NumberLookup {
  const askedKeys = new Set(asked.filter((number): number is string => Boolean(number)).map(clientKey));
  return async (keys) => {
    const missing = new Map([...keys].filter(([key]) => !askedKeys.has(key)));
    if (!missing.size) return locked;
    const more = await fallback(missing);
    return { known: new Set([...locked.known, ...more.known]), anonymised: new Set([...locked.anonymised, ...more.anonymised]) };
  };
}
