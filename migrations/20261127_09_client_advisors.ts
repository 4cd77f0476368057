import type { Knex } from 'knex';

/**
 * client_advisors: the spec's advisor–client relation, stored. A pair (advisor, client) is there
 * exactly when the advisor is the client's referent (clients.advisor_id) or holds one of the
 * client's contracts (contracts.advisor_id, contracts.client_id). The clients list's advisor
 * filter then reads the advisor's clients from the primary key instead of gathering the
 * advisor's contracts for every query.
 *
 * Kept by statement-level triggers with transition tables: the import writes 50,000-row batches
 * (INSERT … SELECT FROM unnest), and one set-based statement per batch costs far less than a
 * trigger call per row (measured in BENCHMARKS.md).
 *
 * Concurrency (READ COMMITTED, the app's level): every removal of a client's pairs, and every
 * addition of a pair that was already there, is made while holding that client's row lock, FOR
 * NO KEY UPDATE (what an UPDATE of clients takes itself; it does not conflict with the FOR KEY
 * SHARE of foreign-key checks, so contract inserts do not deadlock on each other's checks).
 * Locks are taken in id order. A pair is removed only after a statement run once the lock is
 * held finds no reason left, in the clients row or any contract: the lock waited for every
 * transaction that could have added a reason, and each statement of a trigger function takes a
 * fresh snapshot, so those reasons are seen. Without the lock, a contract inserted for an
 * existing pair (ON CONFLICT DO NOTHING) could commit just after a concurrent delete of the
 * pair's last other contract had checked and removed the pair.
 * New clients need no lock: nobody else can see them before they commit.
 *
 * No foreign keys on the table: every pair comes from rows that have them, and a foreign-key
 * check is a trigger call per inserted pair, which the statement-level design avoids. Deleting a
 * client removes its pairs (clients delete trigger, and its contracts' SET NULL goes through the
 * contracts update trigger); deleting an advisor sets the clients' and contracts' advisor_id to
 * NULL, which the update triggers turn into removals.
 */
