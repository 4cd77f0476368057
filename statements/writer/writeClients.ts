import type { Knex } from 'knex';
import type { Actor } from '../../shared/actor';
import type { StatementLine } from '../verdicts/statementRow';
import { numberKey } from '../../shared/contactDetails';

/** Arrays bound as PostgreSQL arrays (`?::text[]`): Knex's typings only know flat values. */
export const arrays = (...values: unknown[]) => values as Knex.RawBinding[];

export interface NumberedLine {
  row: number;
  line: StatementLine;
}

export interface MergedClient {
  clientNumber: string;
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  advisor: string | null;
}

const CLIENT_DETAILS = ['lastName', 'firstName', 'email', 'phone', 'address', 'advisor'] as const;

/** A client number as clients.client_number_key holds it (f_number_key, see shared/contactDetails.ts). */
export const clientKey = (clientNumber: string) => numberKey(clientNumber);

/**
 * One entry per client number, in file order: a later row's value replaces an earlier one, an
 * empty cell replaces nothing (the last row wins, blanks never erase). The number keeps the
 * spelling it was first written with: "ab-1" in a later row is the same client, not a rename.
 */
export function mergeClients(lines: NumberedLine[]): Map<string, MergedClient> {
  const clients = new Map<string, MergedClient>();
  for (const { line } of lines) {
    if (!line.clientNumber) continue;
    const key = clientKey(line.clientNumber);
    const known = clients.get(key);
    if (!known) {
      clients.set(key, { clientNumber: line.clientNumber, lastName: line.lastName, firstName: line.firstName, email: line.email, phone: line.phone, address: line.address, advisor: line.advisor });
      continue;
    }
    for (const field of CLIENT_DETAILS) if (line[field] !== null) known[field] = line[field];
  }
  return clients;
}

/** How many clients of the import moved into each group with this batch (see upsertClients). */
export interface ClientCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface StoredClient {
  id: number;
  clientNumber: string;
  name: string;
}

/**
 * Creates or updates the batch's clients, writes their audit entries, and records each one once
 * per import in statement_import_clients (created, updated when a field changed, or matched
 * without change). The counts returned are the moves between those groups, so that the import's
 * counters count each client once however many batches name it, and a replayed batch moves
 * nothing. A number matched case-insensitively never rewrites the stored spelling.
 */
