import type { Knex } from 'knex';

/**
 * Client and contract numbers compared as people read them, not code point by code point: NFC
 * and NFD "é", fullwidth digits, ligatures, a no-break space, a double space or a zero-width
 * character each made a separate client. The keys under the UNIQUE constraints become
 * f_number_key(number): NFKC, invisible characters removed (the list of shared/contactDetails.ts,
 * INVISIBLE_CHARACTERS), white space collapsed, trimmed, lower-cased. numberKey() in
 * shared/contactDetails.ts is the same function for the import's in-memory grouping; a test
 * compares the two on both databases.
 *
 * PostgreSQL 15 cannot change a generated column's expression: each key column is dropped (its
 * constraint with it) and added again under the same names. Numbers that the new key makes equal
 * were distinct before and must not be lost: as contract numbers were in 20261127_02, all but the
 * oldest of each group get " (doublon n° <id>)", traced in the audit trail, for the firm to merge
 * or renumber; a client whose number is now another client's former number (client_aliases)
 * gets the same suffix.
 */
const INVISIBLE =
  '[\\u0001-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\U000E0000-\\U000E007F\\U000E0100-\\U000E01EF]';
const WHITE_SPACE = '[\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+';

export async function up(knex: Knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION public.f_number_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(btrim(regexp_replace(regexp_replace(normalize($1, NFKC), '${INVISIBLE}', '', 'g'), '${WHITE_SPACE}', ' ', 'g'), ' ')) $$`);

  // Clients: equal keys within the table, then numbers that are another client's alias.
  await renameDuplicates(knex, {
    table: 'clients',
    column: 'client_number',
    recordType: 'client',
    field: 'clientNumber',
    extraCondition: `OR EXISTS (SELECT 1 FROM client_aliases a WHERE public.f_number_key(a.client_number) = public.f_number_key(t.client_number) AND a.client_id <> t.id)`,
  });
  // Former numbers: an alias equal to an earlier alias of the new key is suffixed the same way.
  await knex.raw(`
    UPDATE client_aliases a SET client_number = btrim(a.client_number) || ' (doublon n° ' || a.id || ')'
      FROM (SELECT id, row_number() OVER (PARTITION BY public.f_number_key(client_number) ORDER BY id) AS rank FROM client_aliases) r
     WHERE r.id = a.id AND r.rank > 1`);
  await renameDuplicates(knex, { table: 'contracts', column: 'contract_number', recordType: 'contract', field: 'contractNumber' });

  await knex.raw(`
    ALTER TABLE clients DROP COLUMN client_number_key,
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (public.f_number_key(client_number)) STORED,
      ADD CONSTRAINT clients_client_number_key UNIQUE (client_number_key)`);
  await knex.raw(`
    ALTER TABLE client_aliases DROP COLUMN client_number_key,
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (public.f_number_key(client_number)) STORED,
      ADD CONSTRAINT client_aliases_client_number_key UNIQUE (client_number_key)`);
  await knex.raw(`
    ALTER TABLE contracts DROP COLUMN contract_number_key,
      ADD COLUMN contract_number_key text GENERATED ALWAYS AS (public.f_number_key(contract_number)) STORED,
      ADD CONSTRAINT contracts_contract_number_key UNIQUE (contract_number_key)`);
}

/** Suffixes all but the oldest row of each group of equal keys (or meeting `extraCondition`), with an audit entry each. */
async function renameDuplicates(knex: Knex, options: { table: string; column: string; recordType: string; field: string; extraCondition?: string }) {
  const { table, column, recordType, field } = options;
  await knex.raw(`
    WITH ranked AS (
      SELECT t.id, t.${column} AS number,
             row_number() OVER (PARTITION BY public.f_number_key(t.${column}) ORDER BY t.id) AS rank
        FROM ${table} t WHERE t.${column} IS NOT NULL
    ),
    renamed AS (
      UPDATE ${table} t
         SET ${column} = btrim(r.number) || ' (doublon n° ' || t.id || ')', updated_at = now()
        FROM ranked r
       WHERE r.id = t.id AND (r.rank > 1 ${options.extraCondition ?? ''})
      RETURNING t.id, r.number AS before, t.${column} AS after
    )
    INSERT INTO audit_entries (user_label, action, record_type, record_id, record_label, changes)
    SELECT 'Migration 20261202_02', 'update', '${recordType}', id, after,
           jsonb_build_object('${field}', jsonb_build_object('before', before, 'after', after))
      FROM renamed`);
}

export async function down(knex: Knex) {
  await knex.raw(`
    ALTER TABLE contracts DROP COLUMN contract_number_key,
      ADD COLUMN contract_number_key text GENERATED ALWAYS AS (lower(btrim(contract_number))) STORED,
      ADD CONSTRAINT contracts_contract_number_key UNIQUE (contract_number_key)`);
  await knex.raw(`
    ALTER TABLE client_aliases DROP COLUMN client_number_key,
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (lower(client_number)) STORED,
      ADD CONSTRAINT client_aliases_client_number_key UNIQUE (client_number_key)`);
  await knex.raw(`
    ALTER TABLE clients DROP COLUMN client_number_key,
      ADD COLUMN client_number_key text GENERATED ALWAYS AS (lower(client_number)) STORED,
      ADD CONSTRAINT clients_client_number_key UNIQUE (client_number_key)`);
  await knex.raw('DROP FUNCTION IF EXISTS public.f_number_key(text)');
}
