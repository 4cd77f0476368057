import type { Knex } from 'knex';

/**
 * The append-only tables refuse TRUNCATE too. Their row triggers refused UPDATE and DELETE, but
 * TRUNCATE fires no row trigger: `TRUNCATE audit_entries` through the app's own connection
 * emptied the trail. A statement-level BEFORE TRUNCATE trigger closes it, on the audit trail and
 * on the access log (whose only way out is its purge, a DELETE of rows past the retention period).
 */
const GUARDED_TABLES = ['audit_entries', 'client_access_log'];

export async function up(knex: Knex) {
  await knex.raw(`
    CREATE FUNCTION public.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`);
  for (const table of GUARDED_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_truncate()`);
  }
}

export async function down(knex: Knex) {
  for (const table of GUARDED_TABLES) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS public.refuse_truncate()');
}
