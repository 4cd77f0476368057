/**
 * The one statement that writes a batch's clients (see upsertClients): update, insert, audit and
 * tracking together, over arrays bound once per column.
 *
 * - `previous` reads (and locks) the known clients as they were: the whole WITH shares one snapshot.
 * - `next` is what each known client becomes. A blank cell keeps the stored value, and so does a
 *   value that differs from it only by case, accents or spacing (f_kept_detail, f_kept_email:
 *   migration 20261203_02): the firm's curated spelling is never replaced by a statement's
 *   capitals. The referent advisor is set once, never replaced by a statement.
 * - `changed` updates only the clients whose values really change, so that an unchanged client
 *   costs no write, no version bump and no audit entry; the stored client_number stays.
 * - `created` inserts only the numbers not found, so that a known client never pays for a
 *   proposed row (its generated sort key, its index expressions). ON CONFLICT there is for a
 *   client another import created meanwhile, kept by the same rules.
 * - `audited` builds the entries from both sides in SQL; `fields` names what changed, in form order.
 * - `tracked` files every client once per import under its group (created, updated, unchanged)
 *   with the fields the import changed; `known` is how it was filed before this batch, so that
 *   the counts returned are moves between groups.
 * - `resolved` is each incoming number's client as the statement leaves it (id, number, name),
 *   returned beside the counts (rows with `at`, the number's place in the arrays): a client
 *   another import created meanwhile and this batch leaves unchanged is the one left out.
 *
 * Bindings: the seven columns, then actor id, actor label and the import id four times.
 */
