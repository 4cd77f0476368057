import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
  // unaccent() is only STABLE; an IMMUTABLE wrapper with the dictionary named explicitly
  // lets it appear in index expressions and generated columns.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

  await knex.schema.createTable('advisors', (t) => {
    t.increments('id');
    t.text('first_name').notNullable().defaultTo('');
    t.text('last_name').notNullable();
    t.text('email');
    t.timestamps(true, true);
  });
  // Advisors are matched by name during imports.
  await knex.raw('CREATE UNIQUE INDEX advisors_name_key ON advisors (lower(last_name), lower(first_name))');

  await knex.schema.createTable('clients', (t) => {
    t.increments('id');
    t.text('client_number');
    t.text('last_name').notNullable();
    t.text('first_name');
    t.text('email');
    t.text('phone');
    t.text('address');
    t.integer('advisor_id').references('advisors.id').onDelete('SET NULL');
    t.timestamps(true, true);
  });
  // Client numbers are stored trimmed and compared case-insensitively: the generated key is
  // what the unique index and the import's ON CONFLICT target use.
  await knex.raw(`
    ALTER TABLE clients
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (lower(client_number)) STORED,
      ADD CONSTRAINT clients_client_number_key UNIQUE (client_number_key),
      ADD COLUMN phone_digits text GENERATED ALWAYS AS (regexp_replace(phone, '[^0-9]', '', 'g')) STORED,
      ADD COLUMN search_text text GENERATED ALWAYS AS (
        f_unaccent(lower(
          coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' ||
          coalesce(client_number, '') || ' ' || coalesce(email, '')
        ))
      ) STORED`);
  // One trigram index over name, first name, number and email serves every word of `q`
  // (substring, case- and accent-insensitive) with a single bitmap scan.
  await knex.raw('CREATE INDEX clients_search_text_trgm ON clients USING gin (search_text gin_trgm_ops)');
  await knex.raw('CREATE INDEX clients_phone_digits_trgm ON clients USING gin (phone_digits gin_trgm_ops)');
  // Words shorter than a trigram fall back to a prefix match on the last name.
  await knex.raw('CREATE INDEX clients_last_name_prefix ON clients (f_unaccent(lower(last_name)) text_pattern_ops)');
  // Default list order (lastName ASC) and its tie-breaker, read straight from the index.
  await knex.raw('CREATE INDEX clients_last_name_order ON clients (last_name, id)');
  await knex.raw('CREATE INDEX clients_advisor_id ON clients (advisor_id)');
  // Exact matches behind the duplicate warning on the create form.
  await knex.raw('CREATE INDEX clients_email_lower ON clients (lower(email)) WHERE email IS NOT NULL');
  await knex.raw('CREATE INDEX clients_phone ON clients (phone) WHERE phone IS NOT NULL');

  await knex.schema.createTable('contracts', (t) => {
    t.increments('id');
    t.text('contract_number').notNullable().unique();
    t.integer('client_id').references('clients.id').onDelete('SET NULL');
    t.integer('advisor_id').references('advisors.id').onDelete('SET NULL');
    t.text('product');
    t.text('insurer');
    t.text('status').notNullable().defaultTo('active');
    t.date('start_date');
    t.date('end_date');
    t.timestamps(true, true);
    t.check("status IN ('active', 'terminated')", [], 'contracts_status_check');
  });
  // Partial index: counting a client's active contracts reads only those.
  await knex.raw("CREATE INDEX contracts_client_active ON contracts (client_id) WHERE status = 'active'");
  await knex.raw('CREATE INDEX contracts_client_id ON contracts (client_id)');
  await knex.raw('CREATE INDEX contracts_advisor_client ON contracts (advisor_id, client_id)');

  await knex.schema.createTable('commissions', (t) => {
    t.bigIncrements('id');
    t.integer('contract_id').references('contracts.id').onDelete('SET NULL');
    t.integer('client_id').references('clients.id').onDelete('SET NULL');
    t.integer('advisor_id').references('advisors.id').onDelete('SET NULL');
    t.integer('import_id');
    t.integer('import_row');
    t.date('date').notNullable();
    // Money is exact: numeric, never float.
    t.decimal('amount', 14, 2).notNullable();
    t.text('label');
    // Snapshot of the client when the line was written: history stays readable once the
    // client is deleted (client_id becomes NULL, these stay).
    t.text('client_number');
    t.text('client_name');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX commissions_client_date ON commissions (client_id, date DESC)');
  await knex.raw('CREATE INDEX commissions_contract_id ON commissions (contract_id)');
  await knex.raw('CREATE INDEX commissions_advisor_id ON commissions (advisor_id)');
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('commissions');
  await knex.schema.dropTableIfExists('contracts');
  await knex.schema.dropTableIfExists('clients');
  await knex.schema.dropTableIfExists('advisors');
  await knex.raw('DROP FUNCTION IF EXISTS f_unaccent(text)');
}
