import type { Knex } from 'knex';
import { activeContractsOf } from '../contracts/contractActivity';
import { CLIENT_FIELDS, type ClientFields, type ClientRecord } from '../../shared/entities/client';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';

/**
 * The columns a client is read with, and their API shape. Active contracts are counted by the
 * database in the list query itself, with the one definition of an active contract
 * (contract_is_active), served by the partial index contracts_client_active.
 */
export const ACTIVE_CONTRACTS_SQL = activeContractsOf('c');

/** A client's row as clientColumns reads it. */
export type ClientRow = Row<ClientFields> & { active_contracts: string | number | null; aliases: string[] | null };

export function clientColumns(knex: Knex) {
  return [
    ...CLIENT_FIELDS.map((field) => `c.${columnName(field)}`),
    knex.raw(`${ACTIVE_CONTRACTS_SQL} AS active_contracts`),
    // Former numbers of the clients this one absorbed, oldest first.
    knex.raw(`coalesce((SELECT array_agg(ca.client_number ORDER BY ca.id) FROM client_aliases ca WHERE ca.client_id = c.id), '{}') AS aliases`),
  ];
}

export function toClientRecord(row: ClientRow): ClientRecord {
  return { ...fieldsOfRow<ClientFields>(CLIENT_FIELDS, row), anonymisedAt: row.anonymised_at ?? null, activeContracts: Number(row.active_contracts ?? 0), aliases: row.aliases ?? [] };
}
