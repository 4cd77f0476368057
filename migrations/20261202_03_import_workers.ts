import type { Knex } from 'knex';

/**
 * Import workers and their claims.
 *
 * - import_workers: each worker process writes its heartbeat here (api/imports/workerHeartbeat.ts),
 *   so that health, metrics and the Imports page can say whether any worker is alive for this
 *   database: with none, queued imports wait forever while everything else looks fine.
 * - statement_imports.claim_token / claimed_by: the claim a worker holds on the import it runs. A
 *   worker paused past its queue lock (a long GC, a frozen VM) and its replacement both ran the
 *   same import; every batch now checks the token under the import's row lock, so only the latest
 *   claim writes, and the counters count each row once.
 * - The stored file of a finished import is deleted with its last batch (nothing reads it again,
 *   and it holds every client's cells, which an anonymisation must not leave behind); the files
 *   of imports already finished go now.
 */
export async function up(knex: Knex) {
  await knex.schema.createTable('import_workers', (t) => {
    t.text('id').primary();
    t.text('host').notNullable();
    t.integer('pid').notNullable();
    t.integer('concurrency').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('statement_imports', (t) => {
    t.uuid('claim_token');
    t.text('claimed_by');
  });
  await knex.raw(`DELETE FROM statement_file_chunks WHERE import_id IN (SELECT id FROM statement_imports WHERE status IN ('completed', 'failed'))`);
}

export async function down(knex: Knex) {
  await knex.schema.alterTable('statement_imports', (t) => {
    t.dropColumn('claimed_by');
    t.dropColumn('claim_token');
  });
  await knex.schema.dropTableIfExists('import_workers');
}
