import type { Knex } from 'knex';
import { z } from 'zod';
import { frenchFullNameKey } from '../database/frenchOrder';
import { idList, type ListQuery } from '../http/simpleRest';
import { readPersonalDataSettings } from '../personalData/personalDataSettings';
import type { Row } from '../../shared/entities/fieldNames';

export const retentionFilterSchema = z.object({ id: idList.optional() }).strict();
export type RetentionFilter = z.infer<typeof retentionFilterSchema>;
export const RETENTION_SORTABLE = ['relationshipEndedOn', 'lastName', 'clientNumber'] as const;

export interface RetentionExpiredClient {
  /** The client's id. */
  id: number;
  clientNumber: string | null;
  lastName: string;
  firstName: string | null;
  /** ISO date (YYYY-MM-DD). */
  relationshipEndedOn: string;
  lastCommissionOn: string | null;
  contractCount: number;
}

/** Over the columns of `expired`; the French name key is computed only when the list is sorted by name. */
const ORDER_BY: Record<(typeof RETENTION_SORTABLE)[number], string> = {
  relationshipEndedOn: 'relationship_ended_on',
  lastName: frenchFullNameKey('last_name', 'first_name'),
  clientNumber: 'client_number_key',
};

/**
 * The clients past the retention period, in SQL (counted, filtered and paged by the database).
 *
 * - A client is past retention when it has no active contract (contract_is_active, the one
 *   definition used everywhere) and its relationship ended more than `retentionYears` years ago:
 *   it is listed from the day after the anniversary (ended 2021-11-27, 5 years: listed from
 *   2026-11-28), "today" being the firm's (Paris) day.
 * - The relationship ended on the latest of: its contracts' end dates (a terminated contract with
 *   no end date counts from its last change, updated_at, when it was terminated) and its latest
 *   commission line (commissions.date). A client with neither contract nor commission (a
 *   prospect) counts from the day its record was created.
 * - Anonymised clients (clients.anonymised_at) are done: never listed.
 */
export async function listRetentionExpiredClients(knex: Knex, { sort, range, filter }: ListQuery<RetentionFilter>) {
  const { retentionYears } = await readPersonalDataSettings(knex);
  const expired = `
    SELECT c.id, c.client_number, c.last_name, c.first_name,
           r.relationship_ended_on, m.last_commission_on, k.contract_count, c.client_number_key
      FROM clients c
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS contract_count,
               coalesce(bool_or(public.contract_is_active(ct.status, ct.end_date)), false) AS any_active,
               max(coalesce(ct.end_date, (ct.updated_at AT TIME ZONE 'Europe/Paris')::date)) AS contracts_ended_on
          FROM contracts ct WHERE ct.client_id = c.id
      ) k
      CROSS JOIN LATERAL (SELECT max(cm.date) AS last_commission_on FROM commissions cm WHERE cm.client_id = c.id) m
      CROSS JOIN LATERAL (
        SELECT coalesce(greatest(k.contracts_ended_on, m.last_commission_on), (c.created_at AT TIME ZONE 'Europe/Paris')::date) AS relationship_ended_on
      ) r
     WHERE c.anonymised_at IS NULL
       AND NOT k.any_active
       AND r.relationship_ended_on < (public.firm_today() - make_interval(years => :retentionYears))::date
       ${filter.id ? 'AND c.id = ANY(:ids)' : ''}`;
  const bindings = { retentionYears, ids: filter.id ?? [] };
  const orderBy = `${ORDER_BY[sort.field as keyof typeof ORDER_BY] ?? 'relationship_ended_on'} ${sort.order}, id ${sort.order}`;
  const limit = range.end - range.start + 1;
  // The total comes with the page (one pass over the clients); only a page past the end needs a count of its own.
  const { rows } = await knex.raw(`WITH expired AS (${expired}) SELECT *, count(*) OVER () AS total FROM expired ORDER BY ${orderBy} OFFSET :offset LIMIT :limit`, {
    ...bindings,
    offset: range.start,
    limit,
  });
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && range.start > 0) {
    total = Number((await knex.raw(`SELECT count(*) AS total FROM (${expired}) expired`, bindings)).rows[0].total);
  }
  return {
    total,
    capped: false,
    rows: rows.map((row: Row<RetentionExpiredClient>): RetentionExpiredClient => ({
      id: row.id,
      clientNumber: row.client_number,
      lastName: row.last_name,
      firstName: row.first_name,
      relationshipEndedOn: row.relationship_ended_on,
      lastCommissionOn: row.last_commission_on,
      contractCount: row.contract_count,
    })),
  };
}
