import type { Knex } from 'knex';

/**
 * Statement imports, second round:
 * - the import remembers the month it dated its lines with (`period`, when no column gives a
 *   commission date), the insurer named for the whole file, and how many rows precede its data
 *   (so that the upload and the worker count the data rows the same way);
 * - each client an import touched is recorded once with what happened to it (created, updated,
 *   matched without change): the counters are counted from it, and the result page lists them;
 * - saved mappings remember the headers of the file they were made on, to recognise the layout.
 */
export async function up(knex: Knex) {
  await knex.schema.alterTable('statement_imports', (t) => {
    t.text('period');
    t.text('insurer');
    t.integer('rows_through_header');
    t.integer('clients_unchanged').notNullable().defaultTo(0);
    t.integer('applied_mapping_id').references('statement_import_mappings.id').onDelete('SET NULL');
  });
  await knex.raw(`ALTER TABLE statement_imports ADD CONSTRAINT statement_imports_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')`);

  await knex.schema.createTable('statement_import_clients', (t) => {
    t.integer('import_id').notNullable().references('statement_imports.id').onDelete('CASCADE');
    t.integer('client_id').notNullable().references('clients.id').onDelete('CASCADE');
    t.text('outcome').notNullable();
    t.primary(['import_id', 'client_id']);
    t.check("outcome IN ('created', 'updated', 'unchanged')", [], 'statement_import_clients_outcome_check');
  });
  await knex.raw('CREATE INDEX statement_import_clients_client ON statement_import_clients (client_id)');

  await knex.schema.alterTable('statement_import_mappings', (t) => {
    t.jsonb('headers');
    t.text('header_fingerprint');
  });
  await knex.raw('CREATE INDEX statement_import_mappings_fingerprint ON statement_import_mappings (header_fingerprint, updated_at DESC) WHERE header_fingerprint IS NOT NULL');
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS statement_import_mappings_fingerprint');
  await knex.schema.alterTable('statement_import_mappings', (t) => {
    t.dropColumn('header_fingerprint');
    t.dropColumn('headers');
  });
  await knex.schema.dropTableIfExists('statement_import_clients');
  await knex.schema.alterTable('statement_imports', (t) => {
    t.dropColumn('applied_mapping_id');
    t.dropColumn('clients_unchanged');
    t.dropColumn('rows_through_header');
    t.dropColumn('insurer');
    t.dropColumn('period');
  });
}
