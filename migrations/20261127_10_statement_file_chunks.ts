import type { Knex } from 'knex';

/**
 * Uploaded statements stored in chunks of about a megabyte, instead of one bytea per
 * file: the worker streams them into the reader without ever holding a file whole (a 75 MB
 * statement was read whole, then copied). Existing files are cut into chunks of the same size in
 * SQL, and their old table goes. Plain rows rather than large objects: they cascade with their
 * import, need no lo_unlink, and behave the same on PostgreSQL and PGlite.
 */
const CHUNK_BYTES = 1024 * 1024;

export async function up(knex: Knex) {
  await knex.schema.createTable('statement_file_chunks', (t) => {
    t.integer('import_id').notNullable().references('statement_imports.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.binary('data').notNullable();
    t.primary(['import_id', 'seq']);
    t.check('seq >= 0', [], 'statement_file_chunks_seq_check');
  });
  // A workbook is already deflated: trying to compress its chunks again would be wasted work.
  await knex.raw('ALTER TABLE statement_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL');
  await knex.raw(
    `INSERT INTO statement_file_chunks (import_id, seq, data)
     SELECT f.import_id, g.seq, substring(f.content FROM g.seq * ${CHUNK_BYTES} + 1 FOR ${CHUNK_BYTES})
       FROM statement_import_files f
       CROSS JOIN LATERAL generate_series(0, (octet_length(f.content) - 1) / ${CHUNK_BYTES}) AS g(seq)
      WHERE octet_length(f.content) > 0`,
  );
  await knex.schema.dropTable('statement_import_files');
}

export async function down(knex: Knex) {
  await knex.schema.createTable('statement_import_files', (t) => {
    t.integer('import_id').primary().references('statement_imports.id').onDelete('CASCADE');
    t.binary('content').notNullable();
  });
  await knex.raw(
    `INSERT INTO statement_import_files (import_id, content)
     SELECT import_id, string_agg(data, ''::bytea ORDER BY seq) FROM statement_file_chunks GROUP BY import_id`,
  );
  await knex.schema.dropTable('statement_file_chunks');
}
