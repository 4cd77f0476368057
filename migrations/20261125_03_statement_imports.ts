import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('statement_imports', (t) => {
    t.increments('id');
    t.text('file_name').notNullable();
    t.integer('file_size').notNullable();
    // Same file twice (same SHA-256) is refused unless forced.
    t.text('sha256').notNullable().index();
    t.text('status').notNullable().defaultTo('queued');
    t.jsonb('mapping').notNullable();
    t.text('sheet_id').notNullable();
    t.text('sheet_name');
    t.integer('header_row').notNullable();
    t.jsonb('columns').notNullable();
    t.integer('total_rows');
    t.integer('processed_rows').notNullable().defaultTo(0);
    // Last Excel row whose batch is committed: a retried job resumes after it.
    t.integer('checkpoint_row').notNullable().defaultTo(0);
    t.integer('clients_created').notNullable().defaultTo(0);
    t.integer('clients_updated').notNullable().defaultTo(0);
    t.integer('contracts_created').notNullable().defaultTo(0);
    t.integer('commissions_created').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.text('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.text('created_by_label');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status IN ('queued', 'running', 'completed', 'failed')", [], 'statement_imports_status_check');
  });
  await knex.raw('CREATE INDEX statement_imports_created_at ON statement_imports (created_at DESC, id DESC)');

  // The uploaded file itself, in the database so that any worker on any machine reads it;
  // apart from the import row so that listing imports never drags megabytes along.
  await knex.schema.createTable('statement_import_files', (t) => {
    t.integer('import_id').primary().references('statement_imports.id').onDelete('CASCADE');
    t.binary('content').notNullable();
  });

  // Rejected rows as they were in the file (for the error report) with their reasons.
  await knex.schema.createTable('statement_import_rejections', (t) => {
    t.integer('import_id').notNullable().references('statement_imports.id').onDelete('CASCADE');
    t.integer('row').notNullable();
    // [{ column, message }]
    t.jsonb('errors').notNullable();
    // The row's cells as displayed, for the downloadable report.
    t.jsonb('cells').notNullable();
    t.primary(['import_id', 'row']);
  });

  // Named mappings (one per insurer), reused from one month's statement to the next.
  await knex.schema.createTable('statement_import_mappings', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('insurer');
    t.jsonb('mapping').notNullable();
    t.timestamps(true, true);
  });
  await knex.raw('CREATE UNIQUE INDEX statement_import_mappings_name_key ON statement_import_mappings (lower(name))');

  // One commission per statement row: a retried job can never write a line twice.
  await knex.raw('ALTER TABLE commissions ADD CONSTRAINT commissions_import_row_key UNIQUE (import_id, import_row)');
  await knex.raw('ALTER TABLE commissions ADD CONSTRAINT commissions_import_id_fkey FOREIGN KEY (import_id) REFERENCES statement_imports (id) ON DELETE SET NULL');
  // "The imports that touched this client": through its audit entries.
  await knex.raw('CREATE INDEX audit_entries_import_id ON audit_entries (import_id) WHERE import_id IS NOT NULL');
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS audit_entries_import_id');
  await knex.raw('ALTER TABLE commissions DROP CONSTRAINT IF EXISTS commissions_import_id_fkey');
  await knex.raw('ALTER TABLE commissions DROP CONSTRAINT IF EXISTS commissions_import_row_key');
  await knex.schema.dropTableIfExists('statement_import_mappings');
  await knex.schema.dropTableIfExists('statement_import_rejections');
  await knex.schema.dropTableIfExists('statement_import_files');
  await knex.schema.dropTableIfExists('statement_imports');
}
