import type { Knex } from 'knex';
import type { Actor } from '../../shared/actor';
import { notFound } from '../http/httpError';
import type { ListQuery } from '../http/simpleRest';
import { refreshDirtyPairs } from './duplicateRefresh';
import { DEFAULT_MIN_SCORE, DUPLICATE_REASONS, type DuplicateReason } from './duplicateScore';
import { groupIdOf, type DuplicateFilter } from './duplicateSchemas';

interface PairRow {
  client_a: number;
  client_b: number;
  score: number;
  reasons: DuplicateReason[];
}

export interface DuplicateGroup {
  id: string;
  score: number;
  reasons: DuplicateReason[];
  clientIds: number[];
  pairs: { clientIds: [number, number]; score: number; reasons: DuplicateReason[] }[];
  clients: Record<string, unknown>[];
}

/**
 * The refresh done before a read: the edits made since the last read, bounded so that the page
 * answers quickly whatever is pending. An import's clients are refreshed by the worker once the
 * import completes (statementImportProcessor); while it does, reads skip the refresh (try-lock).
 */
const READ_REFRESH = { batch: 500, maxBatches: 1 };

/**
 * Groups of probable duplicates: the connected pairs of client_duplicate_pairs (kept current by
 * duplicateRefresh.ts), at or above the asked score. Grouping runs over the pairs only, never
 * over the clients: at a million clients that is a few thousand rows.
 */
export class DuplicateService {
  constructor(private readonly knex: Knex) {}

  async list({ sort, range, filter }: ListQuery<DuplicateFilter>) {
    await refreshDirtyPairs(this.knex, READ_REFRESH);
    const minScore = filter.minScore ?? DEFAULT_MIN_SCORE;
    const query = this.knex('client_duplicate_pairs as p').select('p.client_a', 'p.client_b', 'p.score', 'p.reasons').where('p.score', '>=', minScore);
    if (filter.advisorId !== undefined) {
      // As the clients list's advisor filter: the referent, or an advisor holding a contract.
      query.where((where) =>
        where
          .whereExists((q) => q.select(this.knex.raw('1')).from('clients as c').whereRaw('c.id IN (p.client_a, p.client_b)').where('c.advisor_id', filter.advisorId!))
          .orWhereExists((q) => q.select(this.knex.raw('1')).from('contracts as k').whereRaw('k.client_id IN (p.client_a, p.client_b)').where('k.advisor_id', filter.advisorId!)),
      );
    }
    if (filter.importId !== undefined) query.whereRaw(`${createdBy('p.client_a')} <> ${createdBy('p.client_b')}`, [filter.importId, filter.importId]);
    const groups = groupPairs(await query);
    const direction = sort.order === 'ASC' ? 1 : -1;
    groups.sort((x, y) => (sort.field === 'id' ? 0 : direction * (x.score - y.score)) || direction * (x.clientIds[0] - y.clientIds[0]));
    const page = groups.slice(range.start, range.end + 1);
    await this.attachClients(page);
    return { rows: page, total: groups.length };
  }

  /**
   * The import summary's warning: how many clients this import created look like a client it
   * did not create (another number for the same person), at the list's default score.
   */
  async importSummary(importId: number) {
    await refreshDirtyPairs(this.knex, READ_REFRESH);
    const { rows } = await this.knex.raw<{ rows: { n: number }[] }>(
      `SELECT count(DISTINCT CASE WHEN ${createdBy('p.client_a')} THEN p.client_a ELSE p.client_b END)::int AS n
         FROM client_duplicate_pairs p
        WHERE p.score >= ? AND ${createdBy('p.client_a')} <> ${createdBy('p.client_b')}`,
      [importId, DEFAULT_MIN_SCORE, importId, importId],
    );
    return { importId, newClientsLikeExisting: rows[0].n, minScore: DEFAULT_MIN_SCORE };
  }

  /** One group by its id: its clients and the pairs between them (dismissed ones excluded). */
  async get(clientIds: number[]): Promise<DuplicateGroup> {
    const pairs: PairRow[] = await this.knex('client_duplicate_pairs').select('client_a', 'client_b', 'score', 'reasons').whereIn('client_a', clientIds).whereIn('client_b', clientIds);
    const group = groupPairs(pairs).find((g) => g.clientIds.length === clientIds.length);
    const result: DuplicateGroup = group ?? { id: groupIdOf(clientIds), score: 0, reasons: [], clientIds, pairs: [], clients: [] };
    await this.attachClients([result]);
    if (result.clients.length !== clientIds.length) throw notFound({ code: 'duplicates.groupGone' });
    return result;
  }

