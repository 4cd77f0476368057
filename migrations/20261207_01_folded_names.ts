import type { Knex } from 'knex';

/**
 * The last and first names folded as the search folds them (f_unaccent(lower(...))), stored:
 * the tolerant search ranks thousands of candidates by edit distance to them, and folding each
 * name again for every candidate and every comparison cost more than the comparisons themselves.
 */
// Outside a transaction, for the VACUUM: adding stored columns rewrites the table, and the
// rewritten table's visibility map is empty until vacuumed, which turns every index-only scan
// of clients (counts from the sort-key index) into heap reads. The ALTER alone is atomic.
export const config = { transaction: false };

export async function up(knex: Knex) {
  await knex.raw(`ALTER TABLE clients
    ADD COLUMN last_name_folded text GENERATED ALWAYS AS (public.f_unaccent(lower(coalesce(last_name, '')))) STORED,
    ADD COLUMN first_name_folded text GENERATED ALWAYS AS (public.f_unaccent(lower(coalesce(first_name, '')))) STORED`);
  await knex.raw('VACUUM ANALYZE clients');
}

export async function down(knex: Knex) {
  await knex.raw('ALTER TABLE clients DROP COLUMN IF EXISTS last_name_folded, DROP COLUMN IF EXISTS first_name_folded');
}
