import type { Knex } from 'knex';

/**
 * Access log (RGPD): who opened which client's page or export, and when.
 *
 * - The log stores ids only, no names of clients: the label shown is read from the current
 *   client row, so an anonymised client shows its neutral label, and a purge is the only way
 *   rows leave. No foreign key to clients: deleting a client keeps who looked at it.
 * - user_label keeps who it was once the user is deleted (user_id then becomes null).
 * - Rows older than the configured accessLogMonths are purged (api/accessLog/accessLogPurge.ts).
 */
export async function up(knex: Knex) {
  await knex.schema.createTable('client_access_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('user_label');
    t.integer('client_id').notNullable();
    t.text('kind').notNullable();
    t.check("kind IN ('view', 'export')", [], 'client_access_log_kind_check');
  });
  await knex.raw('CREATE INDEX client_access_log_client ON client_access_log (client_id, occurred_at)');
  await knex.raw('CREATE INDEX client_access_log_user ON client_access_log (user_id, occurred_at)');
  await knex.raw('CREATE INDEX client_access_log_occurred_at ON client_access_log (occurred_at)');
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('client_access_log');
}
