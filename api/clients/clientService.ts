import type { Knex } from 'knex';
import { clientChanges, type AuditTrail } from '../audit/auditTrail';
import { clientLabel } from '../../shared/clientLabel';
import type { Actor } from '../../shared/actor';
import { advisorNameKey, frenchNameKey } from '../database/frenchOrder';
import { fetchPage } from '../listing/listPage';
import { DEFAULT_LIST_TUNING, type ListTuning } from '../listing/listTuning';
import { notFound } from '../http/httpError';
import type { ListQuery } from '../http/simpleRest';
import { Client } from './clientModel';
import type { ClientRecord } from '../../shared/entities/client';
import { advisorsOfClient } from './clientAdvisors';
import { clientWriteError, missingClient, staleClientUpdate } from './clientConflicts';
import { retriedTransaction } from '../database/transactions';
import { deleteClients, setReferentAdvisor, unlinkSummary, type LockClients } from './clientBulkActions';
import type { ClientFilter, ClientInput, ClientUpdate } from './clientSchemas';
import { ACTIVE_CONTRACTS_SQL, clientColumns, toClientRecord, type ClientRow } from './clientRecord';
import { findSimilarClients, type SimilarClientsQuery } from './clientSimilar';
import { applySearch, applyTolerantSearch, broadSearchPage, knownSearchMatches, searchList, type MatchedBy, type SearchRanking } from './search/clientSearch';

