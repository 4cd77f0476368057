import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('email').notNullable();
    t.text('full_name').notNullable();
    t.text('role').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.text('password_hash').notNullable();
    t.timestamp('last_login_at', { useTz: true });
    t.timestamps(true, true);
    t.check("role IN ('admin', 'support')", [], 'users_role_check');
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');

  // express-session's store (api/auth/session.ts): sessions survive restarts and are shared
  // by every API process.
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });

  // Secrets the app generates once and every process shares (e.g. the session cookie key
  // when SESSION_SECRET is not given).
  await knex.schema.createTable('app_settings', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('audit_entries', (t) => {
    t.bigIncrements('id');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    // Who, as they were named at the time: readable even once the user is gone.
    t.text('user_label');
    t.text('action').notNullable();
    t.text('record_type').notNullable();
    t.integer('record_id').notNullable();
    t.text('record_label');
    t.integer('import_id');
    // { field: { before, after } } for the fields that changed.
    t.jsonb('changes').notNullable().defaultTo('{}');
    t.check("action IN ('create', 'update', 'delete', 'merge', 'import')", [], 'audit_entries_action_check');
  });
  await knex.raw('CREATE INDEX audit_entries_record ON audit_entries (record_type, record_id, occurred_at DESC)');
  await knex.raw('CREATE INDEX audit_entries_occurred_at ON audit_entries (occurred_at DESC)');
  // Append-only: the trail cannot be rewritten through the application's connection.
  await knex.raw(`
    CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_entries is append-only';
    END $$`);
  await knex.raw(`
    CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('audit_entries');
  await knex.raw('DROP FUNCTION IF EXISTS audit_entries_append_only()');
  await knex.schema.dropTableIfExists('app_settings');
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('users');
}