  /**
   * "Pas un doublon": every pair of the group is dismissed for good (also pairs the refresh has
   * not found yet), and leaves the list.
   */
  async dismiss(clientIds: number[], actor: Actor) {
    return this.knex.transaction(async (trx) => {
      const found = await trx('clients').whereIn('id', clientIds).forShare().pluck('id');
      if (found.length !== clientIds.length) throw notFound({ code: 'duplicates.groupGone' });
      const rows: { client_a: number; client_b: number; dismissed_by: number | null }[] = [];
      for (let i = 0; i < clientIds.length; i++) for (let j = i + 1; j < clientIds.length; j++) rows.push({ client_a: clientIds[i], client_b: clientIds[j], dismissed_by: actor.userId });
      await trx('client_duplicate_dismissals').insert(rows).onConflict(['client_a', 'client_b']).ignore();
      await trx('client_duplicate_pairs').whereIn('client_a', clientIds).whereIn('client_b', clientIds).delete();
      return { id: groupIdOf(clientIds), clientIds, dismissed: true };
    });
  }

  private async attachClients(groups: DuplicateGroup[]) {
    const ids = groups.flatMap((g) => g.clientIds);
    if (!ids.length) return;
    const { rows } = await this.knex.raw<{ rows: Record<string, unknown>[] }>(
      `SELECT c.id, c.client_number AS "clientNumber", c.last_name AS "lastName", c.first_name AS "firstName", c.email, c.phone,
              c.address, c.advisor_id AS "advisorId", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version,
              (SELECT count(*)::int FROM contracts k WHERE k.client_id = c.id) AS contracts,
              (SELECT count(*)::int FROM commissions m WHERE m.client_id = c.id) AS commissions,
              coalesce((SELECT array_agg(a.client_number ORDER BY a.id) FROM client_aliases a WHERE a.client_id = c.id), '{}') AS aliases
         FROM clients c WHERE c.id = ANY(?::int[])`,
      [ids] as never,
    );
    const byId = new Map(rows.map((row) => [row.id as number, row]));
    for (const group of groups) group.clients = group.clientIds.map((id) => byId.get(id)).filter((c): c is Record<string, unknown> => !!c);
  }
}

/** SQL: whether the import bound to the next parameter created this client. */
const createdBy = (client: string) => `EXISTS (SELECT 1 FROM statement_import_clients t WHERE t.import_id = ? AND t.outcome = 'created' AND t.client_id = ${client})`;

/** Connected components of the pairs (union-find), each scored by its strongest pair. */
export function groupPairs(pairs: PairRow[]): DuplicateGroup[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root)! !== root) root = parent.get(root)!;
    // Path compression: later finds of these nodes are one step.
    for (let node = x; node !== root;) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { client_a, client_b } of pairs) {
    if (!parent.has(client_a)) parent.set(client_a, client_a);
    if (!parent.has(client_b)) parent.set(client_b, client_b);
    const [ra, rb] = [find(client_a), find(client_b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, { ids: Set<number>; pairs: PairRow[] }>();
  for (const pair of pairs) {
    const root = find(pair.client_a);
    const group = groups.get(root) ?? { ids: new Set<number>(), pairs: [] };
    group.ids.add(pair.client_a).add(pair.client_b);
    group.pairs.push(pair);
    groups.set(root, group);
  }
  return [...groups.values()].map(({ ids, pairs: groupPairs }) => {
    const clientIds = [...ids].sort((a, b) => a - b);
    const reasons = new Set(groupPairs.flatMap((p) => p.reasons));
    return {
      id: groupIdOf(clientIds),
      score: Math.max(...groupPairs.map((p) => p.score)),
      reasons: DUPLICATE_REASONS.filter((r) => reasons.has(r)),
      clientIds,
      pairs: groupPairs.map((p) => ({ clientIds: [p.client_a, p.client_b] as [number, number], score: p.score, reasons: p.reasons })),
      clients: [],
    };
  });
}
