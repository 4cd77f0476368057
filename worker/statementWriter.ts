import type { Knex } from 'knex';
import type { Actor } from '../api/audit/auditTrail';
import type { RowError, StatementLine } from './statementRow';
import { splitAdvisorName } from './statementRow';

/**
 * Writes one batch of statement lines: advisors, clients, contracts, commissions and the
 * audit entries of the clients it changed. Every step is one set-based statement over
 * arrays (`unnest`), whatever the batch size: one parameter per column, not per row, and
 * no round trip per row. The caller runs it inside the transaction that also moves the
 * import's checkpoint, so a batch is written entirely or not at all.
 */

export interface NumberedLine {
  row: number;
  line: StatementLine;
}

export interface BatchOutcome {
  clientsCreated: number;
  clientsUpdated: number;
  contractsCreated: number;
  commissionsCreated: number;
  /** Rows only the database could judge (e.g. a new client without a name). */
  rejected: Array<{ row: number; errors: RowError[] }>;
}

/** A contract number as contracts.contract_number_key holds it (trimmed, lower case). */
const contractKey = (contractNumber: string) => contractNumber.trim().toLowerCase();

/** Arrays bound as PostgreSQL arrays (`?::text[]`): Knex's typings only know flat values. */
const arrays = (...values: unknown[]) => values as Knex.RawBinding[];

interface MergedClient {
  clientNumber: string;
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  advisor: string | null;
}

const CLIENT_DETAILS = ['lastName', 'firstName', 'email', 'phone', 'address', 'advisor'] as const;

/**
 * One entry per client number, in file order: a later row's value replaces an earlier one,
 * an empty cell replaces nothing (the last row wins, blanks never erase).
 */
export function mergeClients(lines: NumberedLine[]): Map<string, MergedClient> {
  const clients = new Map<string, MergedClient>();
  for (const { line } of lines) {
    if (!line.clientNumber) continue;
    const key = line.clientNumber.toLowerCase();
    const known = clients.get(key);
    if (!known) {
      clients.set(key, { clientNumber: line.clientNumber, lastName: line.lastName, firstName: line.firstName, email: line.email, phone: line.phone, address: line.address, advisor: line.advisor });
      continue;
    }
    known.clientNumber = line.clientNumber;
    for (const field of CLIENT_DETAILS) if (line[field] !== null) known[field] = line[field];
  }
  return clients;
}

/** Advisors by the name written in the file (case-insensitive), created when new. */
async function resolveAdvisors(trx: Knex.Transaction, names: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!names.length) return ids;
  const lowered = [...new Set(names.map((name) => name.toLowerCase()))];
  // Either order of first and last name matches an advisor already there.
  const find = async () => {
    const { rows } = await trx.raw<{ rows: Array<{ name: string; id: number }> }>(
      `SELECT n.name, a.id
         FROM unnest(?::text[]) AS n(name)
         JOIN LATERAL (
           SELECT id FROM advisors
            WHERE lower(trim(first_name || ' ' || last_name)) = n.name OR lower(trim(last_name || ' ' || first_name)) = n.name
            ORDER BY id LIMIT 1
         ) a ON true`,
      [lowered],
    );
    for (const row of rows) ids.set(row.name, row.id);
  };
  await find();
  const missing = lowered.filter((name) => !ids.has(name));
  if (missing.length) {
    const original = new Map(names.map((name) => [name.toLowerCase(), name]));
    const split = missing.map((name) => splitAdvisorName(original.get(name)!));
    await trx.raw(
      `INSERT INTO advisors (first_name, last_name)
       SELECT * FROM unnest(?::text[], ?::text[])
       ON CONFLICT ((lower(last_name)), (lower(first_name))) DO NOTHING`,
      arrays(split.map((s) => s.firstName), split.map((s) => s.lastName)),
    );
    await find();
  }
  return ids;
}

