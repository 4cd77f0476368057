import type { Knex } from 'knex';

/**
 * Locks, in id order, the clients a batch's rows name by number, directly or through a former
 * number (client_aliases), before the batch reads or writes them. In id order like every other
 * writer of clients (edits, merges, anonymisations): two of them never wait on each other in a
 * circle. Holding them first means that an anonymisation either committed before the batch reads
 * the rows' verdicts (and the rows see it), or waits for the batch and then erases what it wrote.
 */
export async function lockBatchClients(trx: Knex.Transaction, numbers: Array<string | null>) {
  const named = [...new Set(numbers.filter((number): number is string => Boolean(number)))];
  if (!named.length) return;
  await trx.raw(
    `WITH keys AS (SELECT DISTINCT f_number_key(n) AS key FROM unnest(?::text[]) AS n)
     SELECT c.id FROM clients c
      WHERE c.client_number_key IN (SELECT key FROM keys)
         OR c.id IN (SELECT a.client_id FROM client_aliases a WHERE a.client_number_key IN (SELECT key FROM keys))
      ORDER BY c.id
      FOR UPDATE OF c`,
    [named],
  );
}
