import type { Knex } from 'knex';

/**
 * Broad searches in name order. A client matches a search word either at the very
 * start of its search_text (the start of its last name, which in name order is one contiguous
 * range of the clients_sort_key index) or further in: this index holds the second kind only
 * (search_text without its first character). For "lefev", the Lefèvre clients match at the
 * start, so this index finds none of them and the first page is read from the sort-key range,
 * instead of reading every match from the table to sort them (api/clients/search/exactSearch.ts).
 */
export async function up(knex: Knex) {
  await knex.raw('CREATE INDEX IF NOT EXISTS clients_search_inner_trgm ON clients USING gin (substr(search_text, 2) gin_trgm_ops)');
  // Statistics of the new expression, which the planner's estimate of a split needs.
  await knex.raw('ANALYZE clients');
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS clients_search_inner_trgm');
}
