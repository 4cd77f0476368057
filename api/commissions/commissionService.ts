import type { Knex } from 'knex';
import { z } from 'zod';
import { escapeLike, fetchPage } from '../database/page';
import { notFound } from '../http/httpError';
import { idList, optionalId, type ListQuery } from '../http/simpleRest';

export const commissionFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    id: idList.optional(),
    clientId: optionalId,
    contractId: optionalId,
    advisorId: optionalId,
    importId: optionalId,
  })
  .strict();
export type CommissionFilter = z.infer<typeof commissionFilterSchema>;
export const COMMISSION_SORTABLE = ['id', 'date', 'amount', 'label', 'clientNumber', 'clientName', 'contractId', 'clientId', 'advisorId'] as const;

const SORT_COLUMNS: Record<string, string> = {
  id: 'm.id',
  date: 'm.date',
  amount: 'm.amount',
  label: 'm.label',
  clientNumber: 'm.client_number',
  clientName: 'm.client_name',
  contractId: 'm.contract_id',
  clientId: 'm.client_id',
  advisorId: 'm.advisor_id',
};

const COMMISSION_COLUMNS = ['m.id', 'm.contract_id', 'm.client_id', 'm.advisor_id', 'm.import_id', 'm.date', 'm.amount', 'm.label', 'm.client_number', 'm.client_name'];

export class CommissionService {
  constructor(private readonly knex: Knex) {}

  async list({ sort, range, filter }: ListQuery<CommissionFilter>) {
    const page = await fetchPage<Record<string, unknown>>(this.filtered(filter), {
      select: (q) => q.select(COMMISSION_COLUMNS),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'm.id',
      range,
    });
    return { ...page, rows: page.rows.map(toCommissionRecord) };
  }

  /** Count and exact total (summed as numeric by PostgreSQL) of the filtered lines. */
  async summary(filter: CommissionFilter) {
    const row = await this.filtered(filter).select(this.knex.raw('count(*)::int AS count, coalesce(sum(m.amount), 0)::text AS total')).first();
    return { count: Number(row.count), totalAmount: Number(row.total) };
  }

  async get(id: number) {
    const row = await this.knex('commissions as m').select(COMMISSION_COLUMNS).where('m.id', id).first();
    if (!row) throw notFound(`La commission n° ${id} n’existe pas.`);
    return toCommissionRecord(row);
  }

  private filtered(filter: CommissionFilter) {
    return this.knex('commissions as m').modify((q) => {
      if (filter.id) q.whereIn('m.id', filter.id);
      if (filter.clientId) q.where('m.client_id', filter.clientId);
      if (filter.contractId) q.where('m.contract_id', filter.contractId);
      if (filter.advisorId) q.where('m.advisor_id', filter.advisorId);
      if (filter.importId) q.where('m.import_id', filter.importId);
      if (filter.q) {
        q.whereRaw(`f_unaccent(lower(coalesce(m.label, '') || ' ' || coalesce(m.client_name, '') || ' ' || coalesce(m.client_number, ''))) LIKE '%' || f_unaccent(lower(?)) || '%'`, [
          escapeLike(filter.q.trim()),
        ]);
      }
    });
  }
}

function toCommissionRecord(row: Record<string, any>) {
  return {
    id: row.id,
    contractId: row.contract_id,
    clientId: row.client_id,
    advisorId: row.advisor_id,
    importId: row.import_id,
    date: row.date,
    amount: Number(row.amount),
    label: row.label,
    clientNumber: row.client_number,
    clientName: row.client_name,
  };
}