export async function writeStatementBatch(
  trx: Knex.Transaction,
  batch: { importId: number; actor: Actor; lines: NumberedLine[] },
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { clientsCreated: 0, clientsUpdated: 0, contractsCreated: 0, commissionsCreated: 0, rejected: [] };
  let lines = batch.lines;
  if (!lines.length) return outcome;

  // Only the database knows whether a client is new; a new client needs a name (NOT NULL).
  let clients = mergeClients(lines);
  if (clients.size) {
    const { rows: existing } = await trx.raw<{ rows: Array<{ key: string }> }>(
      'SELECT client_number_key AS key FROM clients WHERE client_number_key = ANY(?::text[])',
      [[...clients.keys()]],
    );
    const known = new Set(existing.map((row) => row.key));
    const nameless = new Set([...clients.entries()].filter(([key, client]) => !client.lastName && !known.has(key)).map(([key]) => key));
    if (nameless.size) {
      lines = lines.filter(({ row, line }) => {
        if (!line.clientNumber || !nameless.has(line.clientNumber.toLowerCase())) return true;
        outcome.rejected.push({ row, errors: [{ column: null, message: `Nom du client manquant : le client n° ${line.clientNumber} n’existe pas encore et ne peut être créé sans nom.` }] });
        return false;
      });
      clients = mergeClients(lines);
    }
  }

  const advisorNames = [...new Set(lines.map(({ line }) => line.advisor).filter((name): name is string => Boolean(name)))];
  const advisorIds = await resolveAdvisors(trx, advisorNames);
  const advisorOf = (name: string | null) => (name ? (advisorIds.get(name.toLowerCase()) ?? null) : null);

  const clientIds = new Map<string, { id: number; clientNumber: string; name: string }>();
  if (clients.size) {
    const merged = [...clients.values()];
    const column = <K extends keyof MergedClient>(field: K) => merged.map((client) => client[field]);
    // Upsert and audit in one statement: `previous` reads the rows as they were (the whole
    // WITH shares one snapshot), `upserted` writes only the clients whose values really
    // change (blank cells keep the stored value through coalesce), and the audit entries
    // are built from both sides in SQL, so that thousands of clients cost one round trip.
    const { rows } = await trx.raw<{ rows: Array<{ created: number; updated: number }> }>(
      `WITH incoming AS (
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
           AS i(client_number, last_name, first_name, email, phone, address, advisor_id)
       ),
       previous AS (
         SELECT c.* FROM clients c JOIN incoming i ON c.client_number_key = lower(i.client_number) FOR UPDATE OF c
       ),
       upserted AS (
         INSERT INTO clients AS c (client_number, last_name, first_name, email, phone, address, advisor_id)
         -- NOT NULL is checked on the proposed row before the conflict is: a known client
         -- whose name cell is blank proposes its stored name.
         SELECT i.client_number, coalesce(i.last_name, p.last_name), i.first_name, i.email, i.phone, i.address, i.advisor_id
           FROM incoming i LEFT JOIN previous p ON p.client_number_key = lower(i.client_number)
         ON CONFLICT (client_number_key) DO UPDATE SET
           client_number = EXCLUDED.client_number,
           last_name = coalesce(EXCLUDED.last_name, c.last_name),
           first_name = coalesce(EXCLUDED.first_name, c.first_name),
           email = coalesce(EXCLUDED.email, c.email),
           phone = coalesce(EXCLUDED.phone, c.phone),
           address = coalesce(EXCLUDED.address, c.address),
           -- The referent advisor is set once, never replaced by a statement.
           advisor_id = coalesce(c.advisor_id, EXCLUDED.advisor_id),
           updated_at = now()
         WHERE (c.client_number, c.last_name, c.first_name, c.email, c.phone, c.address, c.advisor_id)
           IS DISTINCT FROM (EXCLUDED.client_number, coalesce(EXCLUDED.last_name, c.last_name), coalesce(EXCLUDED.first_name, c.first_name),
                             coalesce(EXCLUDED.email, c.email), coalesce(EXCLUDED.phone, c.phone), coalesce(EXCLUDED.address, c.address),
                             coalesce(c.advisor_id, EXCLUDED.advisor_id))
         RETURNING c.*, (xmax = 0) AS inserted
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
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM upserted`,
      arrays(
        column('clientNumber'), column('lastName'), column('firstName'), column('email'), column('phone'), column('address'),
        merged.map((client) => advisorOf(client.advisor)),
        batch.actor.userId, batch.actor.label, batch.importId,
      ),
    );
    outcome.clientsCreated = rows[0].created;
    outcome.clientsUpdated = rows[0].updated;

    const { rows: stored } = await trx.raw<{ rows: Array<{ id: number; key: string; client_number: string; name: string }> }>(
      `SELECT id, client_number_key AS key, client_number, concat_ws(' ', last_name, first_name) AS name
         FROM clients WHERE client_number_key = ANY(?::text[])`,
      [[...clients.keys()]],
    );
    for (const row of stored) clientIds.set(row.key, { id: row.id, clientNumber: row.client_number, name: row.name });
  }

  // Contracts by number, last row wins, blanks keep what is known.
  const contracts = new Map<string, { number: string; clientId: number | null; advisorId: number | null; product: string | null; insurer: string | null }>();
  for (const { line } of lines) {
    if (!line.contractNumber) continue;
    const clientId = line.clientNumber ? (clientIds.get(line.clientNumber.toLowerCase())?.id ?? null) : null;
    const next = { clientId, advisorId: advisorOf(line.advisor), product: line.product, insurer: line.insurer };
    // Keyed like contracts.contract_number_key: case variants in one batch are one contract.
    const known = contracts.get(contractKey(line.contractNumber));
    if (!known) contracts.set(contractKey(line.contractNumber), { number: line.contractNumber, ...next });
    else for (const field of ['clientId', 'advisorId', 'product', 'insurer'] as const) if (next[field] !== null) (known as Record<string, unknown>)[field] = next[field];
  }
  const contractRows = new Map<string, { id: number; clientId: number | null; advisorId: number | null }>();
  if (contracts.size) {
    const values = [...contracts.values()];
    const numbers = values.map((v) => v.number);
    const { rows } = await trx.raw<{ rows: Array<{ created: number }> }>(
      `WITH upserted AS (
         INSERT INTO contracts AS k (contract_number, client_id, advisor_id, product, insurer)
         SELECT * FROM unnest(?::text[], ?::int[], ?::int[], ?::text[], ?::text[])
         ON CONFLICT (contract_number_key) DO UPDATE SET
           client_id = coalesce(EXCLUDED.client_id, k.client_id),
           advisor_id = coalesce(EXCLUDED.advisor_id, k.advisor_id),
           product = coalesce(EXCLUDED.product, k.product),
           insurer = coalesce(EXCLUDED.insurer, k.insurer),
           updated_at = now()
         WHERE (k.client_id, k.advisor_id, k.product, k.insurer) IS DISTINCT FROM
               (coalesce(EXCLUDED.client_id, k.client_id), coalesce(EXCLUDED.advisor_id, k.advisor_id),
                coalesce(EXCLUDED.product, k.product), coalesce(EXCLUDED.insurer, k.insurer))
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS created FROM upserted`,
      arrays(numbers, values.map((v) => v.clientId), values.map((v) => v.advisorId), values.map((v) => v.product), values.map((v) => v.insurer)),
    );
    outcome.contractsCreated = rows[0].created;
    const { rows: stored } = await trx.raw<{ rows: Array<{ id: number; key: string; client_id: number | null; advisor_id: number | null }> }>(
      'SELECT id, contract_number_key AS key, client_id, advisor_id FROM contracts WHERE contract_number_key = ANY(?::text[])',
      [[...contracts.keys()]],
    );
    for (const row of stored) contractRows.set(row.key, { id: row.id, clientId: row.client_id, advisorId: row.advisor_id });
  }

  // Clients a line reaches only through its contract, for the commission's snapshot.
  const viaContract = [...new Set([...contractRows.values()].map((c) => c.clientId).filter((id): id is number => id !== null))];
  const clientsById = new Map<number, { clientNumber: string | null; name: string }>();
  for (const client of clientIds.values()) clientsById.set(client.id, client);
  const unknownIds = viaContract.filter((id) => !clientsById.has(id));
  if (unknownIds.length) {
    const { rows } = await trx.raw<{ rows: Array<{ id: number; client_number: string | null; name: string }> }>(
      `SELECT id, client_number, concat_ws(' ', last_name, first_name) AS name FROM clients WHERE id = ANY(?::int[])`,
      [unknownIds],
    );
    for (const row of rows) clientsById.set(row.id, { clientNumber: row.client_number, name: row.name });
  }

  // One commission per row; the (import_id, import_row) key makes a replayed batch a no-op.
  const commissions = lines.map(({ row, line }) => {
    const contract = line.contractNumber ? contractRows.get(contractKey(line.contractNumber)) : undefined;
    const clientId = (line.clientNumber ? clientIds.get(line.clientNumber.toLowerCase())?.id : undefined) ?? contract?.clientId ?? null;
    const client = clientId !== null ? clientsById.get(clientId) : undefined;
    return {
      row,
      contractId: contract?.id ?? null,
      clientId,
      advisorId: advisorOf(line.advisor) ?? contract?.advisorId ?? null,
      date: line.date,
      amount: line.amount.toFixed(2),
      label: line.label,
      clientNumber: client?.clientNumber ?? line.clientNumber,
      clientName: client?.name ?? null,
    };
  });
  if (commissions.length) {
    const { rows } = await trx.raw<{ rows: Array<{ created: number }> }>(
      `WITH inserted AS (
         INSERT INTO commissions (import_id, import_row, contract_id, client_id, advisor_id, date, amount, label, client_number, client_name)
         SELECT ?::int, * FROM unnest(?::int[], ?::int[], ?::int[], ?::int[], ?::date[], ?::numeric[], ?::text[], ?::text[], ?::text[])
         ON CONFLICT (import_id, import_row) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS created FROM inserted`,
      arrays(
        batch.importId,
        commissions.map((c) => c.row), commissions.map((c) => c.contractId), commissions.map((c) => c.clientId), commissions.map((c) => c.advisorId),
        commissions.map((c) => c.date), commissions.map((c) => c.amount), commissions.map((c) => c.label), commissions.map((c) => c.clientNumber),
        commissions.map((c) => c.clientName),
      ),
    );
    outcome.commissionsCreated = rows[0].created;
  }
  return outcome;
}
