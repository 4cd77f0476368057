import type { Knex } from 'knex';

/**
 * Personal data: erasure that keeps the accounts.
 *
 * - clients.anonymised_at: when the client's personal fields were replaced by a neutral label.
 *   A BEFORE UPDATE trigger keeps those fields as they are once set, whoever writes (the API,
 *   or next month's statement naming the same client number again).
 * - Crypto-shredding of the append-only audit trail. Each client has a random AES-256 key
 *   (client_keys, created on first use). A BEFORE INSERT trigger on audit_entries seals the
 *   personal values of every client entry with it, whichever writer inserts the row (the API's
 *   AuditTrail, or the import worker's set-based upsert in SQL): the record label, and each
 *   before/after value except the fields the accounts keep (number, advisor, ids, counts).
 *   Entries of the client's commission lines are sealed the same way (their label is free
 *   text a statement may fill with the client's name); amounts, dates and ids stay in clear.
 *   Erasure deletes the key: the rows are never updated, their sealed values just cannot be
 *   opened any more. The view audit_entries_readable opens what can be opened and shows
 *   '[donnée effacée]' for the rest. Keys have no foreign key to clients on purpose: a plain
 *   delete keeps the trail of the deleted client readable, as before.
 *   Raw AES-256-CBC with a random IV, one ciphertext per entry (pgcrypto encrypt_iv), not
 *   pgp_sym_encrypt, whose key derivation would cost a lot per row of a 25,000-client batch.
 */
const CLEAR_FIELDS = ['clientNumber', 'advisorId', 'mergedInto', 'contracts', 'commissions', 'aliases', 'format'];
/** A commission line's entry: its free-text label (a statement may name the client in it) is sealed with its client's key. */
const COMMISSION_CLEAR_FIELDS = ['contractId', 'clientId', 'advisorId', 'date', 'amount', 'source', 'importId'];
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;
const ACTIONS = ['create', 'update', 'delete', 'merge', 'import'];

