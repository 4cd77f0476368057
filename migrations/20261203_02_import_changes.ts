import type { Knex } from 'knex';

/**
 * Imports respect the firm's spelling of a client, and say what they changed.
 *
 * - f_detail_key(text): what a name or an address is compared on. A statement that writes
 *   "ANDRE" for the stored "André", "JEAN PIERRE" for "Jean-Pierre", "LEGALL" for "Le Gall" or
 *   "3 RUE DES LILAS 44000 NANTES" for the same address on two lines says nothing new: the key
 *   is f_number_key's (NFKC, invisible characters removed, white space collapsed, lower-cased),
 *   unaccented (unaccent also folds ligatures: œ, æ, ß) and lower-cased again (a "C" ctype
 *   leaves "É" as it is, not the "E" unaccent makes of it), then stripped of spaces, dots,
 *   commas, hyphens and apostrophes. Between two digits a separator stays one space: "1 2 rue"
 *   is not "12 rue".
 * - f_kept_detail(stored, incoming): the value the client keeps; the stored one when the file's
 *   is blank or has the same key, the file's otherwise. f_kept_email compares e-mails by case
 *   alone (a dot or a hyphen in an address is another mailbox). Phone numbers arrive in E.164 on
 *   both sides and compare as they are.
 * - statement_import_clients.changed_fields: the fields the import changed on each client it
 *   updated (names only; the values before and after are in the import's audit entries, sealed
 *   with the client's key and erased with it). Filled from those entries for earlier imports.
 */
const SEPARATORS = "[ .,''\u2019\u2018\u02bc`\u00b4\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]";
const FIELD_ORDER = "ARRAY['lastName', 'firstName', 'email', 'phone', 'address', 'advisorId']";

export async function up(knex: Knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION public.f_detail_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT replace(regexp_replace(regexp_replace(lower(public.f_unaccent(public.f_number_key($1))),
                   '([0-9])${SEPARATORS}+(\\?=[0-9])', E'\\\\1\\x01', 'g'), '${SEPARATORS}+', '', 'g'), chr(1), ' ') $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION public.f_kept_detail(stored text, incoming text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN incoming IS NULL OR incoming = stored THEN stored
                      WHEN stored IS NOT NULL AND public.f_detail_key(stored) = public.f_detail_key(incoming) THEN stored
                      ELSE incoming END $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION public.f_kept_email(stored text, incoming text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN incoming IS NULL OR incoming = stored THEN stored
                      WHEN stored IS NOT NULL AND lower(btrim(stored)) = lower(btrim(incoming)) THEN stored
                      ELSE incoming END $$`);

  await knex.raw("ALTER TABLE statement_import_clients ADD COLUMN IF NOT EXISTS changed_fields text[] NOT NULL DEFAULT '{}'");
  // Earlier imports: the field names of their entries (clear ones, and the sealed ones' $fields).
  await knex.raw(`
    UPDATE statement_import_clients t SET changed_fields = f.fields
      FROM (
        SELECT t2.import_id, t2.client_id,
               ARRAY(SELECT o.field FROM unnest(${FIELD_ORDER}) WITH ORDINALITY AS o(field, at)
                      WHERE EXISTS (SELECT 1 FROM audit_entries e
                                     WHERE e.import_id = t2.import_id AND e.record_type = 'client' AND e.record_id = t2.client_id AND e.action = 'import'
                                       AND (jsonb_exists(e.changes, o.field) OR jsonb_exists(coalesce(e.changes->'$fields', '[]'::jsonb), o.field)))
                      ORDER BY o.at) AS fields
          FROM statement_import_clients t2 WHERE t2.outcome = 'updated'
      ) f
     WHERE t.import_id = f.import_id AND t.client_id = f.client_id AND f.fields <> '{}'`);
}

export async function down(knex: Knex) {
  await knex.raw('ALTER TABLE statement_import_clients DROP COLUMN IF EXISTS changed_fields');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_kept_email(text, text)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_kept_detail(text, text)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_detail_key(text)');
}
