import type { Knex } from 'knex';
import type { Actor } from '../../shared/actor';
import type { StatementLine } from '../verdicts/statementRow';
import { numberKey } from '../../shared/contactDetails';
import { CLIENT_UPSERT_SQL } from './clientUpsertStatement';

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

/** A row of CLIENT_UPSERT_SQL: counts (`at` null), or an incoming number's client. */
interface UpsertRow {
  outcome: keyof ClientCounts | null;
  earlier: keyof ClientCounts | null;
  n: number | null;
  at: number | null;
  id: number | null;
  client_number: string | null;
  name: string | null;
}

export interface StoredClient {
  id: number;
  clientNumber: string;
  name: string;
}

/**
 * Creates or updates the batch's clients, writes their audit entries, and records each one once
 * per import in statement_import_clients (created, updated when a field changed, with the fields,
 * or matched without change). The counts returned are the moves between those groups, so that
 * the import's counters count each client once however many batches name it, and a replayed
 * batch moves nothing. A number matched case-insensitively never rewrites the stored spelling,
 * and a name, an address or an e-mail differing only by case, accents or spacing never rewrites
 * the stored one (CLIENT_UPSERT_SQL).
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
  const { rows } = await trx.raw<{ rows: UpsertRow[] }>(
    CLIENT_UPSERT_SQL,
    arrays(
      column('clientNumber'),
      column('lastName'),
      column('firstName'),
      column('email'),
      column('phone'),
      column('address'),
      merged.map((client) => advisorOf(client.advisor)),
      batch.actor.userId,
      batch.actor.label,
      batch.importId,
      batch.importId,
      batch.importId,
      batch.importId,
    ),
  );
  // Filed under the batch's keys by their place in the arrays: the database's key and ours agree
  // (numberKey), and a database whose lower() differs cannot unlink a line.
  const keys = [...clients.keys()];
  for (const row of rows) {
    if (row.at !== null) {
      stored.set(keys[row.at - 1], { id: row.id!, clientNumber: row.client_number!, name: row.name! });
      continue;
    }
    const { outcome, earlier, n } = row as { outcome: keyof ClientCounts; earlier: keyof ClientCounts | null; n: number };
    // Filed anew, or moved from unchanged to updated (a client already updated stays where it was).
    if (earlier === null) counts[outcome] += n;
    else if (earlier === 'unchanged' && outcome === 'updated') {
      counts.updated += n;
      counts.unchanged -= n;
    }
  }
  const unresolved = keys.filter((key) => !stored.has(key));
  if (unresolved.length) {
    const { rows: found } = await trx.raw<{ rows: Array<{ at: number; id: number; client_number: string; name: string }> }>(
      `SELECT n.at::int, c.id, c.client_number, concat_ws(' ', c.last_name, c.first_name) AS name
         FROM unnest(?::text[]) WITH ORDINALITY AS n(number, at) JOIN clients c ON c.client_number_key = f_number_key(n.number)`,
      [unresolved.map((key) => clients.get(key)!.clientNumber)],
    );
    for (const row of found) stored.set(unresolved[row.at - 1], { id: row.id, clientNumber: row.client_number, name: row.name });
  }
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
