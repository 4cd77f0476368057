import type { Knex } from 'knex';

/**
 * The statement-level triggers that pair an UPDATE's old and new rows (client_advisors, the
 * duplicate pairs' dirty list) join its two transition tables. PL/pgSQL plans a query without
 * parameters once per session and keeps the plan, made with whatever the transition tables held
 * then (often one row): a nested loop, 2,000 × 2,000 row comparisons for a batch changing 2,000
 * contracts (0.5–1 s). Run through EXECUTE, each join is planned with the tables it really has
 * (a hash join). Same statements, same results.
 */
const PLANNED_EACH_TIME = [
  `CREATE OR REPLACE FUNCTION public.clients_after_update_duplicates() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
      taken text;
    BEGIN
      EXECUTE $q$SELECT n.client_number FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN client_aliases a ON a.client_number_key = n.client_number_key AND a.client_id <> n.id
       WHERE n.client_number_key IS DISTINCT FROM o.client_number_key LIMIT 1$q$ INTO taken;
      IF taken IS NOT NULL THEN
        RAISE EXCEPTION 'client number % is an alias of another client', taken
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'client_aliases_client_number_key';
      END IF;
      EXECUTE $q$INSERT INTO client_duplicate_dirty (client_id)
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.last_name, n.first_name, n.email, n.phone, n.address)
               IS DISTINCT FROM (o.last_name, o.first_name, o.email, o.phone, o.address)
        ON CONFLICT DO NOTHING$q$;
      RETURN NULL;
    END $$;`,
  `CREATE OR REPLACE FUNCTION public.clients_update_client_advisors() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
      lost integer[][];
    BEGIN
      EXECUTE $q$INSERT INTO public.client_advisors (advisor_id, client_id)
        SELECT n.advisor_id, n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.advisor_id IS NOT NULL AND n.advisor_id IS DISTINCT FROM o.advisor_id
        ON CONFLICT DO NOTHING$q$;
      EXECUTE $q$SELECT array_agg(ARRAY[o.advisor_id, o.id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE o.advisor_id IS NOT NULL AND o.advisor_id IS DISTINCT FROM n.advisor_id$q$ INTO lost;
      IF lost IS NOT NULL THEN
        PERFORM public.client_advisors_prune(lost);
      END IF;
      RETURN NULL;
    END $$;`,
  `CREATE OR REPLACE FUNCTION public.contracts_update_client_advisors() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
      moved integer[][];
      lost integer[][];
    BEGIN
      -- Rows whose pair changed, as [old advisor, old client, new advisor, new client].
      EXECUTE $q$SELECT array_agg(ARRAY[o.advisor_id, o.client_id, n.advisor_id, n.client_id])
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.advisor_id, o.client_id) IS DISTINCT FROM (n.advisor_id, n.client_id)$q$ INTO moved;
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
    END $$;`,
];

const PLANNED_ONCE = [
  `CREATE OR REPLACE FUNCTION public.clients_after_update_duplicates() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
      taken record;
    BEGIN
      SELECT n.client_number INTO taken FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN client_aliases a ON a.client_number_key = n.client_number_key AND a.client_id <> n.id
       WHERE n.client_number_key IS DISTINCT FROM o.client_number_key LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'client number % is an alias of another client', taken.client_number
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'client_aliases_client_number_key';
      END IF;
      INSERT INTO client_duplicate_dirty (client_id)
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.last_name, n.first_name, n.email, n.phone, n.address)
               IS DISTINCT FROM (o.last_name, o.first_name, o.email, o.phone, o.address)
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;`,
  `CREATE OR REPLACE FUNCTION public.clients_update_client_advisors() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    END $$;`,
  `CREATE OR REPLACE FUNCTION public.contracts_update_client_advisors() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    END $$;`,
];

export async function up(knex: Knex) {
  for (const definition of PLANNED_EACH_TIME) await knex.raw(definition);
}

export async function down(knex: Knex) {
  for (const definition of PLANNED_ONCE) await knex.raw(definition);
}
