import type { Knex } from 'knex';

/**
 * Exact totals for the lists, and an index for searches of one or two characters.
 *
 * table_row_counts: the row count of each listed table, as deltas. Statement-level triggers
 * with transition tables add one row per INSERT or DELETE statement (+n or -n), so an unfiltered
 * list's total is sum(delta), exact on both databases whatever the planner's statistics (PGlite
 * runs no autovacuum). Writers only ever insert delta rows: two imports writing clients at once
 * never wait for each other, where one counter row updated by every statement would be locked
 * by the first writer until it commits. Compaction (public.compact_table_row_counts) replaces a
 * table's committed deltas by their sum in one statement; a TRUNCATE removes them.
 *
 * clients_search_starts: the first one and two characters of the first name, client number,
 * email (folded like search_text) and phone digits (marked '#', in international and French
 * national form), so that a short search matches the start of every searched field through one
 * GIN index. The last name's start is served by clients_last_name_prefix and the sort key.
 */
export const COUNTED_TABLES = ['clients', 'contracts', 'commissions', 'advisors', 'users', 'audit_entries', 'client_access_log', 'statement_imports'];

export async function up(knex: Knex) {
  await knex.raw(`
    CREATE TABLE table_row_counts (
      table_name text NOT NULL,
      delta bigint NOT NULL
    )`);
  await knex.raw('CREATE INDEX table_row_counts_table ON table_row_counts (table_name) INCLUDE (delta)');

  await knex.raw(`
    CREATE FUNCTION public.table_row_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.table_row_counts (table_name, delta) SELECT TG_TABLE_NAME, count(*) FROM new_rows HAVING count(*) > 0;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION public.table_row_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.table_row_counts (table_name, delta) SELECT TG_TABLE_NAME, -count(*) FROM old_rows HAVING count(*) > 0;
      RETURN NULL;
    END $$`);
  // The advisory lock orders a TRUNCATE after a compaction under way (whose sum row it must see
  // and delete); each statement of the function then takes a fresh snapshot.
  await knex.raw(`
    CREATE FUNCTION public.table_row_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('table_row_counts'), hashtext(TG_TABLE_NAME));
      DELETE FROM public.table_row_counts WHERE table_name = TG_TABLE_NAME;
      RETURN NULL;
    END $$`);
  // Each committed delta is deleted and re-enters the sum in the same statement. One compaction
  // per table at a time: a second one has nothing to do, and returns at once.
  await knex.raw(`
    CREATE FUNCTION public.compact_table_row_counts(p_table text) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      total bigint;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtext('table_row_counts'), hashtext(p_table)) THEN
        RETURN NULL;
      END IF;
      WITH gone AS (DELETE FROM public.table_row_counts WHERE table_name = p_table RETURNING delta)
      INSERT INTO public.table_row_counts (table_name, delta) SELECT p_table, sum(delta) FROM gone HAVING count(*) > 0
      RETURNING delta INTO total;
      RETURN total;
    END $$`);

  for (const table of COUNTED_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_count_inserts AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.table_row_counts_inserted()`);
    await knex.raw(`CREATE TRIGGER ${table}_count_deletes AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.table_row_counts_deleted()`);
    await knex.raw(`CREATE TRIGGER ${table}_count_truncates AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION public.table_row_counts_truncated()`);
    // CREATE TRIGGER holds a lock that blocks writers until this migration commits: nothing
    // changes the table between the count and the triggers taking over.
    await knex.raw(`INSERT INTO table_row_counts (table_name, delta) SELECT ?, count(*) FROM ${table}`, [table]);
  }

  await knex.raw(`
    CREATE FUNCTION public.f_search_starts(first_name text, client_number text, email text, phone_digits text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      starts text[] := '{}';
      value text;
    BEGIN
      -- unaccent itself rather than f_unaccent: a SQL wrapper call per field costs more than the fold.
      FOREACH value IN ARRAY ARRAY[public.unaccent('public.unaccent'::regdictionary, lower(first_name)),
                                   public.unaccent('public.unaccent'::regdictionary, lower(client_number)),
                                   public.unaccent('public.unaccent'::regdictionary, lower(email))] LOOP
        IF value <> '' THEN starts := starts || left(value, 1) || left(value, 2); END IF;
      END LOOP;
      FOREACH value IN ARRAY ARRAY[phone_digits, CASE WHEN phone_digits LIKE '33%' THEN '0' || substr(phone_digits, 3) END] LOOP
        IF value <> '' THEN starts := starts || ('#' || left(value, 1)) || ('#' || left(value, 2)); END IF;
      END LOOP;
      RETURN starts;
    END $$`);
  await knex.raw('CREATE INDEX clients_search_starts ON clients USING gin (public.f_search_starts(first_name, client_number, email, phone_digits))');
  // Statistics of the new expression (its most common keys), which the page's strategies read.
  await knex.raw('ANALYZE clients');
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS clients_search_starts');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_search_starts(text, text, text, text)');
  for (const table of COUNTED_TABLES) {
    for (const event of ['inserts', 'deletes', 'truncates']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_count_${event} ON ${table}`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS public.compact_table_row_counts(text)');
  await knex.raw('DROP FUNCTION IF EXISTS public.table_row_counts_truncated()');
  await knex.raw('DROP FUNCTION IF EXISTS public.table_row_counts_deleted()');
  await knex.raw('DROP FUNCTION IF EXISTS public.table_row_counts_inserted()');
  await knex.raw('DROP TABLE IF EXISTS table_row_counts');
}
