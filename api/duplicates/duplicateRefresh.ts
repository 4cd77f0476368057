import type { Knex } from 'knex';
import { STORED_SCORE_FLOOR, scorePair, type ClientIdentity } from './duplicateScore';

/**
 * Keeps client_duplicate_pairs in step with the clients: the triggers of migration
 * 20261127_06 list every inserted client, and every client whose name, email, phone or address
 * changed, in client_duplicate_dirty; this finds their candidates in indexed blocks, scores
 * them with duplicateScore.ts, and replaces their pairs. Deleted clients lose their pairs by
 * cascade. Run before the list is read (a handful of dirty clients costs milliseconds) and by
 * the benchmark for a whole base.
 */

/** Past this many clients, a block (everyone named "Martin Jean", a shared office phone) is a crowd of namesakes, not a duplicate: skipped. */
export const NAME_BLOCK_LIMIT = 8;
export const CONTACT_BLOCK_LIMIT = 12;
const BATCH = 2000;

interface IdentityRow extends ClientIdentity {
  id: number;
}

/** How many clients share a block key, counted no further than one past the limit (a bounded index probe). */
const blockSize = (where: string, limit: number) => `(SELECT count(*) FROM (SELECT 1 FROM clients x WHERE ${where} LIMIT ${limit + 1}) t)`;

// Each block is an equality join served by an index; a block larger than its limit is skipped
// as a whole. Only ids come back; the rows are read once per batch afterwards.
const CANDIDATES_SQL = `
  WITH d AS MATERIALIZED (
    SELECT id, first_name, phone_digits, address,
           f_dup_name_key(last_name, first_name) AS name_key,
           f_dup_name_key(first_name, last_name) AS swapped_key,
           lower(email) AS email_key, f_dup_word(address) AS address_key
      FROM clients WHERE id = ANY(?::int[])
  ),
  pairs AS (
    SELECT d.id, b.id AS other FROM d JOIN clients b ON f_dup_name_key(b.last_name, b.first_name) = d.name_key AND b.id <> d.id
     WHERE d.name_key <> '|' AND ${blockSize('f_dup_name_key(x.last_name, x.first_name) = d.name_key', NAME_BLOCK_LIMIT)} <= ${NAME_BLOCK_LIMIT}
    UNION
    SELECT d.id, b.id FROM d JOIN clients b ON f_dup_name_key(b.last_name, b.first_name) = d.swapped_key AND b.id <> d.id
     WHERE d.first_name IS NOT NULL AND d.swapped_key <> d.name_key
       AND ${blockSize('f_dup_name_key(x.last_name, x.first_name) = d.swapped_key', NAME_BLOCK_LIMIT)} <= ${NAME_BLOCK_LIMIT}
    UNION
    SELECT d.id, b.id FROM d JOIN clients b ON lower(b.email) = d.email_key AND b.email IS NOT NULL AND b.id <> d.id
     WHERE d.email_key IS NOT NULL AND ${blockSize('lower(x.email) = d.email_key AND x.email IS NOT NULL', CONTACT_BLOCK_LIMIT)} <= ${CONTACT_BLOCK_LIMIT}
    UNION
    SELECT d.id, b.id FROM d JOIN clients b ON b.phone_digits = d.phone_digits AND b.phone_digits <> '' AND b.id <> d.id
     WHERE d.phone_digits <> '' AND ${blockSize("x.phone_digits = d.phone_digits AND x.phone_digits <> ''", CONTACT_BLOCK_LIMIT)} <= ${CONTACT_BLOCK_LIMIT}
    UNION
    SELECT d.id, b.id FROM d JOIN clients b ON f_dup_word(b.address) = d.address_key AND b.address IS NOT NULL AND b.id <> d.id
     WHERE d.address IS NOT NULL AND length(d.address_key) >= 6
       AND ${blockSize('f_dup_word(x.address) = d.address_key AND x.address IS NOT NULL', CONTACT_BLOCK_LIMIT)} <= ${CONTACT_BLOCK_LIMIT}
  )
  SELECT p.id, p.other FROM pairs p
   WHERE NOT EXISTS (SELECT 1 FROM client_duplicate_dismissals s WHERE s.client_a = least(p.id, p.other) AND s.client_b = greatest(p.id, p.other))`;