export const CLIENT_UPSERT_SQL = `
WITH incoming AS (
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
    WITH ORDINALITY AS i(client_number, last_name, first_name, email, phone, address, advisor_id, at)
),
previous AS (
  SELECT c.* FROM clients c JOIN incoming i ON c.client_number_key = f_number_key(i.client_number) FOR UPDATE OF c
),
next AS (
  SELECT p.id, p.last_name AS was_last_name, p.first_name AS was_first_name, p.email AS was_email,
         p.phone AS was_phone, p.address AS was_address, p.advisor_id AS was_advisor_id,
         f_kept_detail(p.last_name, i.last_name) AS last_name,
         f_kept_detail(p.first_name, i.first_name) AS first_name,
         f_kept_email(p.email, i.email) AS email,
         -- E.164 on both sides (the API's and the import's normalisation): compared as it is.
         coalesce(i.phone, p.phone) AS phone,
         f_kept_detail(p.address, i.address) AS address,
         coalesce(p.advisor_id, i.advisor_id) AS advisor_id
    FROM incoming i JOIN previous p ON p.client_number_key = f_number_key(i.client_number)
),
changed AS (
  UPDATE clients AS c SET
    last_name = n.last_name, first_name = n.first_name, email = n.email, phone = n.phone,
    address = n.address, advisor_id = n.advisor_id, updated_at = now()
  FROM next n
  WHERE c.id = n.id
    AND (n.was_last_name, n.was_first_name, n.was_email, n.was_phone, n.was_address, n.was_advisor_id)
        IS DISTINCT FROM (n.last_name, n.first_name, n.email, n.phone, n.address, n.advisor_id)
  RETURNING c.*, false AS inserted
),
created AS (
  INSERT INTO clients AS c (client_number, last_name, first_name, email, phone, address, advisor_id)
  SELECT i.client_number, i.last_name, i.first_name, i.email, i.phone, i.address, i.advisor_id
    FROM incoming i
   WHERE NOT EXISTS (SELECT 1 FROM previous p WHERE p.client_number_key = f_number_key(i.client_number))
  ON CONFLICT (client_number_key) DO UPDATE SET
    last_name = f_kept_detail(c.last_name, EXCLUDED.last_name),
    first_name = f_kept_detail(c.first_name, EXCLUDED.first_name),
    email = f_kept_email(c.email, EXCLUDED.email),
    phone = coalesce(EXCLUDED.phone, c.phone),
    address = f_kept_detail(c.address, EXCLUDED.address),
    advisor_id = coalesce(c.advisor_id, EXCLUDED.advisor_id),
    updated_at = now()
  WHERE (c.last_name, c.first_name, c.email, c.phone, c.address, c.advisor_id)
    IS DISTINCT FROM (f_kept_detail(c.last_name, EXCLUDED.last_name), f_kept_detail(c.first_name, EXCLUDED.first_name),
                      f_kept_email(c.email, EXCLUDED.email), coalesce(EXCLUDED.phone, c.phone),
                      f_kept_detail(c.address, EXCLUDED.address), coalesce(c.advisor_id, EXCLUDED.advisor_id))
  RETURNING c.*, (xmax = 0) AS inserted
),
upserted AS (
  SELECT * FROM changed UNION ALL SELECT * FROM created
),
audited AS (
  INSERT INTO audit_entries (user_id, user_label, action, record_type, record_id, record_label, import_id, changes)
  SELECT ?::int, ?::text, 'import', 'client', u.id,
         concat_ws(' ', u.last_name, u.first_name) || coalesce(' (' || u.client_number || ')', ''),
         ?::int,
         (SELECT coalesce(jsonb_object_agg(f.field, jsonb_build_object('before', f.before, 'after', f.after)), '{}'::jsonb)
            FROM (VALUES
              ('clientNumber', to_jsonb(p.client_number), to_jsonb(u.client_number)),
              ('lastName', to_jsonb(p.last_name), to_jsonb(u.last_name)),
              ('firstName', to_jsonb(p.first_name), to_jsonb(u.first_name)),
              ('email', to_jsonb(p.email), to_jsonb(u.email)),
              ('phone', to_jsonb(p.phone), to_jsonb(u.phone)),
              ('address', to_jsonb(p.address), to_jsonb(u.address)),
              ('advisorId', to_jsonb(p.advisor_id), to_jsonb(u.advisor_id))
            ) AS f(field, before, after)
           WHERE f.after IS DISTINCT FROM f.before)
    FROM upserted u LEFT JOIN previous p ON p.id = u.id
  RETURNING 1
),
fields AS (
  SELECT u.id, u.inserted,
         CASE WHEN u.inserted THEN '{}'::text[] ELSE ARRAY(
           SELECT f.field FROM (VALUES
             (1, 'lastName', p.last_name IS DISTINCT FROM u.last_name),
             (2, 'firstName', p.first_name IS DISTINCT FROM u.first_name),
             (3, 'email', p.email IS DISTINCT FROM u.email),
             (4, 'phone', p.phone IS DISTINCT FROM u.phone),
             (5, 'address', p.address IS DISTINCT FROM u.address),
             (6, 'advisorId', p.advisor_id IS DISTINCT FROM u.advisor_id)
           ) AS f(at, field, differs)
           WHERE f.differs ORDER BY f.at) END AS changed_fields
    FROM upserted u LEFT JOIN previous p ON p.id = u.id
),
known AS (
  SELECT t.client_id, t.outcome FROM statement_import_clients t
   WHERE t.import_id = ?::int AND t.client_id IN (SELECT id FROM previous UNION ALL SELECT id FROM upserted)
),
tracked AS (
  INSERT INTO statement_import_clients AS t (import_id, client_id, outcome, changed_fields)
  SELECT ?::int, f.id, CASE WHEN f.inserted THEN 'created' ELSE 'updated' END, f.changed_fields FROM fields f
  UNION ALL
  SELECT ?::int, p.id, 'unchanged', '{}'::text[] FROM previous p
   WHERE NOT EXISTS (SELECT 1 FROM upserted u WHERE u.id = p.id)
     -- Already filed, it would only conflict and stay as it is: skipped, not locked and left.
     AND NOT EXISTS (SELECT 1 FROM known k WHERE k.client_id = p.id)
  -- A client first matched without change, then changed by a later batch, moves to updated; an
  -- updated one gathers the fields each batch changed; created stays created.
  ON CONFLICT (import_id, client_id) DO UPDATE SET
    outcome = 'updated',
    changed_fields = ARRAY(
      SELECT o.field FROM unnest(ARRAY['lastName', 'firstName', 'email', 'phone', 'address', 'advisorId']) WITH ORDINALITY AS o(field, at)
       WHERE o.field = ANY(t.changed_fields) OR o.field = ANY(EXCLUDED.changed_fields) ORDER BY o.at)
    WHERE t.outcome <> 'created' AND EXCLUDED.outcome = 'updated'
  RETURNING t.client_id, t.outcome
),
resolved AS (
  SELECT u.id, u.client_number_key, u.client_number, u.last_name, u.first_name FROM upserted u
  UNION ALL
  SELECT p.id, p.client_number_key, p.client_number, p.last_name, p.first_name FROM previous p
   WHERE NOT EXISTS (SELECT 1 FROM upserted u WHERE u.id = p.id)
)
SELECT tr.outcome, k.outcome AS earlier, count(*)::int AS n, NULL::int AS at, NULL::int AS id, NULL::text AS client_number, NULL::text AS name
  FROM tracked tr LEFT JOIN known k ON k.client_id = tr.client_id
 GROUP BY tr.outcome, k.outcome
UNION ALL
SELECT NULL, NULL, NULL, i.at::int, r.id, r.client_number, concat_ws(' ', r.last_name, r.first_name)
  FROM incoming i JOIN resolved r ON r.client_number_key = f_number_key(i.client_number)`;
