import type { Knex } from 'knex';
import { activeContractsOf } from '../contracts/contractActivity';
import type { ClientRecord } from './clientModel';

/**
 * The columns a client is read with, and their API shape. Active contracts are counted by the
 * database in the list query itself, with the one definition of an active contract
 * (contract_is_active), served by the partial index contracts_client_active.
 */
export const ACTIVE_CONTRACTS_SQL = activeContractsOf('c');

export function clientColumns(knex: Knex) {
  return [
    'c.id',
    'c.client_number',
    'c.last_name',
    'c.first_name',
    'c.email',
    'c.phone',
    'c.address',
    'c.advisor_id',
    'c.created_at',
    'c.updated_at',
    'c.version',
    'c.anonymised_at',
    knex.raw(`${ACTIVE_CONTRACTS_SQL} AS active_contracts`),
    // Former numbers of the clients this one absorbed, oldest first.
    knex.raw(`coalesce((SELECT array_agg(ca.client_number ORDER BY ca.id) FROM client_aliases ca WHERE ca.client_id = c.id), '{}') AS aliases`),
  ];
}

export function toClientRecord(row: Record<string, any>): ClientRecord {
  return {
    id: row.id,
    clientNumber: row.client_number,
    lastName: row.last_name,
    firstName: row.first_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    advisorId: row.advisor_id,
    activeContracts: Number(row.active_contracts ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    aliases: row.aliases ?? [],
    anonymisedAt: row.anonymised_at ?? null,
  };
}
