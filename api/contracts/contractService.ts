import type { Knex } from 'knex';
import { AuditTrail, fieldChanges } from '../audit/auditTrail';
import type { Actor } from '../../shared/actor';
import { databaseErrorOf } from '../database/databaseError';
import type { Message } from '../../shared/messages/message';
import { advisorNameKey } from '../database/frenchOrder';
import { escapeLike } from '../listing/likePattern';
import { fetchPage } from '../listing/listPage';
import { HttpError, badRequest, notFound } from '../http/httpError';
import type { ListQuery } from '../http/simpleRest';
import { contractIsActive } from './contractActivity';
import { Contract } from './contractModel';
import { AUDITED_CONTRACT_FIELDS, CONTRACT_FIELDS, type ContractFields, type ContractRecord } from '../../shared/entities/contract';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';
import type { ContractFilter, ContractInput, ContractUpdate } from './contractSchemas';

export { CONTRACT_SORTABLE, contractFilterSchema } from './contractSchemas';

const SORT_COLUMNS: Record<string, string> = {
  id: 'k.id',
  contractNumber: 'k.contract_number',
  // The Client and Advisor columns sort by the names they show, in French order.
  clientId: '(SELECT c.sort_key FROM clients c WHERE c.id = k.client_id)',
  advisorId: advisorNameKey('k.advisor_id'),
  product: 'k.product',
  insurer: 'k.insurer',
  status: 'k.status',
  startDate: 'k.start_date',
  endDate: 'k.end_date',
  // "Active first" on a client's Contrats tab.
  active: contractIsActive('k'),
};

/**
 * Contracts: written by statement imports (by number) and by the firm itself.
 * Every write runs in one transaction with its audit entry; a read that decides a write locks
 * the row first.
 */
export class ContractService {
  constructor(
    private readonly knex: Knex,
    // The trail is stateless over the same database: app.ts need not pass it.
    private readonly audit: AuditTrail = new AuditTrail(knex),
  ) {}

  async list({ sort, range, filter }: ListQuery<ContractFilter>) {
    const page = await fetchPage<ContractRow>(this.filtered(filter), {
      counter: 'contracts',
      select: (q) => q.select(contractColumns(this.knex)),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'k.id',
      range,
    });
    return { ...page, rows: page.rows.map(toContractRecord) };
  }

  async get(id: number, knex: Knex = this.knex): Promise<ContractRecord> {
    const row = await knex('contracts as k').select(contractColumns(knex)).where('k.id', id).first();
    if (!row) throw notFound({ code: 'contract.notFound', params: { id: String(id) } });
    return toContractRecord(row);
  }

  /** The insurers named on contracts, for the lists' insurer filter. */
  async insurers(): Promise<Array<{ id: string; name: string }>> {
    const rows: Array<{ insurer: string }> = await this.knex('contracts').distinct('insurer').whereNotNull('insurer').orderBy('insurer').limit(500);
    return rows.map(({ insurer }) => ({ id: insurer, name: insurer }));
  }

  async create(input: ContractInput, actor: Actor): Promise<ContractRecord> {
    checkDates(input.startDate, input.endDate);
    return this.write(input.contractNumber, async (trx) => {
      const { id } = await Contract.query(trx).insert(input).returning('id');
      const created = await this.get(id, trx);
      await this.trace(trx, actor, 'create', null, created);
      return created;
    });
  }

  async update(id: number, input: ContractUpdate, actor: Actor): Promise<ContractRecord> {
    return this.write(input.contractNumber, async (trx) => {
      const before = await this.lockedGet(trx, id);
      checkDates(input.startDate === undefined ? before.startDate : input.startDate, input.endDate === undefined ? before.endDate : input.endDate);
      await Contract.query(trx)
        .findById(id)
        .patch({ ...input, updatedAt: trx.fn.now() } as Partial<Contract>);
      const after = await this.get(id, trx);
      await this.trace(trx, actor, 'update', before, after);
      return after;
    });
  }

  /** "Résilier": status terminated, ended on `endDate` (today in Paris by default). */
  async terminate(id: number, endDate: string | null | undefined, actor: Actor): Promise<ContractRecord> {
    return this.knex.transaction(async (trx) => {
      const before = await this.lockedGet(trx, id);
      if (before.status === 'terminated') {
        const refusal: Message = before.endDate
          ? { code: 'contract.alreadyTerminatedSince', params: { number: before.contractNumber, endDate: before.endDate } }
          : { code: 'contract.alreadyTerminated', params: { number: before.contractNumber } };
        throw new HttpError(409, refusal, { status: { code: 'contract.alreadyTerminatedField' } });
      }
      const end = endDate ?? (await trx.raw<{ rows: Array<{ today: string }> }>('SELECT firm_today()::text AS today')).rows[0].today;
      checkDates(before.startDate, end);
      await trx('contracts').where({ id }).update({ status: 'terminated', end_date: end, updated_at: trx.fn.now() });
      const after = await this.get(id, trx);
      await this.trace(trx, actor, 'update', before, after);
      return after;
    });
  }