export async function up(knex: Knex) {
  await knex.raw(`
    CREATE TABLE client_advisors (
      advisor_id integer NOT NULL,
      client_id integer NOT NULL,
      PRIMARY KEY (advisor_id, client_id)
    )`);
  await knex.raw('CREATE INDEX client_advisors_client ON client_advisors (client_id)');

  // Pairs of the given clients that lost a reason: removed unless another remains.
  await knex.raw(`
    CREATE FUNCTION public.client_advisors_prune(pairs integer[][]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM public.client_advisors ca
       USING (SELECT DISTINCT pairs[i][1] AS advisor_id, pairs[i][2] AS client_id FROM generate_subscripts(pairs, 1) i) p
       WHERE ca.advisor_id = p.advisor_id AND ca.client_id = p.client_id
         AND NOT EXISTS (SELECT 1 FROM public.clients c WHERE c.id = p.client_id AND c.advisor_id = p.advisor_id)
         AND NOT EXISTS (SELECT 1 FROM public.contracts k WHERE k.advisor_id = p.advisor_id AND k.client_id = p.client_id);
    END $$`);

  // New pairs need no lock: a pair nobody else can see yet cannot be removed under us (and a
  // concurrent removal of the same pair, uncommitted, makes ON CONFLICT wait for its outcome).
  // Pairs that were already there are the race: lock their clients, then insert them again, in
  // case a removal that held the lock committed meanwhile. Import batches of new clients thus
  // lock nothing.
  await knex.raw(`
    CREATE FUNCTION public.contracts_insert_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      known integer[][];
    BEGIN
      WITH wanted AS (
        SELECT DISTINCT n.advisor_id, n.client_id FROM new_rows n WHERE n.advisor_id IS NOT NULL AND n.client_id IS NOT NULL
      ), added AS (
        INSERT INTO public.client_advisors (advisor_id, client_id) SELECT advisor_id, client_id FROM wanted ORDER BY 1, 2
        ON CONFLICT DO NOTHING RETURNING advisor_id, client_id
      )
      SELECT array_agg(ARRAY[k.advisor_id, k.client_id]) INTO known
        FROM (SELECT advisor_id, client_id FROM wanted EXCEPT SELECT advisor_id, client_id FROM added) k;
      IF known IS NULL THEN
        RETURN NULL;
      END IF;
      PERFORM 1 FROM public.clients c WHERE c.id IN (SELECT known[i][2] FROM generate_subscripts(known, 1) i) ORDER BY c.id FOR NO KEY UPDATE;
      INSERT INTO public.client_advisors (advisor_id, client_id)
        SELECT known[i][1], known[i][2] FROM generate_subscripts(known, 1) i ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION public.contracts_update_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      moved integer[][];
      lost integer[][];
    BEGIN
      -- Rows whose pair changed, as [old advisor, old client, new advisor, new client].
      SELECT array_agg(ARRAY[o.advisor_id, o.client_id, n.advisor_id, n.client_id]) INTO moved
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.advisor_id, o.client_id) IS DISTINCT FROM (n.advisor_id, n.client_id);
      IF moved IS NULL THEN
        RETURN NULL;
      END IF;
      PERFORM 1 FROM public.clients c
        WHERE c.id IN (SELECT moved[i][2] FROM generate_subscripts(moved, 1) i UNION SELECT moved[i][4] FROM generate_subscripts(moved, 1) i)
        ORDER BY c.id FOR NO KEY UPDATE;
      INSERT INTO public.client_advisors (advisor_id, client_id)
        SELECT DISTINCT moved[i][3], moved[i][4] FROM generate_subscripts(moved, 1) i
         WHERE moved[i][3] IS NOT NULL AND moved[i][4] IS NOT NULL
        ON CONFLICT DO NOTHING;
      SELECT array_agg(ARRAY[moved[i][1], moved[i][2]]) INTO lost FROM generate_subscripts(moved, 1) i
       WHERE moved[i][1] IS NOT NULL AND moved[i][2] IS NOT NULL;
      IF lost IS NOT NULL THEN
        PERFORM public.client_advisors_prune(lost);
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION public.contracts_delete_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      lost integer[][];
    BEGIN
      SELECT array_agg(ARRAY[o.advisor_id, o.client_id]) INTO lost FROM old_rows o
       WHERE o.advisor_id IS NOT NULL AND o.client_id IS NOT NULL;
      IF lost IS NULL THEN
        RETURN NULL;
      END IF;
      PERFORM 1 FROM public.clients c
        WHERE c.id IN (SELECT o.client_id FROM old_rows o WHERE o.advisor_id IS NOT NULL)
        ORDER BY c.id FOR NO KEY UPDATE;
      PERFORM public.client_advisors_prune(lost);
      RETURN NULL;
    END $$`);

  await knex.raw(`
    CREATE FUNCTION public.clients_insert_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.client_advisors (advisor_id, client_id)
        SELECT n.advisor_id, n.id FROM new_rows n WHERE n.advisor_id IS NOT NULL
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`);
  // The UPDATE itself holds the lock of every row it changed.
  await knex.raw(`
    CREATE FUNCTION public.clients_update_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      lost integer[][];
    BEGIN
      INSERT INTO public.client_advisors (advisor_id, client_id)
        SELECT n.advisor_id, n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.advisor_id IS NOT NULL AND n.advisor_id IS DISTINCT FROM o.advisor_id
        ON CONFLICT DO NOTHING;
      SELECT array_agg(ARRAY[o.advisor_id, o.id]) INTO lost FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE o.advisor_id IS NOT NULL AND o.advisor_id IS DISTINCT FROM n.advisor_id;
      IF lost IS NOT NULL THEN
        PERFORM public.client_advisors_prune(lost);
      END IF;
      RETURN NULL;
    END $$`);

  await knex.raw(`
    CREATE FUNCTION public.clients_delete_client_advisors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM public.client_advisors ca WHERE ca.client_id IN (SELECT o.id FROM old_rows o);
      RETURN NULL;
    END $$`);

  // One trigger per event: a trigger with transition tables can only have one.
  for (const [table, event, references] of [
    ['contracts', 'insert', 'NEW TABLE AS new_rows'],
    ['contracts', 'update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['contracts', 'delete', 'OLD TABLE AS old_rows'],
    ['clients', 'insert', 'NEW TABLE AS new_rows'],
    ['clients', 'update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['clients', 'delete', 'OLD TABLE AS old_rows'],
  ] as const) {
    await knex.raw(`
      CREATE TRIGGER ${table}_${event}_client_advisors AFTER ${event.toUpperCase()} ON ${table}
      REFERENCING ${references} FOR EACH STATEMENT EXECUTE FUNCTION public.${table}_${event}_client_advisors()`);
  }

  // After the triggers: they lock both tables against writes until this migration commits, so
  // no change can fall between the backfill and the triggers.
  await knex.raw(`
    INSERT INTO client_advisors (advisor_id, client_id)
    SELECT advisor_id, id FROM clients WHERE advisor_id IS NOT NULL
    UNION
    SELECT advisor_id, client_id FROM contracts WHERE advisor_id IS NOT NULL AND client_id IS NOT NULL`);
  await knex.raw('ANALYZE client_advisors');
}

export async function down(knex: Knex) {
  for (const [table, event] of [
    ['contracts', 'insert'],
    ['contracts', 'update'],
    ['contracts', 'delete'],
    ['clients', 'insert'],
    ['clients', 'update'],
    ['clients', 'delete'],
  ] as const) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_${event}_client_advisors ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS public.${table}_${event}_client_advisors()`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS public.client_advisors_prune(integer[][])');
  await knex.raw('DROP TABLE IF EXISTS client_advisors');
}
