import type { Knex } from 'knex';

/**
 * "The same file twice" is decided by PostgreSQL, not by a read before the insert: a partial
 * unique index lets one live (not failed) import per file content, unless the upload was
 * forced. Two concurrent uploads of one statement then give one import and one 409.
 */
export async function up(knex: Knex) {
  await knex.schema.alterTable('statement_imports', (t) => {
    t.boolean('forced').notNullable().defaultTo(false);
  });
  // Doubles that the earlier check-then-insert let through stay, marked as forced: they were
  // imported twice in fact, and the index must be creatable over existing data.
  await knex.raw(`
    UPDATE statement_imports AS later SET forced = true
    WHERE later.status <> 'failed'
      AND EXISTS (
        SELECT 1 FROM statement_imports AS earlier
        WHERE earlier.sha256 = later.sha256 AND earlier.status <> 'failed' AND earlier.id < later.id
      )`);
  await knex.raw(`CREATE UNIQUE INDEX statement_imports_same_file_key ON statement_imports (sha256) WHERE status <> 'failed' AND NOT forced`);
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS statement_imports_same_file_key');
  await knex.schema.alterTable('statement_imports', (t) => {
    t.dropColumn('forced');
  });
}
