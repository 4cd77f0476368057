import type { Knex } from 'knex';
import { AuditTrail, fieldChanges } from '../audit/auditTrail';
import type { Actor } from '../../shared/actor';
import { databaseErrorOf } from '../database/databaseError';
import { advisorNameKey, frenchNameKey } from '../database/frenchOrder';
import { escapeLike } from '../listing/likePattern';
import { fetchPage } from '../listing/listPage';
import { HttpError, badRequest, notFound } from '../http/httpError';
import type { ListQuery } from '../http/simpleRest';
import { COMMISSION_FIELDS, type CommissionFields } from '../../shared/entities/commission';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';
import type { CommissionFilter, CommissionInput, CommissionUpdate } from './commissionSchemas';

export { COMMISSION_SORTABLE, commissionFilterSchema } from './commissionSchemas';

const SORT_COLUMNS: Record<string, string> = {
  id: 'm.id',
  date: 'm.date',
  amount: 'm.amount',
  label: 'm.label',
  clientNumber: 'm.client_number',
  // The name the line recorded (its snapshot, also shown once the client is deleted), in French order.
  clientName: frenchNameKey('m.client_name'),
  contractId: 'm.contract_id',
  // The Client column shows the recorded name: it sorts like clientName. The advisor by name.
  clientId: frenchNameKey('m.client_name'),
  advisorId: advisorNameKey('m.advisor_id'),
};

const COMMISSION_COLUMNS = COMMISSION_FIELDS.map((field) => `m.${columnName(field)}`);
const AUDITED_FIELDS = ['contractId', 'clientId', 'advisorId', 'date', 'amount', 'label'] as const;

/**
 * Commission lines. Imported lines are read-only (their statement is their source); an admin
 * may add a line a statement missed, and correct or delete the lines entered by hand.
 */
export class CommissionService {
  constructor(
    private readonly knex: Knex,
    // The trail is stateless over the same database: app.ts need not pass it.
    private readonly audit: AuditTrail = new AuditTrail(knex),
  ) {}

  async list({ sort, range, filter }: ListQuery<CommissionFilter>) {
    const page = await fetchPage<Row<CommissionFields>>(this.filtered(filter), {
      counter: 'commissions',
      select: (q) => q.select(COMMISSION_COLUMNS),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'm.id',
      range,
    });
    return { ...page, rows: page.rows.map(toCommissionRecord) };
  }

  /** Count and exact total (summed as numeric by PostgreSQL, answered as its decimal text) of the filtered lines. */
  async summary(filter: CommissionFilter): Promise<{ count: number; totalAmount: string }> {
    // 0.00 keeps the two decimals of the summed numeric(14,2) when no line matches.
    const row = await this.filtered(filter).select(this.knex.raw('count(*)::int AS count, coalesce(sum(m.amount), 0.00)::text AS total')).first();
    return { count: Number(row.count), totalAmount: row.total };
  }

  async get(id: number, knex: Knex = this.knex) {
    const row = await knex('commissions as m').select(COMMISSION_COLUMNS).where('m.id', id).first();
    if (!row) throw notFound({ code: 'commission.notFound', params: { id: String(id) } });
    return toCommissionRecord(row);
  }

  async create(input: CommissionInput, actor: Actor) {
    return this.write(async (trx) => {
      const links = await this.linksOf(trx, input.contractId, input.clientId, input.advisorId);
      const [{ id }] = await trx('commissions')
        .insert({ source: 'manual', contract_id: input.contractId, date: input.date, amount: input.amount, label: input.label ?? null, ...links })
        .returning('id');
      const created = await this.get(id, trx);
      await this.trace(trx, actor, 'create', null, created);
      return created;
    });
  }

  async update(id: number, input: CommissionUpdate, actor: Actor) {
    return this.write(async (trx) => {
      const before = await this.lockedManual(trx, id, 'commission.importedNotChanged');
      const contractId = input.contractId ?? before.contractId;
      const patch: Record<string, unknown> = {};
      if (input.date !== undefined) patch.date = input.date;
      if (input.amount !== undefined) patch.amount = input.amount;
      if (input.label !== undefined) patch.label = input.label;
      const contractChanged = input.contractId !== undefined && input.contractId !== before.contractId;
      if (contractChanged || input.clientId !== undefined || input.advisorId !== undefined) {
        // A new contract brings its client and advisor, unless they are given.
        const keep = (given: number | null | undefined, current: number | null) => (given !== undefined ? given : contractChanged ? undefined : current);
        Object.assign(patch, { contract_id: contractId }, await this.linksOf(trx, contractId, keep(input.clientId, before.clientId), keep(input.advisorId, before.advisorId)));
      }
      if (Object.keys(patch).length) await trx('commissions').where({ id }).update(patch);
      const after = await this.get(id, trx);
      await this.trace(trx, actor, 'update', before, after);
      return after;
    });
  }

