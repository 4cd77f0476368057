import type { Knex } from 'knex';
import type { ContractStatus } from '../cellValues';
import { numberKey } from '../../shared/contactDetails';
import { arrays, clientKey, type NumberedLine, type StoredClient } from './writeClients';

/** A contract number as contracts.contract_number_key holds it (f_number_key, see shared/contactDetails.ts). */
export const contractKey = (contractNumber: string) => numberKey(contractNumber);

interface MergedContract {
  number: string;
  clientId: number | null;
  advisorId: number | null;
  product: string | null;
  insurer: string | null;
  status: ContractStatus | null;
  startDate: string | null;
  endDate: string | null;
}
const CONTRACT_DETAILS = ['clientId', 'advisorId', 'product', 'insurer', 'status', 'startDate', 'endDate'] as const;

/** Contracts by number (case variants are one contract), last row wins, blanks keep what is known. */
export function mergeContracts(lines: NumberedLine[], clients: Map<string, StoredClient>, advisorOf: (name: string | null) => number | null) {
  const contracts = new Map<string, MergedContract>();
  for (const { line } of lines) {
    if (!line.contractNumber) continue;
    const next: Omit<MergedContract, 'number'> = {
      clientId: line.clientNumber ? (clients.get(clientKey(line.clientNumber))?.id ?? null) : null,
      advisorId: advisorOf(line.advisor),
      product: line.product,
      insurer: line.insurer,
      status: line.status,
      startDate: line.startDate,
      endDate: line.endDate,
    };
    const key = contractKey(line.contractNumber);
    const known = contracts.get(key);
    if (!known) contracts.set(key, { number: line.contractNumber, ...next });
    else for (const field of CONTRACT_DETAILS) if (next[field] !== null) (known as unknown as Record<string, unknown>)[field] = next[field];
  }
  return contracts;
}

export interface StoredContract {
  id: number;
  clientId: number | null;
  advisorId: number | null;
}

/**
 * Creates the batch's new contracts and updates the known ones. The stored status follows the
 * contracts' one rule (contract_is_active, migration 20261127_02): a terminated status word, or
 * an end date already past, makes the contract terminated. A blank cell keeps the stored value,
 * so a statement without a status column never reactivates nor ends a contract by itself.
 * Inserting (ON CONFLICT DO NOTHING) and updating are two statements: the update then sees
 * contracts another transaction committed meanwhile, and locks what it changes.
 */
export async function upsertContracts(trx: Knex.Transaction, contracts: Map<string, MergedContract>) {
  const stored = new Map<string, StoredContract>();
  if (!contracts.size) return { created: 0, stored };
  const values = [...contracts.values()];
  const bindings = arrays(
    values.map((v) => v.number),
    values.map((v) => v.clientId),
    values.map((v) => v.advisorId),
    values.map((v) => v.product),
    values.map((v) => v.insurer),
    values.map((v) => v.status),
    values.map((v) => v.startDate),
    values.map((v) => v.endDate),
  );
  const incoming = `SELECT * FROM unnest(?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::date[], ?::date[])
    WITH ORDINALITY AS i(contract_number, client_id, advisor_id, product, insurer, status, start_date, end_date, at)`;
  // Each statement answers its contracts by their place in the arrays (`at`), filed under the
  // batch's keys: the database's key and ours agree (numberKey), and a database whose lower()
  // differs cannot unlink a line.
  const keys = [...contracts.keys()];
  const file = (rows: Array<{ at: number; id: number; client_id: number | null; advisor_id: number | null }>) => {
    for (const row of rows) stored.set(keys[row.at - 1], { id: row.id, clientId: row.client_id, advisorId: row.advisor_id });
  };

  const { rows: inserted } = await trx.raw<{ rows: Array<{ at: number; key: string; id: number; client_id: number | null; advisor_id: number | null }> }>(
    `WITH i AS (${incoming}),
     inserted AS (
       INSERT INTO contracts (contract_number, client_id, advisor_id, product, insurer, status, start_date, end_date)
       SELECT i.contract_number, i.client_id, i.advisor_id, i.product, i.insurer,
              CASE WHEN contract_is_active(coalesce(i.status, 'active'), i.end_date) THEN 'active' ELSE 'terminated' END,
              i.start_date, i.end_date
         FROM i
       ON CONFLICT (contract_number_key) DO NOTHING
       RETURNING id, contract_number_key, client_id, advisor_id
     )
     SELECT i.at::int, n.contract_number_key AS key, n.id, n.client_id, n.advisor_id
       FROM inserted n JOIN i ON f_number_key(i.contract_number) = n.contract_number_key`,
    bindings,
  );
  const created = new Set(inserted.map((row) => row.key));
  file(inserted);

  // `next` is every other contract as the update leaves it (changed or not): answered as it is.
  const { rows: known } = await trx.raw<{ rows: Array<{ at: number; id: number; client_id: number | null; advisor_id: number | null }> }>(
    `WITH i AS (${incoming}),
     next AS (
       SELECT i.at, k.id,
              coalesce(i.client_id, k.client_id) AS client_id, coalesce(i.advisor_id, k.advisor_id) AS advisor_id,
              coalesce(i.product, k.product) AS product, coalesce(i.insurer, k.insurer) AS insurer,
              coalesce(i.start_date, k.start_date) AS start_date, coalesce(i.end_date, k.end_date) AS end_date,
              CASE WHEN contract_is_active(coalesce(i.status, k.status), coalesce(i.end_date, k.end_date)) THEN 'active' ELSE 'terminated' END AS status
         FROM i JOIN contracts k ON k.contract_number_key = f_number_key(i.contract_number)
        WHERE NOT (k.contract_number_key = ANY(?::text[]))
     ),
     updated AS (
       UPDATE contracts k SET client_id = n.client_id, advisor_id = n.advisor_id, product = n.product, insurer = n.insurer,
                              start_date = n.start_date, end_date = n.end_date, status = n.status, updated_at = now()
         FROM next n
        WHERE k.id = n.id
          AND (k.client_id, k.advisor_id, k.product, k.insurer, k.start_date, k.end_date, k.status)
              IS DISTINCT FROM (n.client_id, n.advisor_id, n.product, n.insurer, n.start_date, n.end_date, n.status)
       RETURNING k.id
     )
     SELECT n.at::int, n.id, n.client_id, n.advisor_id FROM next n`,
    [...bindings, [...created]],
  );
  file(known);

  // None in principle (every number was inserted or found): looked up rather than lost.
  const unresolved = keys.filter((key) => !stored.has(key));
  if (unresolved.length) {
    const { rows } = await trx.raw<{ rows: Array<{ at: number; id: number; client_id: number | null; advisor_id: number | null }> }>(
      `SELECT n.at::int, k.id, k.client_id, k.advisor_id
         FROM unnest(?::text[]) WITH ORDINALITY AS n(number, at) JOIN contracts k ON k.contract_number_key = f_number_key(n.number)`,
      [unresolved.map((key) => contracts.get(key)!.number)],
    );
    for (const row of rows) stored.set(unresolved[row.at - 1], { id: row.id, clientId: row.client_id, advisorId: row.advisor_id });
  }
  return { created: created.size, stored };
}
