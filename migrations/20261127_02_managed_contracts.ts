import type { Knex } from 'knex';

/**
 * Contracts become a resource the firm manages:
 * - one SQL definition of "active contract", `contract_is_active(status, end_date)`, used by
 *   every count and filter (clients list, client page, contracts list, exports);
 * - contract numbers unique once trimmed and lower-cased, decided by a UNIQUE constraint on a
 *   generated key (like clients.client_number_key), so that concurrent writers are arbitrated
 *   by PostgreSQL;
 * - commission lines know whether they came from an import or were entered by hand.
 */
export async function up(knex: Knex) {
  // "Today" for a French firm: a contract ending on 27 November is still active until midnight
  // in Paris, whatever the server's time zone. STABLE (it reads the clock), plain SQL and not
  // STRICT so that the planner inlines both functions into the queries that call them: the
  // partial index on status = 'active' still applies to the inlined condition.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION firm_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT (now() AT TIME ZONE 'Europe/Paris')::date $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION contract_is_active(status text, end_date date) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT status = 'active' AND (end_date IS NULL OR end_date >= firm_today()) $$`);

  // The count per client reads the index alone: client and end date of the 'active' ones.
  await knex.raw('DROP INDEX IF EXISTS contracts_client_active');
  await knex.raw("CREATE INDEX contracts_client_active ON contracts (client_id, end_date) WHERE status = 'active'");

  await migrateContractNumbers(knex);

  await knex.raw(`ALTER TABLE commissions ADD COLUMN source text NOT NULL DEFAULT 'import'`);
  await knex.raw(`ALTER TABLE commissions ADD CONSTRAINT commissions_source_check CHECK (source IN ('import', 'manual'))`);
  // Period filters and the default newest-first order of the Commissions list.
  await knex.raw('CREATE INDEX commissions_date ON commissions (date, id)');
  await knex.raw('CREATE INDEX contracts_insurer_lower ON contracts (lower(insurer)) WHERE insurer IS NOT NULL');
}

/**
 * The old constraint was case-sensitive and untrimmed, so existing data may hold " C-1" next to
 * "c-1". The migration must not fail on them, nor lose anything: every contract of such a
 * group but the oldest gets its number suffixed with " (doublon n° <id>)", which keeps its
 * client, advisor and commissions, shows up in searches for the number, and leaves the firm to
 * merge or renumber it by hand. Each rename is written to the audit trail.
 */
async function migrateContractNumbers(knex: Knex) {
  await knex.raw('ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_contract_number_unique');
  await knex.raw(`
    WITH ranked AS (
      SELECT id, contract_number,
             row_number() OVER (PARTITION BY lower(btrim(contract_number)) ORDER BY id) AS rank
        FROM contracts
    ),
    renamed AS (
      UPDATE contracts k
         SET contract_number = btrim(r.contract_number) || ' (doublon n° ' || k.id || ')', updated_at = now()
        FROM ranked r
       WHERE r.id = k.id AND r.rank > 1
      RETURNING k.id, r.contract_number AS before, k.contract_number AS after
    )
    INSERT INTO audit_entries (user_label, action, record_type, record_id, record_label, changes)
    SELECT 'Migration 20261127_02', 'update', 'contract', id, after,
           jsonb_build_object('contractNumber', jsonb_build_object('before', before, 'after', after))
      FROM renamed`);
  await knex.raw(`UPDATE contracts SET contract_number = btrim(contract_number) WHERE contract_number <> btrim(contract_number)`);
  await knex.raw(`
    ALTER TABLE contracts
      ADD COLUMN contract_number_key text GENERATED ALWAYS AS (lower(btrim(contract_number))) STORED,
      ADD CONSTRAINT contracts_contract_number_key UNIQUE (contract_number_key)`);
}

export async function down(knex: Knex) {
  await knex.raw('DROP INDEX IF EXISTS contracts_insurer_lower');
  await knex.raw('DROP INDEX IF EXISTS commissions_date');
  await knex.raw('ALTER TABLE commissions DROP COLUMN IF EXISTS source');
  await knex.raw('ALTER TABLE contracts DROP COLUMN IF EXISTS contract_number_key');
  await knex.raw('ALTER TABLE contracts ADD CONSTRAINT contracts_contract_number_unique UNIQUE (contract_number)');
  await knex.raw('DROP INDEX IF EXISTS contracts_client_active');
  await knex.raw("CREATE INDEX contracts_client_active ON contracts (client_id) WHERE status = 'active'");
  await knex.raw('DROP FUNCTION IF EXISTS contract_is_active(text, date)');
  await knex.raw('DROP FUNCTION IF EXISTS firm_today()');
}