/** Rescores the pairs of these clients (their old pairs are replaced). */
export async function refreshPairsOf(trx: Knex | Knex.Transaction, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  await trx.raw('DELETE FROM client_duplicate_pairs WHERE client_a = ANY(?::int[]) OR client_b = ANY(?::int[])', [ids, ids] as never);
  const { rows: candidates } = await trx.raw<{ rows: { id: number; other: number }[] }>(CANDIDATES_SQL, [ids] as never);
  if (!candidates.length) return 0;
  const involved = [...new Set(candidates.flatMap((c) => [c.id, c.other]))];
  const { rows: identities } = await trx.raw<{ rows: IdentityRow[] }>(
    // Anonymised clients are never proposed: their labels would all look alike.
    `SELECT id, last_name AS "lastName", first_name AS "firstName", email, phone, address FROM clients WHERE id = ANY(?::int[]) AND anonymised_at IS NULL`,
    [involved] as never,
  );
  const byId = new Map(identities.map((row) => [row.id, row]));
  const scored = new Map<string, { a: number; b: number; score: number; reasons: string[] }>();
  for (const { id, other } of candidates) {
    const [a, b] = id < other ? [id, other] : [other, id];
    if (scored.has(`${a}-${b}`) || !byId.has(a) || !byId.has(b)) continue;
    const { score, reasons } = scorePair(byId.get(a)!, byId.get(b)!);
    if (score >= STORED_SCORE_FLOOR) scored.set(`${a}-${b}`, { a, b, score, reasons });
  }
  if (!scored.size) return 0;
  const pairs = [...scored.values()];
  // reasons travel as one '{…}' text per pair, cast back to text[].
  await trx.raw(
    `INSERT INTO client_duplicate_pairs (client_a, client_b, score, reasons)
     SELECT a, b, s, r::text[] FROM unnest(?::int[], ?::int[], ?::smallint[], ?::text[]) AS t(a, b, s, r)
     ON CONFLICT (client_a, client_b) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons`,
    [pairs.map((p) => p.a), pairs.map((p) => p.b), pairs.map((p) => p.score), pairs.map((p) => `{${p.reasons.join(',')}}`)] as never,
  );
  return pairs.length;
}

/**
 * Processes every dirty client, a batch per transaction. One refresher at a time (a
 * transaction-level advisory lock): a second caller does not wait, it reads the pairs as
 * they are, which are at most a few seconds behind.
 */
export async function refreshDirtyPairs(knex: Knex, options: { maxBatches?: number; batch?: number } = {}): Promise<{ clients: number; pairs: number }> {
  const batchSize = options.batch ?? BATCH;
  let clients = 0;
  let pairs = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Infinity); batch++) {
    const done = await knex.transaction(async (trx) => {
      const { rows: lock } = await trx.raw<{ rows: { locked: boolean }[] }>("SELECT pg_try_advisory_xact_lock(hashtext('client_duplicate_refresh')) AS locked");
      if (!lock[0].locked) return true;
      const { rows } = await trx.raw<{ rows: { client_id: number }[] }>(
        `DELETE FROM client_duplicate_dirty WHERE client_id IN (SELECT client_id FROM client_duplicate_dirty ORDER BY client_id LIMIT ${batchSize})
         RETURNING client_id`,
      );
      if (!rows.length) return true;
      clients += rows.length;
      pairs += await refreshPairsOf(
        trx,
        rows.map((r) => r.client_id),
      );
      return rows.length < batchSize;
    });
    if (done) break;
  }
  return { clients, pairs };
}