/** API field → SQL expression it sorts on. `id` breaks ties so pages never overlap. */
const SORT_COLUMNS: Record<string, string> = {
  id: 'c.id',
  // French order (accents and case ignored), last name then first name: the stored sort_key,
  // under the clients_sort_key (sort_key, id) index that serves the default page.
  lastName: 'c.sort_key',
  relevance: 'c.sort_key',
  firstName: frenchNameKey('c.first_name'),
  clientNumber: 'c.client_number',
  email: 'c.email',
  phone: 'c.phone',
  activeContracts: ACTIVE_CONTRACTS_SQL,
  // "Conseiller référent" sorts by the advisor's name, as the column shows it.
  advisorId: advisorNameKey('c.advisor_id'),
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

export class ClientService {
  constructor(
    private readonly knex: Knex,
    private readonly audit: AuditTrail,
    /** How the list reads its pages; a test scales it down to reach every way on a small dataset. */
    private readonly tuning: ListTuning = DEFAULT_LIST_TUNING,
  ) {}

  /**
   * The list, one page. A search (`q`) reads it as search/clientSearch.ts says: ranked when sorted
   * by `relevance`, widened to close names when the exact matches are few. Sorted by a column,
   * the search stays exact, in that order. Either way each row says why it matched (`matchedBy`).
   */
  async list(query: ListQuery<ClientFilter>) {
    if (!query.filter.q?.trim()) return this.listPage(query);
    return searchList(this.knex, query, {
      page: (pageQuery, ranking, ranked, tolerant) => this.listPage(pageQuery, ranking, ranked, tolerant),
      exactIds: (filter) => this.applyFilter(this.knex('clients as c'), filter).pluck('c.id'),
    });
  }

  private async listPage({ sort, range, filter }: ListQuery<ClientFilter>, ranking?: SearchRanking, ranked = false, tolerant?: string) {
    const filtered = this.applyFilter(this.knex('clients as c'), filter, tolerant);
    const select = (query: Knex.QueryBuilder) => query.select(clientColumns(this.knex)).modify((q) => (ranking ? q.select(this.knex.raw('? AS matched_by', [ranking.matchedBy])) : q));
    const byName = sort.field === 'lastName' || sort.field === 'relevance';
    const page = await fetchPage<ClientRow & { matched_by?: MatchedBy }>(filtered, {
      tuning: this.tuning,
      counter: 'clients',
      select,
      // For the default sort this ORDER BY matches the clients_sort_key index: the page is
      // read from the index and the activeContracts subquery runs for the page's rows only.
      orderBy: ranked && ranking ? ranking.orderBy : SORT_COLUMNS[sort.field],
      // With tolerant rows, always ranked: name order past WHOLE_MATCHES_LIMIT would bury the exact ones.
      manyMatchesOrderBy: ranked && !tolerant ? SORT_COLUMNS[sort.field] : undefined,
      order: sort.order,
      tieBreaker: 'c.id',
      range,
      // In name order, a broad search reads its page from the sort-key index (clientSearch.ts).
      knownMatches: this.knownMatches(filter),
      manyMatches: byName && filter.q && !tolerant ? (matching) => broadSearchPage(this.knex, filtered, { q: filter.q!, matching, order: sort.order, range, select, tuning: this.tuning }) : undefined,
      orderedTable: byName && !tolerant ? (rows) => this.knex.raw(`(SELECT * FROM clients ORDER BY sort_key ${sort.order}, id ${sort.order} LIMIT ?) AS c`, [rows]) : undefined,
    });
    return { ...page, rows: page.rows.map((row): ClientRecord & { matchedBy?: MatchedBy } => (ranking ? { ...toClientRecord(row), matchedBy: row.matched_by } : toClientRecord(row))) };
  }

  async get(id: number, knex: Knex = this.knex): Promise<ClientRecord> {
    const row = await this.selectClients(knex).where('c.id', id).first();
    if (!row) throw notFound({ code: 'client.notFound', params: { id: String(id) } });
    return toClientRecord(row);
  }

  async create(input: ClientInput, actor: Actor): Promise<ClientRecord> {
    return this.write(input, async (trx) => {
      const { id } = await Client.query(trx).insert(input).returning('id');
      const created = await this.get(id, trx);
      await this.trace(trx, actor, 'create', null, created);
      return created;
    });
  }

  /**
   * Optimistic concurrency: with `version` (the one the form was opened on) the update applies
   * only to that version. The row is locked before the comparison, so no other writer can slip
   * in between the check and the write; the trigger clients_bump_version then moves it on.
   */
  async update(id: number, { version, ...input }: ClientUpdate, actor: Actor): Promise<ClientRecord> {
    return this.write(input, async (trx) => {
      const before = await this.lockedGet(trx, id);
      if (version !== undefined && version !== before.version) throw await staleClientUpdate(trx, before);
      await Client.query(trx)
        .findById(id)
        .patch({ ...input, updatedAt: trx.fn.now() as unknown as Date });
      const after = await this.get(id, trx);
      await this.trace(trx, actor, 'update', before, after);
      return after;
    });
  }

  async delete(id: number, actor: Actor): Promise<ClientRecord> {
    return retriedTransaction(this.knex, async (trx) => {
      const before = await this.lockedGet(trx, id);
      // Foreign keys do the rest, in this same statement: contracts.client_id and
      // commissions.client_id become NULL (commissions keep their client snapshot).
      await Client.query(trx).deleteById(id);
      await this.trace(trx, actor, 'delete', before, null);
      return before;
    });
  }

  /** Deletes all the given clients or none of them. */
  async deleteMany(ids: number[], actor: Actor): Promise<number[]> {
    return retriedTransaction(this.knex, (trx) => deleteClients(trx, this.audit, actor, ids, this.lockClients));
  }

  /** Sets one referent advisor on all the given clients, or on none of them. */
  async setReferentMany(ids: number[], advisorId: number | null, actor: Actor): Promise<number[]> {
    return retriedTransaction(this.knex, (trx) => setReferentAdvisor(trx, this.audit, actor, ids, advisorId, this.lockClients));
  }

  /** Contracts and commission lines a delete of these clients would unlink (the delete dialogs). */
  unlinkSummary(ids: number[]) {
    return unlinkSummary(this.knex, ids);
  }

  /** "Conseillers": the referent, then the advisors holding the client's contracts (see clientAdvisors.ts). */
  async advisorsOf(id: number) {
    const client = await this.get(id);
    return advisorsOfClient(this.knex, id, client.advisorId);
  }

  /** Existing clients that look like the one being typed (see clientSimilar.ts). */
  findSimilar(input: SimilarClientsQuery) {
    return findSimilarClients(this.knex, input);
  }

  /**
   * Clients that surely match, counted from an index alone, so that the count does not read them:
   * a one-word search (clientSearch.ts), or, exactly, an advisor's or an import's clients read
   * from the primary key of client_advisors or statement_import_clients (one entry per client).
   */
  private knownMatches(filter: ClientFilter) {
    const only = soleFilter(filter);
    const counted = (pairs: Knex.QueryBuilder) => (limit: number) => this.knex.raw('(SELECT count(*) FROM (?) pairs)', [pairs.clone().select(this.knex.raw('1')).limit(limit)]);
    if (only === 'q') return knownSearchMatches(this.knex, filter.q);
    if (only === 'advisorId') return { exact: true, count: counted(this.knex('client_advisors').where('advisor_id', filter.advisorId!)) };
    if (filter.importId && Object.keys(filter).every((key) => ['importId', 'importOutcome'].includes(key) || filter[key as keyof ClientFilter] == null)) {
      const clients = this.knex('statement_import_clients').where('import_id', filter.importId);
      return { exact: true, count: counted(filter.importOutcome ? clients.where('outcome', filter.importOutcome) : clients) };
    }
    return undefined;
  }

  // In id order, as every writer of clients locks them (see transactions.ts).
  private readonly lockClients: LockClients = async (trx, ids) => (await this.selectClients(trx).whereIn('c.id', ids).orderBy('c.id').forUpdate('c')).map(toClientRecord);

  private selectClients(knex: Knex = this.knex) {
    return knex('clients as c').select(clientColumns(knex));
  }

  private applyFilter(query: Knex.QueryBuilder, filter: ClientFilter, tolerant?: string) {
    if (filter.id) query.whereIn('c.id', filter.id);
    if (filter.importId) {
      // Each client an import touched is filed once, with its outcome (statement_import_clients).
      query.whereExists(
        this.knex('statement_import_clients as t')
          .whereRaw('t.client_id = c.id')
          .where('t.import_id', filter.importId)
          .modify((q) => (filter.importOutcome ? q.where('t.outcome', filter.importOutcome) : q)),
      );
    }
    if (filter.advisorId) {
      // The spec's advisor–client relation (the referent advisor, or any advisor holding one of
      // the client's contracts), kept by triggers in client_advisors (migration 20261127_09): one
      // primary-key probe per client read in name order, or a range scan of the advisor's pairs.
      query.whereExists(this.knex('client_advisors as ca').whereRaw('ca.client_id = c.id').where('ca.advisor_id', filter.advisorId));
    }
    if (tolerant) applyTolerantSearch(this.knex, query, filter.q!, tolerant);
    else applySearch(query, filter.q);
    return query;
  }

  private async trace(trx: Knex.Transaction, actor: Actor, action: 'create' | 'update' | 'delete', before: ClientRecord | null, after: ClientRecord | null) {
    const changes = clientChanges(before, after);
    if (action === 'update' && !Object.keys(changes).length) return;
    const record = (after ?? before)!;
    await this.audit.record(trx, actor, [{ action, recordType: 'client', recordId: record.id, recordLabel: clientLabel(record), changes }]);
  }

  private async lockedGet(trx: Knex.Transaction, id: number): Promise<ClientRecord> {
    const row = await this.selectClients(trx).where('c.id', id).forUpdate('c').first();
    if (!row) throw await missingClient(trx, id);
    return toClientRecord(row);
  }

  /**
   * Runs a create or update, turning the constraints' verdicts into answers the form can show:
   * the unique client number (decided by the database, so concurrent writers cannot both win)
   * and the advisor foreign key.
   */
  private async write<T>(input: Omit<ClientUpdate, 'version'>, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await retriedTransaction(this.knex, work);
    } catch (error) {
      return clientWriteError(this.knex, error, input.clientNumber);
    }
  }
}

/** The one filter the list carries, when it carries exactly one. */
function soleFilter(filter: ClientFilter): keyof ClientFilter | undefined {
  const set = (Object.keys(filter) as (keyof ClientFilter)[]).filter((key) => filter[key] !== undefined && filter[key] !== null);
  return set.length === 1 ? set[0] : undefined;
}

// Other modules read clients with the same columns and shape.
export { toClientRecord } from './clientRecord';
