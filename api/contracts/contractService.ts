import type { Knex } from 'knex';
import { z } from 'zod';
import { escapeLike, fetchPage } from '../database/page';
import { notFound } from '../http/httpError';
import { idList, optionalId, type ListQuery } from '../http/simpleRest';
import { CONTRACT_STATUSES } from './contractModel';

export const contractFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    id: idList.optional(),
    clientId: optionalId,
    advisorId: optionalId,
    status: z.enum(CONTRACT_STATUSES, { error: 'Statut attendu : active ou terminated.' }).optional(),
  })
  .strict();
export const CONTRACT_SORTABLE = ['id', 'contractNumber', 'clientId', 'advisorId', 'product', 'insurer', 'status', 'startDate', 'endDate'] as const;

const SORT_COLUMNS: Record<string, string> = {
  id: 'k.id',
  contractNumber: 'k.contract_number',
  clientId: 'k.client_id',
  advisorId: 'k.advisor_id',
  product: 'k.product',
  insurer: 'k.insurer',
  status: 'k.status',
  startDate: 'k.start_date',
  endDate: 'k.end_date',
};

export class ContractService {
  constructor(private readonly knex: Knex) {}

  async list({ sort, range, filter }: ListQuery<z.infer<typeof contractFilterSchema>>) {
    const filtered = this.knex('contracts as k').modify((q) => {
      if (filter.id) q.whereIn('k.id', filter.id);
      if (filter.clientId) q.where('k.client_id', filter.clientId);
      if (filter.advisorId) q.where('k.advisor_id', filter.advisorId);
      if (filter.status) q.where('k.status', filter.status);
      if (filter.q) {
        q.whereRaw(`f_unaccent(lower(k.contract_number || ' ' || coalesce(k.product, '') || ' ' || coalesce(k.insurer, ''))) LIKE '%' || f_unaccent(lower(?)) || '%'`, [
          escapeLike(filter.q.trim()),
        ]);
      }
    });
    const page = await fetchPage<Record<string, unknown>>(filtered, {
      select: (q) => q.select(CONTRACT_COLUMNS),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'k.id',
      range,
    });
    return { ...page, rows: page.rows.map(toContractRecord) };
  }

  async get(id: number) {
    const row = await this.knex('contracts as k').select(CONTRACT_COLUMNS).where('k.id', id).first();
    if (!row) throw notFound(`Le contrat n° ${id} n’existe pas.`);
    return toContractRecord(row);
  }
}

const CONTRACT_COLUMNS = ['k.id', 'k.contract_number', 'k.client_id', 'k.advisor_id', 'k.product', 'k.insurer', 'k.status', 'k.start_date', 'k.end_date'];

function toContractRecord(row: Record<string, any>) {
  return {
    id: row.id,
    contractNumber: row.contract_number,
    clientId: row.client_id,
    advisorId: row.advisor_id,
    product: row.product,
    insurer: row.insurer,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
  };
}
