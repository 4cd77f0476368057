import type { Knex } from 'knex';

/**
 * Statements in every format brokers receive (.xlsx, .xls, .ods, CSV...), and the tab chosen by
 * name: an import keeps its file's format and its tab's name (sheet_name), which is how the
 * worker finds the tab again; the zip-internal sheet number (sheet_id) means nothing outside
 * .xlsx. A saved mapping remembers the name of the tab it was made on.
 */
export async function up(knex: Knex) {
  await knex.raw('ALTER TABLE statement_imports ALTER COLUMN sheet_id DROP NOT NULL');
  await knex.raw("ALTER TABLE statement_imports ADD COLUMN IF NOT EXISTS format text NOT NULL DEFAULT 'xlsx'");
  await knex.raw('ALTER TABLE statement_import_mappings ADD COLUMN IF NOT EXISTS sheet_name text');
  // Why an import failed, as a message code and its values, rendered in the reader's language.
  await knex.raw('ALTER TABLE statement_imports ADD COLUMN IF NOT EXISTS error_detail jsonb');
}

export async function down(knex: Knex) {
  await knex.raw('ALTER TABLE statement_imports DROP COLUMN IF EXISTS error_detail');
  await knex.raw('ALTER TABLE statement_import_mappings DROP COLUMN IF EXISTS sheet_name');
  await knex.raw('ALTER TABLE statement_imports DROP COLUMN IF EXISTS format');
  await knex.raw("UPDATE statement_imports SET sheet_id = '1' WHERE sheet_id IS NULL");
  await knex.raw('ALTER TABLE statement_imports ALTER COLUMN sheet_id SET NOT NULL');
}
