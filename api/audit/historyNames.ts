import type { Knex } from 'knex';
import { referencedIds, type AuditEntryLike } from '../../shared/history/auditDescription';
import type { HistoryNames } from '../../shared/history/historyValues';

/**
 * The names of the advisors, clients and contracts the entries point at by id, as the admin shows
 * them: "Claire Fontaine", "Benard Hugo (C-134)", the contract's number. A record deleted since
 * is not found, and the description falls back to its number.
 */
export async function historyNames(knex: Knex | Knex.Transaction, entries: AuditEntryLike[]): Promise<HistoryNames> {
  const ids = referencedIds(entries);
  const [advisors, clients, contracts] = await Promise.all([
    ids.advisors.length ? knex('advisors').whereIn('id', ids.advisors).select('id', knex.raw(`trim(concat_ws(' ', first_name, last_name)) AS name`)) : [],
    ids.clients.length ? knex('clients').whereIn('id', ids.clients).select('id', knex.raw(`concat_ws(' ', last_name, first_name) || coalesce(' (' || client_number || ')', '') AS name`)) : [],
    ids.contracts.length ? knex('contracts').whereIn('id', ids.contracts).select('id', 'contract_number as name') : [],
  ]);
  const byId = (rows: Array<{ id: number; name: string }>) => new Map(rows.map((row) => [row.id, row.name]));
  return { advisors: byId(advisors), clients: byId(clients), contracts: byId(contracts) };
}