  async delete(id: number, actor: Actor) {
    return this.knex.transaction(async (trx) => {
      const before = await this.lockedManual(trx, id, 'commission.importedNotDeleted');
      await trx('commissions').where({ id }).delete();
      await this.trace(trx, actor, 'delete', before, null);
      return before;
    });
  }

  /**
   * Client, advisor and the client's snapshot (number and name, kept once the client is
   * deleted) of a line on `contractId`: those given, else the contract's. The contract is
   * locked so that it cannot be deleted or moved to another client meanwhile.
   */
  private async linksOf(trx: Knex.Transaction, contractId: number | null, clientId: number | null | undefined, advisorId: number | null | undefined) {
    let contract: { client_id: number | null; advisor_id: number | null } | undefined;
    if (contractId !== null) {
      contract = await trx('contracts').select('client_id', 'advisor_id').where({ id: contractId }).forUpdate().first();
      if (!contract) throw badRequest({ code: 'contract.notFound', params: { id: String(contractId) } }, { contractId: { code: 'contract.notFoundField' } });
    }
    const client_id = clientId !== undefined ? clientId : (contract?.client_id ?? null);
    const advisor_id = advisorId !== undefined ? advisorId : (contract?.advisor_id ?? null);
    let snapshot = { client_number: null as string | null, client_name: null as string | null };
    if (client_id !== null) {
      const client = await trx('clients').select('client_number', 'last_name', 'first_name').where({ id: client_id }).first();
      if (!client) throw badRequest({ code: 'client.notFound', params: { id: String(client_id) } }, { clientId: { code: 'client.notFoundField' } });
      snapshot = { client_number: client.client_number, client_name: [client.last_name, client.first_name].filter(Boolean).join(' ') };
    }
    return { client_id, advisor_id, ...snapshot };
  }

  /** The line, locked, if it was entered by hand; an imported line answers 409. */
  private async lockedManual(trx: Knex.Transaction, id: number, refusal: 'commission.importedNotChanged' | 'commission.importedNotDeleted') {
    const row = await trx('commissions as m').select(COMMISSION_COLUMNS).where('m.id', id).forUpdate().first();
    if (!row) throw notFound({ code: 'commission.notFound', params: { id: String(id) } });
    const record = toCommissionRecord(row);
    if (record.source !== 'manual') {
      throw new HttpError(409, { code: refusal });
    }
    return record;
  }

  private async trace(trx: Knex.Transaction, actor: Actor, action: 'create' | 'update' | 'delete', before: CommissionFields | null, after: CommissionFields | null) {
    const changes = fieldChanges(AUDITED_FIELDS, before, after);
    if (action === 'update' && !Object.keys(changes).length) return;
    const record = (after ?? before)!;
    await this.audit.record(trx, actor, [{ action, recordType: 'commission', recordId: record.id, recordLabel: record.label ?? `Commission du ${record.date}`, changes }]);
  }

  private async write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.knex.transaction(work);
    } catch (error) {
      const pgError = databaseErrorOf(error);
      if (pgError.code === '23503' && pgError.constraint?.includes('advisor')) {
        throw badRequest({ code: 'advisor.chosenMissing' }, { advisorId: { code: 'advisor.notFoundField' } });
      }
      throw error;
    }
  }

  private filtered(filter: CommissionFilter) {
    return this.knex('commissions as m').modify((q) => {
      if (filter.id) q.whereIn('m.id', filter.id);
      if (filter.clientId) q.where('m.client_id', filter.clientId);
      if (filter.contractId) q.where('m.contract_id', filter.contractId);
      if (filter.advisorId) q.where('m.advisor_id', filter.advisorId);
      if (filter.importId) q.where('m.import_id', filter.importId);
      if (filter.source) q.where('m.source', filter.source);
      if (filter.dateFrom) q.where('m.date', '>=', filter.dateFrom);
      if (filter.dateTo) q.where('m.date', '<=', filter.dateTo);
      // Through the contracts_insurer_lower index, then commissions_contract_id.
      if (filter.insurer) q.whereRaw('m.contract_id IN (SELECT id FROM contracts WHERE lower(insurer) = lower(?))', [filter.insurer]);
      if (filter.q?.trim()) {
        q.whereRaw(
          `f_unaccent(lower(coalesce(m.label, '') || ' ' || coalesce(m.client_name, '') || ' ' || coalesce(m.client_number, '') || ' ' ||
             coalesce((SELECT k.contract_number FROM contracts k WHERE k.id = m.contract_id), ''))) LIKE '%' || f_unaccent(lower(?)) || '%'`,
          [escapeLike(filter.q.trim())],
        );
      }
    });
  }
}

function toCommissionRecord(row: Row<CommissionFields>): CommissionFields {
  return fieldsOfRow<CommissionFields>(COMMISSION_FIELDS, row);
}