export async function upsertClients(
  trx: Knex.Transaction,
  batch: { importId: number; actor: Actor },
  clients: Map<string, MergedClient>,
  advisorOf: (name: string | null) => number | null,
): Promise<{ counts: ClientCounts; stored: Map<string, StoredClient> }> {
  const counts: ClientCounts = { created: 0, updated: 0, unchanged: 0 };
  const stored = new Map<string, StoredClient>();
  if (!clients.size) return { counts, stored };
  const aliasOf = await resolveAliases(trx, clients);
  clients = aliasOf.clients;
  const merged = [...clients.values()];
  const column = <K extends keyof MergedClient>(field: K) => merged.map((client) => client[field]);
  // Update, insert, audit and tracking in one statement: `previous` reads (and locks) the known
  // clients as they were (the whole WITH shares one snapshot); `changed` updates only those whose
  // values really change (blank cells keep the stored value through coalesce), so an unchanged
  // client costs no write, no version bump and no audit entry; `created` inserts only the numbers
  // not found, so a known client never pays for a proposed row (its generated sort key, its
  // index expressions). ON CONFLICT there is for a client another import created meanwhile.
  // The audit entries are built from both sides in SQL, and `tracked` files every client under
  // its group.
  const { rows } = await trx.raw<{ rows: Array<{ outcome: string; fresh: boolean; n: number }> }>(
    `WITH incoming AS (
       SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
         AS i(client_number, last_name, first_name, email, phone, address, advisor_id)
     ),
     previous AS (
       SELECT c.* FROM clients c JOIN incoming i ON c.client_number_key = f_number_key(i.client_number) FOR UPDATE OF c
     ),
     changed AS (
       UPDATE clients AS c SET
         -- client_number is not set: the stored spelling stays.
         last_name = coalesce(i.last_name, p.last_name),
         first_name = coalesce(i.first_name, p.first_name),
         email = coalesce(i.email, p.email),
         phone = coalesce(i.phone, p.phone),
         address = coalesce(i.address, p.address),
         -- The referent advisor is set once, never replaced by a statement.
         advisor_id = coalesce(p.advisor_id, i.advisor_id),
         updated_at = now()
       FROM incoming i JOIN previous p ON p.client_number_key = f_number_key(i.client_number)
       WHERE c.id = p.id
         AND (p.last_name, p.first_name, p.email, p.phone, p.address, p.advisor_id)
             IS DISTINCT FROM (coalesce(i.last_name, p.last_name), coalesce(i.first_name, p.first_name),
                               coalesce(i.email, p.email), coalesce(i.phone, p.phone), coalesce(i.address, p.address),
                               coalesce(p.advisor_id, i.advisor_id))
       RETURNING c.*, false AS inserted
     ),
     created AS (
       INSERT INTO clients AS c (client_number, last_name, first_name, email, phone, address, advisor_id)
       SELECT i.client_number, i.last_name, i.first_name, i.email, i.phone, i.address, i.advisor_id
         FROM incoming i
        WHERE NOT EXISTS (SELECT 1 FROM previous p WHERE p.client_number_key = f_number_key(i.client_number))
       ON CONFLICT (client_number_key) DO UPDATE SET
         last_name = coalesce(EXCLUDED.last_name, c.last_name),
         first_name = coalesce(EXCLUDED.first_name, c.first_name),
         email = coalesce(EXCLUDED.email, c.email),
         phone = coalesce(EXCLUDED.phone, c.phone),
         address = coalesce(EXCLUDED.address, c.address),
         advisor_id = coalesce(c.advisor_id, EXCLUDED.advisor_id),
         updated_at = now()
       WHERE (c.last_name, c.first_name, c.email, c.phone, c.address, c.advisor_id)
         IS DISTINCT FROM (coalesce(EXCLUDED.last_name, c.last_name), coalesce(EXCLUDED.first_name, c.first_name),
                           coalesce(EXCLUDED.email, c.email), coalesce(EXCLUDED.phone, c.phone), coalesce(EXCLUDED.address, c.address),
                           coalesce(c.advisor_id, EXCLUDED.advisor_id))
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
     tracked AS (
       INSERT INTO statement_import_clients AS t (import_id, client_id, outcome)
       SELECT ?::int, u.id, CASE WHEN u.inserted THEN 'created' ELSE 'updated' END FROM upserted u
       UNION ALL
       SELECT ?::int, p.id, 'unchanged' FROM previous p WHERE NOT EXISTS (SELECT 1 FROM upserted u WHERE u.id = p.id)
       -- A client first matched without change, then changed by a later batch, moves to updated;
       -- created stays created, and a replayed batch finds its clients already filed.
       ON CONFLICT (import_id, client_id) DO UPDATE SET outcome = 'updated'
         WHERE t.outcome = 'unchanged' AND EXCLUDED.outcome = 'updated'
       RETURNING t.outcome, (xmax = 0) AS fresh
     )
     SELECT outcome, fresh, count(*)::int AS n FROM tracked GROUP BY outcome, fresh`,
    arrays(
      column('clientNumber'), column('lastName'), column('firstName'), column('email'), column('phone'), column('address'),
      merged.map((client) => advisorOf(client.advisor)),
      batch.actor.userId, batch.actor.label, batch.importId, batch.importId, batch.importId,
    ),
  );
  for (const { outcome, fresh, n } of rows) {
    if (fresh) counts[outcome as keyof ClientCounts] += n;
    else {
      counts.updated += n; // moved from unchanged
      counts.unchanged -= n;
    }
  }

  // Matched by the database's key on the batch's own spellings, then filed under the batch's keys:
  // the two keys agree (numberKey), and a database whose lower() differs cannot unlink a line.
  const keys = [...clients.keys()];
  const { rows: found } = await trx.raw<{ rows: Array<{ at: number; id: number; client_number: string; name: string }> }>(
    `SELECT n.at::int, c.id, c.client_number, concat_ws(' ', c.last_name, c.first_name) AS name
       FROM unnest(?::text[]) WITH ORDINALITY AS n(number, at) JOIN clients c ON c.client_number_key = f_number_key(n.number)`,
    [keys.map((key) => clients.get(key)!.clientNumber)],
  );
  for (const row of found) stored.set(keys[row.at - 1], { id: row.id, clientNumber: row.client_number, name: row.name });
  for (const [alias, holder] of aliasOf.holders) if (stored.has(holder)) stored.set(alias, stored.get(holder)!);
  return { counts, stored };
}

/**
 * A number absorbed by a merge (client_aliases) names the client that absorbed it: its
 * row updates that client instead of re-creating the duplicate. Resolved inside the batch's
 * transaction, so a batch written after a merge (an import in progress) finds the kept client.
 * Returns the batch's clients keyed by the numbers to write, and alias key → holder key.
 */
async function resolveAliases(trx: Knex.Transaction, clients: Map<string, MergedClient>) {
  const numbers = [...clients.keys()];
  const { rows: found } = await trx.raw<{ rows: Array<{ at: number; client_number: string }> }>(
    `SELECT n.at::int, c.client_number
       FROM unnest(?::text[]) WITH ORDINALITY AS n(number, at)
       JOIN client_aliases a ON a.client_number_key = f_number_key(n.number)
       JOIN clients c ON c.id = a.client_id
      WHERE c.client_number IS NOT NULL`,
    [numbers.map((key) => clients.get(key)!.clientNumber)],
  );
  const rows = found.map((row) => ({ alias: numbers[row.at - 1], key: clientKey(row.client_number), client_number: row.client_number }));
  const holders = new Map<string, string>();
  if (!rows.length) return { clients, holders };
  const resolved = new Map(clients);
  for (const { alias, key, client_number } of rows) {
    const line = resolved.get(alias)!;
    resolved.delete(alias);
    holders.set(alias, key);
    const known = resolved.get(key);
    if (!known) resolved.set(key, { ...line, clientNumber: client_number });
    // The holder's own number in the same batch: its values come first, the alias fills blanks.
    else for (const field of CLIENT_DETAILS) if (known[field] === null) known[field] = line[field];
  }
  return { clients: resolved, holders };
}