export async function up(knex: Knex) {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  await knex.raw('ALTER TABLE clients ADD COLUMN anonymised_at timestamptz');

  // One live key per client at a time (client_id unique); each sealed entry names the key it was
  // sealed with ("$key"), so that the key created after an erasure (for the entries written
  // since) never meets the entries of the key that was deleted.
  await knex.raw(`
    CREATE TABLE client_keys (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      client_id integer NOT NULL UNIQUE,
      key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);

  // The live key of a client, created on first use. ON CONFLICT lets PostgreSQL arbitrate two
  // transactions creating the same key: the second waits for the first and reads its key.
  await knex.raw(`
    CREATE FUNCTION public.f_client_key(p_client integer, OUT key_id bigint, OUT key bytea) LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      SELECT k.id, k.key INTO key_id, key FROM public.client_keys k WHERE k.client_id = p_client;
      IF key_id IS NULL THEN
        INSERT INTO public.client_keys AS k (client_id, key) VALUES (p_client, public.gen_random_bytes(32))
          ON CONFLICT (client_id) DO NOTHING RETURNING k.id, k.key INTO key_id, key;
        IF key_id IS NULL THEN
          SELECT k.id, k.key INTO key_id, key FROM public.client_keys k WHERE k.client_id = p_client;
        END IF;
      END IF;
    END $$`);
  // A sealed value is iv (16 random bytes) || AES-256-CBC ciphertext, in base64 on one line.
  await knex.raw(`
    CREATE FUNCTION public.f_unseal(p_sealed text, p_key bytea) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN p_key IS NULL THEN NULL
                  ELSE convert_from(public.decrypt_iv(substring(r.d FROM 17), p_key, substring(r.d FROM 1 FOR 16), 'aes-cbc/pad:pkcs'), 'UTF8') END
        FROM (SELECT decode(p_sealed, 'base64') AS d) r $$`);

  // { field: { before, after } }: every field but those the accounts keep in clear is sealed (a
  // field the code adds later is sealed by default), with the label, in ONE ciphertext per entry
  // under changes."$sealed"; "$fields" lists the sealed fields, so that an erased entry still
  // says which fields changed. Plain jsonb operators and no query per row: the first version
  // (a placeholder per value, built by a query over jsonb_each) cost about 2.5x more per entry.
  await knex.raw(`
    CREATE FUNCTION public.f_audit_seal(p_client integer, p_label text, p_changes jsonb, p_clear text[], OUT label text, OUT changes jsonb)
    LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      secret jsonb;
      names jsonb;
      iv bytea;
      sealing record;
    BEGIN
      secret := p_changes - p_clear;
      names := jsonb_path_query_array(secret, '$.keyvalue().key');
      -- A JSON array of names read as a text[] literal: ["a", "b"] -> {"a", "b"}.
      changes := p_changes - translate(names::text, '[]', '{}')::text[];
      label := p_label;
      IF p_label IS NOT NULL THEN
        secret := secret || jsonb_build_object('$label', p_label);
        label := '[sealed]';
      END IF;
      IF secret <> '{}'::jsonb THEN
        iv := public.gen_random_bytes(16);
        SELECT * INTO sealing FROM public.f_client_key(p_client);
        changes := changes || jsonb_build_object('$fields', names, '$key', sealing.key_id, '$sealed',
          translate(encode(iv || public.encrypt_iv(convert_to(secret::text, 'UTF8'), sealing.key, iv, 'aes-cbc/pad:pkcs'), 'base64'), E'\\n', ''));
      END IF;
    END $$`);
  // The sealed part of an entry, or NULL once its key is gone.
  await knex.raw(`
    CREATE FUNCTION public.f_audit_secret(p_changes jsonb, p_key bytea) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN p_changes->>'$sealed' IS NULL OR p_key IS NULL THEN NULL
                  ELSE public.f_unseal(p_changes->>'$sealed', p_key)::jsonb END $$`);
  // Erased: each sealed field reads '[donnée effacée]' on both sides.
  await knex.raw(`
    CREATE FUNCTION public.f_audit_open_changes(p_changes jsonb, p_key bytea) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN p_changes->'$sealed' IS NULL THEN p_changes
        ELSE (p_changes - '$sealed' - '$key' - '$fields') || coalesce(
          public.f_audit_secret(p_changes, p_key) - '$label',
          (SELECT coalesce(jsonb_object_agg(f.name, '{"before": "[donnée effacée]", "after": "[donnée effacée]"}'::jsonb), '{}'::jsonb)
             FROM jsonb_array_elements_text(p_changes->'$fields') f(name)))
      END $$`);
  await knex.raw(`
    CREATE FUNCTION public.f_audit_open_label(p_label text, p_changes jsonb, p_key bytea) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN p_label = '[sealed]' THEN coalesce(public.f_audit_secret(p_changes, p_key)->>'$label', '[donnée effacée]') ELSE p_label END $$`);

  // Whose key seals an entry: a client's own entries, and a commission line's (by the client it
  // names, or else the one it belongs to). Contracts' entries hold numbers, dates and ids only.
  await knex.raw(`
    CREATE FUNCTION public.f_audit_subject(p_type text, p_id integer, p_changes jsonb) RETURNS integer LANGUAGE plpgsql STABLE AS $$
    DECLARE
      client integer;
    BEGIN
      IF p_type = 'client' THEN RETURN p_id; END IF;
      IF p_type <> 'commission' THEN RETURN NULL; END IF;
      client := coalesce((p_changes->'clientId'->>'after')::integer, (p_changes->'clientId'->>'before')::integer);
      IF client IS NULL THEN SELECT m.client_id INTO client FROM public.commissions m WHERE m.id = p_id; END IF;
      RETURN client;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION public.f_audit_clear_fields(p_type text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE p_type WHEN 'commission' THEN ${sqlArray(COMMISSION_CLEAR_FIELDS)} ELSE ${sqlArray(CLEAR_FIELDS)} END $$`);
  await knex.raw(`
    CREATE FUNCTION public.audit_entries_seal() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      subject integer;
    BEGIN
      subject := public.f_audit_subject(NEW.record_type, NEW.record_id, NEW.changes);
      IF subject IS NOT NULL THEN
        SELECT s.label, s.changes INTO NEW.record_label, NEW.changes
          FROM public.f_audit_seal(subject, NEW.record_label, NEW.changes, public.f_audit_clear_fields(NEW.record_type)) s;
      END IF;
      RETURN NEW;
    END $$`);

  // Entries written before this migration are sealed once, by the schema's owner: the
  // append-only trigger is lifted for this statement only, inside the migration's transaction.
  await knex.raw('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
  await knex.raw(`
    UPDATE audit_entries e SET record_label = s.label, changes = s.changes
      FROM (SELECT id, record_type, record_label, changes, public.f_audit_subject(record_type, record_id, changes) AS subject FROM audit_entries) o,
           LATERAL public.f_audit_seal(o.subject, o.record_label, o.changes, public.f_audit_clear_fields(o.record_type)) s
     WHERE o.id = e.id AND o.subject IS NOT NULL`);
  await knex.raw('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
  await knex.raw(`
    CREATE TRIGGER audit_entries_seal BEFORE INSERT ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION public.audit_entries_seal()`);

  // What every reader of the trail reads: sealed values opened while the key exists.
  await knex.raw(`
    CREATE VIEW audit_entries_readable AS
    SELECT e.id, e.occurred_at, e.user_id, e.user_label, e.action, e.record_type, e.record_id,
           public.f_audit_open_label(e.record_label, e.changes, k.key) AS record_label, e.import_id,
           public.f_audit_open_changes(e.changes, k.key) AS changes
      FROM audit_entries e
      LEFT JOIN client_keys k ON k.id = (e.changes->>'$key')::bigint`);

  await knex.raw('ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_action_check');
  await knex.raw(`ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_action_check CHECK (action IN (${[...ACTIONS, 'export', 'anonymise'].map((a) => `'${a}'`).join(', ')}))`);

  // Once anonymised, the personal fields stay as they are, whoever writes: a later statement
  // naming the client's number cannot bring the name back. The number and the advisor stay editable.
  await knex.raw(`
    CREATE FUNCTION public.clients_keep_anonymised() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.anonymised_at IS NOT NULL THEN
        NEW.anonymised_at := OLD.anonymised_at;
        NEW.last_name := OLD.last_name;
        NEW.first_name := OLD.first_name;
        NEW.email := OLD.email;
        NEW.phone := OLD.phone;
        NEW.address := OLD.address;
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER clients_keep_anonymised BEFORE UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION public.clients_keep_anonymised()`);
}

export async function down(knex: Knex) {
  await knex.raw('DROP TRIGGER IF EXISTS clients_keep_anonymised ON clients');
  await knex.raw('DROP FUNCTION IF EXISTS public.clients_keep_anonymised()');
  await knex.raw('ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_action_check');
  await knex.raw(`ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_action_check CHECK (action IN (${ACTIONS.map((a) => `'${a}'`).join(', ')})) NOT VALID`);
  await knex.raw('DROP VIEW IF EXISTS audit_entries_readable');
  await knex.raw('DROP TRIGGER IF EXISTS audit_entries_seal ON audit_entries');
  await knex.raw('DROP FUNCTION IF EXISTS public.audit_entries_seal()');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_open_label(text, jsonb, bytea)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_open_changes(jsonb, bytea)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_secret(jsonb, bytea)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_seal(integer, text, jsonb, text[])');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_clear_fields(text)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_audit_subject(text, integer, jsonb)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_unseal(text, bytea)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_client_key(integer)');
  // client_keys stays: entries sealed meanwhile would become unreadable without it.
  await knex.raw('ALTER TABLE clients DROP COLUMN IF EXISTS anonymised_at');
}