  /** Commissions stay, unlinked (commissions.contract_id is ON DELETE SET NULL), like a deleted client's. */
  async delete(id: number, actor: Actor): Promise<ContractRecord> {
    return this.knex.transaction(async (trx) => {
      const before = await this.lockedGet(trx, id);
      await trx('contracts').where({ id }).delete();
      await this.trace(trx, actor, 'delete', before, null);
      return before;
    });
  }

  private filtered(filter: ContractFilter) {
    return this.knex('contracts as k').modify((q) => {
      if (filter.id) q.whereIn('k.id', filter.id);
      if (filter.clientId) q.where('k.client_id', filter.clientId);
      if (filter.advisorId) q.where('k.advisor_id', filter.advisorId);
      // Same expression as the contracts_insurer_lower index.
      if (filter.insurer) q.whereRaw('lower(k.insurer) = lower(?)', [filter.insurer]);
      if (filter.status === 'active') q.whereRaw(contractIsActive('k'));
      if (filter.status === 'terminated') q.whereRaw(`NOT ${contractIsActive('k')}`);
      if (filter.q?.trim()) {
        q.whereRaw(`f_unaccent(lower(k.contract_number || ' ' || coalesce(k.product, ''))) LIKE '%' || f_unaccent(lower(?)) || '%'`, [escapeLike(filter.q.trim())]);
      }
    });
  }

  private async lockedGet(trx: Knex.Transaction, id: number): Promise<ContractRecord> {
    const row = await trx('contracts as k').select(contractColumns(trx)).where('k.id', id).forUpdate('k').first();
    if (!row) throw notFound({ code: 'contract.notFound', params: { id: String(id) } });
    return toContractRecord(row);
  }

  private async trace(trx: Knex.Transaction, actor: Actor, action: 'create' | 'update' | 'delete', before: ContractRecord | null, after: ContractRecord | null) {
    const changes = fieldChanges(AUDITED_CONTRACT_FIELDS, before, after);
    if (action === 'update' && !Object.keys(changes).length) return;
    const record = (after ?? before)!;
    await this.audit.record(trx, actor, [{ action, recordType: 'contract', recordId: record.id, recordLabel: record.contractNumber, changes }]);
  }

  /**
   * Runs a create or update, turning the constraints' verdicts into answers the form shows: the
   * unique number (decided by the database, so concurrent writers cannot both win) and the
   * client and advisor foreign keys.
   */
  private async write<T>(contractNumber: string | undefined, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.knex.transaction(work);
    } catch (error) {
      const pgError = databaseErrorOf(error);
      if (pgError.code === '23505' && pgError.constraint === 'contracts_contract_number_key' && contractNumber) {
        throw await this.numberTaken(contractNumber);
      }
      if (pgError.code === '23503' && pgError.constraint?.includes('client')) {
        throw badRequest({ code: 'client.chosenMissing' }, { clientId: { code: 'client.notFoundField' } });
      }
      if (pgError.code === '23503' && pgError.constraint?.includes('advisor')) {
        throw badRequest({ code: 'advisor.chosenMissing' }, { advisorId: { code: 'advisor.notFoundField' } });
      }
      throw error;
    }
  }

  private async numberTaken(contractNumber: string) {
    const holder = await this.knex('contracts as k')
      .leftJoin('clients as c', 'c.id', 'k.client_id')
      .select('k.id', 'k.contract_number', 'c.last_name', 'c.first_name')
      .whereRaw('k.contract_number_key = f_number_key(?)', [contractNumber])
      .first();
    const client = holder?.last_name ? [holder.last_name, holder.first_name].filter(Boolean).join(' ') : undefined;
    const named: Message | undefined = holder && {
      code: client ? 'contract.holderOfClient' : 'contract.holder',
      params: { number: holder.contract_number, id: String(holder.id), ...(client ? { client } : {}) },
    };
    if (!named) return new HttpError(409, { code: 'contract.numberTaken', params: { number: contractNumber } }, { contractNumber: { code: 'record.numberUsed' } });
    return new HttpError(409, { code: 'contract.numberTakenBy', params: { number: contractNumber, holder: named } }, { contractNumber: { code: 'record.numberUsedBy', params: { holder: named } } });
  }
}

/** An end date before the start date is refused (400), on the end date's input. */
function checkDates(startDate: string | null | undefined, endDate: string | null | undefined) {
  if (startDate && endDate && endDate < startDate) {
    throw badRequest(
      { code: 'contract.endBeforeStart', params: { endDate, startDate } },
      {
        endDate: { code: 'contract.endBeforeStartField' },
      },
    );
  }
}

type ContractRow = Row<ContractFields> & { active: boolean };

function contractColumns(knex: Knex) {
  return [...CONTRACT_FIELDS.map((field) => `k.${columnName(field)}`), knex.raw(`${contractIsActive('k')} AS active`)];
}

function toContractRecord(row: ContractRow): ContractRecord {
  return { ...fieldsOfRow<ContractFields>(CONTRACT_FIELDS, row), active: Boolean(row.active) };
}
