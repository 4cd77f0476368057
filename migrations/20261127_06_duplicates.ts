import type { Knex } from 'knex';

/**
 * Duplicate clients.
 *
 * - f_dup_word(text): a name, email-free word key: unaccented, lower-cased, everything but
 *   letters and digits removed ("Le Fèvre" = "LEFEVRE" = "lefevre", "Jean-Pierre" = "Jean Pierre").
 *   Candidate blocks join on it through expression indexes; the score itself is computed by
 *   api/duplicates/duplicateScore.ts, which normalises the same way.
 * - client_duplicate_pairs: the candidate pairs worth showing, client_a < client_b, with the
 *   score and its reasons; refreshed for the clients listed in client_duplicate_dirty, which
 *   statement-level triggers fill on every insert and on updates of an identifying field.
 * - client_duplicate_dismissals: pairs a user said are not duplicates; never proposed again.
 * - client_aliases: the numbers of clients absorbed by a merge. A number is unique across
 *   clients.client_number_key and client_aliases.client_number_key: the unique constraints
 *   cover each table, the triggers below cover the crossing, and a merge takes a SHARE ROW
 *   EXCLUSIVE lock on clients while it writes aliases, so no client insert can slip between
 *   its check and its commit (merges are rare and short; inserts never wait on each other).
 */
export async function up(knex: Knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION f_dup_word(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(coalesce(public.f_sort_name($1), ''), '[^a-z0-9]', '', 'g') $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION f_dup_name_key(text, text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.f_dup_word($1) || '|' || public.f_dup_word($2) $$`);

  // Candidate blocks: same name key (the swapped key of one client is looked up in the same
  // index), same email, same phone digits, same address key.
  await knex.raw('CREATE INDEX clients_dup_name_key ON clients (f_dup_name_key(last_name, first_name))');
  await knex.raw("CREATE INDEX clients_phone_digits_eq ON clients (phone_digits) WHERE phone_digits <> ''");
  await knex.raw('CREATE INDEX clients_dup_address ON clients (f_dup_word(address)) WHERE address IS NOT NULL');

  await knex.schema.createTable('client_aliases', (t) => {
    t.increments('id');
    t.integer('client_id').notNullable().references('clients.id').onDelete('CASCADE');
    t.text('client_number').notNullable();
    t.timestamp('merged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE client_aliases
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (lower(client_number)) STORED,
      ADD CONSTRAINT client_aliases_client_number_key UNIQUE (client_number_key)`);
  await knex.raw('CREATE INDEX client_aliases_client ON client_aliases (client_id)');

  // Which client absorbed which: audit entries are append-only, so the history of a kept client
  // is read through this table (its own entries and those of every client it absorbed).
  await knex.schema.createTable('client_merges', (t) => {
    t.integer('absorbed_id').primary();
    t.integer('kept_id').notNullable().references('clients.id').onDelete('CASCADE');
    t.timestamp('merged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX client_merges_kept ON client_merges (kept_id)');

  await knex.schema.createTable('client_duplicate_pairs', (t) => {
    t.integer('client_a').notNullable().references('clients.id').onDelete('CASCADE');
    t.integer('client_b').notNullable().references('clients.id').onDelete('CASCADE');
    t.smallint('score').notNullable();
    t.specificType('reasons', 'text[]').notNullable();
    t.primary(['client_a', 'client_b']);
    t.check('client_a < client_b', [], 'client_duplicate_pairs_order');
  });
  await knex.raw('CREATE INDEX client_duplicate_pairs_b ON client_duplicate_pairs (client_b)');
  await knex.raw('CREATE INDEX client_duplicate_pairs_score ON client_duplicate_pairs (score DESC)');

  await knex.schema.createTable('client_duplicate_dismissals', (t) => {
    t.integer('client_a').notNullable().references('clients.id').onDelete('CASCADE');
    t.integer('client_b').notNullable().references('clients.id').onDelete('CASCADE');
    t.integer('dismissed_by').references('users.id').onDelete('SET NULL');
    t.timestamp('dismissed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['client_a', 'client_b']);
    t.check('client_a < client_b', [], 'client_duplicate_dismissals_order');
  });

  await knex.raw('CREATE TABLE client_duplicate_dirty (client_id integer PRIMARY KEY)');
  await knex.raw('INSERT INTO client_duplicate_dirty (client_id) SELECT id FROM clients');

  // Statement-level triggers with transition tables: one set-based statement per import batch,
  // not one per row.
  await knex.raw(`
    CREATE FUNCTION clients_after_insert_duplicates() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      taken record;
    BEGIN
      SELECT n.client_number INTO taken FROM new_rows n
        JOIN client_aliases a ON a.client_number_key = n.client_number_key AND a.client_id <> n.id LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'client number % is an alias of another client', taken.client_number
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'client_aliases_client_number_key';
      END IF;
      INSERT INTO client_duplicate_dirty (client_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION clients_after_update_duplicates() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      taken record;
    BEGIN
      SELECT n.client_number INTO taken FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN client_aliases a ON a.client_number_key = n.client_number_key AND a.client_id <> n.id
       WHERE n.client_number_key IS DISTINCT FROM o.client_number_key LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'client number % is an alias of another client', taken.client_number
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'client_aliases_client_number_key';
      END IF;
      INSERT INTO client_duplicate_dirty (client_id)
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.last_name, n.first_name, n.email, n.phone, n.address)
               IS DISTINCT FROM (o.last_name, o.first_name, o.email, o.phone, o.address)
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER clients_insert_duplicates AFTER INSERT ON clients
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clients_after_insert_duplicates()`);
  await knex.raw(`
    CREATE TRIGGER clients_update_duplicates AFTER UPDATE ON clients
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clients_after_update_duplicates()`);
  // An alias may not take a number a client holds (other than its own holder).
  await knex.raw(`
    CREATE FUNCTION client_aliases_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM clients c WHERE c.client_number_key = NEW.client_number_key AND c.id <> NEW.client_id) THEN
        RAISE EXCEPTION 'client number % is held by another client', NEW.client_number
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'clients_client_number_key';
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER client_aliases_check BEFORE INSERT OR UPDATE ON client_aliases
    FOR EACH ROW EXECUTE FUNCTION client_aliases_check()`);
}

export async function down(knex: Knex) {
  await knex.raw('DROP TRIGGER IF EXISTS clients_insert_duplicates ON clients');
  await knex.raw('DROP TRIGGER IF EXISTS clients_update_duplicates ON clients');
  await knex.raw('DROP FUNCTION IF EXISTS clients_after_insert_duplicates()');
  await knex.raw('DROP FUNCTION IF EXISTS clients_after_update_duplicates()');
  await knex.schema.dropTableIfExists('client_duplicate_dirty');
  await knex.schema.dropTableIfExists('client_duplicate_dismissals');
  await knex.schema.dropTableIfExists('client_duplicate_pairs');
  await knex.schema.dropTableIfExists('client_merges');
  await knex.schema.dropTableIfExists('client_aliases');
  await knex.raw('DROP FUNCTION IF EXISTS client_aliases_check()');
  await knex.raw('DROP INDEX IF EXISTS clients_dup_address');
  await knex.raw('DROP INDEX IF EXISTS clients_phone_digits_eq');
  await knex.raw('DROP INDEX IF EXISTS clients_dup_name_key');
  await knex.raw('DROP FUNCTION IF EXISTS f_dup_name_key(text, text)');
  await knex.raw('DROP FUNCTION IF EXISTS f_dup_word(text)');
}
