import type { Knex } from 'knex';

/**
 * French alphabetical order and optimistic concurrency.
 *
 * French order ignores accents and case at the first level ("Bénard" between "Bellec" and
 * "Bernard", "Éluard" among the E's). PGlite has no ICU collations and a server's default
 * collation is whatever it was initialised with, so the order cannot come from a collation:
 * it comes from a key, `f_sort_name(name)` = unaccented (unaccent's default rules also turn
 * Ø into O, Œ into OE, Æ into AE, ß into ss) then lower-cased, compared byte by byte
 * (`COLLATE "C"`), which every PostgreSQL orders the same way.
 *
 * - clients.sort_key: last name, U+0001, first name. The separator sorts before any
 *   character, so "De Zoé" comes before "De La Tour Anne" (last names compared whole first).
 *   Stored and indexed with the id, so the default page (sorted by name) still reads the index.
 * - advisors, users and commissions (client snapshot) sort on the same function in their
 *   queries; those tables are small or already sorted without an index on these columns.
 * - clients.version: bumped by a trigger on every update, whoever writes (the API, a bulk
 *   action, the import worker), so a form can say which version it started from.
 */
export async function up(knex: Knex) {
  // lower() after unaccent: unaccent maps accented capitals to ASCII capitals, which lower()
  // folds whatever the database's LC_CTYPE (in a "C" database lower('É') stays 'É').
  // The typographic apostrophe sorts as the straight one ("D’Artagnan" = "D'Artagnan").
  await knex.raw(`
    CREATE OR REPLACE FUNCTION f_sort_name(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.f_unaccent(translate($1, '’', ''''))) $$`);

  await knex.raw(`
    ALTER TABLE clients ADD COLUMN sort_key text COLLATE "C" GENERATED ALWAYS AS (
      f_sort_name(last_name) || chr(1) || coalesce(f_sort_name(first_name), '')
    ) STORED`);
  await knex.raw('CREATE INDEX clients_sort_key ON clients (sort_key, id)');
  // Replaced by clients_sort_key for the default order; one index less to write on imports.
  await knex.raw('DROP INDEX IF EXISTS clients_last_name_order');

  await knex.raw('ALTER TABLE clients ADD COLUMN version integer NOT NULL DEFAULT 1');
  await knex.raw(`
    CREATE FUNCTION clients_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER clients_bump_version BEFORE UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION clients_bump_version()`);
}

export async function down(knex: Knex) {
  await knex.raw('DROP TRIGGER IF EXISTS clients_bump_version ON clients');
  await knex.raw('DROP FUNCTION IF EXISTS clients_bump_version()');
  await knex.raw('ALTER TABLE clients DROP COLUMN IF EXISTS version');
  await knex.raw('CREATE INDEX IF NOT EXISTS clients_last_name_order ON clients (last_name, id)');
  await knex.raw('DROP INDEX IF EXISTS clients_sort_key');
  await knex.raw('ALTER TABLE clients DROP COLUMN IF EXISTS sort_key');
  await knex.raw('DROP FUNCTION IF EXISTS f_sort_name(text)');
}
