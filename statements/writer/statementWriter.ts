import type { Knex } from 'knex';
import type { Actor } from '../../shared/actor';
import { splitAdvisorName } from '../verdicts/statementRow';
import { arrays, clientKey, mergeClients, upsertClients, type NumberedLine, type StoredClient } from './writeClients';
import { contractKey, mergeContracts, upsertContracts, type StoredContract } from './writeContracts';

export { mergeClients, type NumberedLine } from './writeClients';

/**
 * Writes one batch of statement lines that judgeRows accepted: advisors, clients, contracts,
 * commissions and the audit entries of the clients it changed. Every step is one set-based
 * statement over arrays (`unnest`), whatever the batch size: one parameter per column, not per
 * row, and no round trip per row. The caller runs it inside the transaction that also moves the
 * import's checkpoint, so a batch is written entirely or not at all.
 */

export interface BatchOutcome {
  /** Moves between the import's client groups (see upsertClients); `unchanged` may be negative. */
  clientsCreated: number;
  clientsUpdated: number;
  clientsUnchanged: number;
  contractsCreated: number;
  commissionsCreated: number;
}

export async function writeStatementBatch(trx: Knex.Transaction, batch: { importId: number; actor: Actor; lines: NumberedLine[] }): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { clientsCreated: 0, clientsUpdated: 0, clientsUnchanged: 0, contractsCreated: 0, commissionsCreated: 0 };
  const { lines } = batch;
  if (!lines.length) return outcome;
  // JIT would compile the batch's large statements (their name comparisons inlined) for longer
  // than they take to run: a batch is a short transaction, not an analytical query.
  await trx.raw('SET LOCAL jit = off');

  const advisorIds = await resolveAdvisors(trx, [...new Set(lines.map(({ line }) => line.advisor).filter((name): name is string => Boolean(name)))]);
  const advisorOf = (name: string | null) => (name ? (advisorIds.get(name.toLowerCase()) ?? null) : null);

  const clients = await upsertClients(trx, batch, mergeClients(lines), advisorOf);
  outcome.clientsCreated = clients.counts.created;
  outcome.clientsUpdated = clients.counts.updated;
  outcome.clientsUnchanged = clients.counts.unchanged;

  const contracts = await upsertContracts(trx, mergeContracts(lines, clients.stored, advisorOf));
  outcome.contractsCreated = contracts.created;

  outcome.commissionsCreated = await insertCommissions(trx, batch.importId, lines, { clients: clients.stored, contracts: contracts.stored, advisorOf });
  return outcome;
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
      arrays(
        split.map((s) => s.firstName),
        split.map((s) => s.lastName),
      ),
    );
    await find();
  }
  return ids;
}

/**
 * One commission per row, with a snapshot of its client's number and name (kept if the client
 * is deleted); the (import_id, import_row) key makes a replayed batch a no-op.
 */
async function insertCommissions(
  trx: Knex.Transaction,
  importId: number,
  lines: NumberedLine[],
  known: { clients: Map<string, StoredClient>; contracts: Map<string, StoredContract>; advisorOf: (name: string | null) => number | null },
): Promise<number> {
  const clientsById = await clientSnapshots(trx, known.clients, known.contracts);
  const commissions = lines.map(({ row, line }) => {
    const contract = line.contractNumber ? known.contracts.get(contractKey(line.contractNumber)) : undefined;
    const clientId = (line.clientNumber ? known.clients.get(clientKey(line.clientNumber))?.id : undefined) ?? contract?.clientId ?? null;
    const client = clientId !== null ? clientsById.get(clientId) : undefined;
    return {
      row,
      contractId: contract?.id ?? null,
      clientId,
      advisorId: known.advisorOf(line.advisor) ?? contract?.advisorId ?? null,
      date: line.date,
      amount: line.amount,
      label: line.label,
      clientNumber: client?.clientNumber ?? line.clientNumber,
      clientName: client?.name ?? null,
    };
  });
  if (!commissions.length) return 0;
  const column = <K extends keyof (typeof commissions)[number]>(field: K) => commissions.map((c) => c[field]);
  const { rows } = await trx.raw<{ rows: Array<{ created: number }> }>(
    `WITH inserted AS (
       INSERT INTO commissions (import_id, import_row, contract_id, client_id, advisor_id, date, amount, label, client_number, client_name)
       SELECT ?::int, * FROM unnest(?::int[], ?::int[], ?::int[], ?::int[], ?::date[], ?::numeric[], ?::text[], ?::text[], ?::text[])
       ON CONFLICT (import_id, import_row) DO NOTHING
       RETURNING 1
     )
     SELECT count(*)::int AS created FROM inserted`,
    arrays(importId, column('row'), column('contractId'), column('clientId'), column('advisorId'), column('date'), column('amount'), column('label'), column('clientNumber'), column('clientName')),
  );
  return rows[0].created;
}

/** The clients the batch's lines reach, directly or only through their contract, by id. */
async function clientSnapshots(trx: Knex.Transaction, clients: Map<string, StoredClient>, contracts: Map<string, StoredContract>) {
  const clientsById = new Map<number, { clientNumber: string | null; name: string }>();
  for (const client of clients.values()) clientsById.set(client.id, client);
  const viaContract = [...new Set([...contracts.values()].map((c) => c.clientId).filter((id): id is number => id !== null))];
  const unknownIds = viaContract.filter((id) => !clientsById.has(id));
  if (unknownIds.length) {
    const { rows } = await trx.raw<{ rows: Array<{ id: number; client_number: string | null; name: string }> }>(
      `SELECT id, client_number, concat_ws(' ', last_name, first_name) AS name FROM clients WHERE id = ANY(?::int[])`,
      [unknownIds],
    );
    for (const row of rows) clientsById.set(row.id, { clientNumber: row.client_number, name: row.name });
  }
  return clientsById;
}
