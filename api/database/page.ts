import type { Knex } from 'knex';

/**
 * Totals up to this many rows are counted exactly. Past it, counting every match of a broad
 * filter over a million clients would cost more than the page itself, so the planner's
 * estimate is used and the answer says so (`estimated: true`, header X-Total-Estimated).
 */
export const EXACT_COUNT_LIMIT = 1000;

/**
 * An unfiltered list of a table the planner puts above this many rows is not counted at all:
 * its total is the estimate (the capped count could only say "more than 1,000").
 */
const UNCOUNTED_TABLE_ROWS = 100 * EXACT_COUNT_LIMIT;

/**
 * - fewMatches: past the exact count, up to this many estimated matches are read whole (their
 *   ids and sort keys through the filter's index): cheaper than trying another way first.
 * - walkedRows: the most rows a bounded walk of the sort index reads before giving up.
 * - spreadShare: matches above this share of the table are read by walking the sort index.
 * Tests change them to reach every way of reading a page on a small dataset.
 */
export const pageTuning = { fewMatches: 5 * EXACT_COUNT_LIMIT, walkedRows: 5_000, spreadShare: 0.1 };

/** How long a table's estimated size is reused (it only decides strategies and unfiltered totals). */
const TABLE_ESTIMATE_TTL_MS = 30_000;

export interface Page<T> {
  rows: T[];
  total: number;
  estimated: boolean;
}

interface PageOptions<T> {
  select: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
  /** SQL expression over the filtered table (not an output alias). */
  orderBy: string;
  order: 'ASC' | 'DESC';
  tieBreaker: string;
  range: { start: number; end: number };
  /**
   * The page when the filter matches more than EXACT_COUNT_LIMIT rows, read a cheaper way than
   * the generic ones (undefined: it cannot, the generic way is used). See clientSearch.ts.
   */
  manyMatches?: (estimate: Promise<number>) => Promise<T[] | undefined>;
  /**
   * A boolean SQL expression, true only when more than EXACT_COUNT_LIMIT rows surely match,
   * cheaper than counting them: when true, the capped count does not run. See clientSearch.ts.
   */
  manyProof?: Knex.Raw;
  /**
   * Rows of the table the filter starts from read in `orderBy` order, for a bounded walk:
   * `(rows) => subquery` standing in for the table, aliased as the filter expects.
   */
  orderedTable?: (rows: number) => Knex.Raw;
}

/**
 * One page of a filtered query plus its total, as the list endpoints answer them.
 * `filtered` holds the FROM and WHERE clauses only; `select` adds the columns of the page.
 *
 * Statements per request: an unfiltered list of a large table, one (the page; the total is the
 * estimate). Otherwise one statement counts up to EXACT_COUNT_LIMIT + 1 matches and, from those
 * same matches, answers the page: when there are no more, that is the whole answer. Past the
 * limit, the planner's estimate (one EXPLAIN, no execution) gives the total, beside the page.
 */
export async function fetchPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>): Promise<Page<T>> {
  const orderSql = `${options.orderBy} ${options.order}, ${options.tieBreaker} ${options.order}`;
  const limit = options.range.end - options.range.start + 1;
  const unfiltered = isUnfiltered(filtered);
  if (unfiltered) {
    const tableRows = await estimateTableRows(filtered);
    if (tableRows > UNCOUNTED_TABLE_ROWS) {
      const rows = await options.select(filtered.clone()).orderByRaw(orderSql).offset(options.range.start).limit(limit);
      return { rows: rows as T[], total: tableRows, estimated: true };
    }
  }

  const counted = await countedPage<T>(filtered, options, orderSql);
  if (!counted.provenMany && counted.total <= EXACT_COUNT_LIMIT) return { rows: counted.rows, total: counted.total, estimated: false };

  // The planner's estimate (planning only) is the total, and picks the way to read the page.
  const estimate = estimateRows(filtered);
  estimate.catch(() => undefined); // awaited below; a rejection is not left unhandled meanwhile
  const rows = (await options.manyMatches?.(estimate)) ?? (await manyMatchesPage<T>(filtered, options, orderSql, await estimate));
  return { rows, total: Math.max(await estimate, EXACT_COUNT_LIMIT + 1), estimated: true };
}

/**
 * The capped count and, from the same capped matches, the page (exact when they are all of
 * them), in one statement. Matches are fetched through the filter's own index with their sort
 * key only (the materialised CTE keeps PostgreSQL from merging it with the ORDER BY), the
 * page's ids are picked from them, and only those rows are read in full.
 */
async function countedPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>, orderSql: string): Promise<{ rows: T[]; total: number; provenMany: boolean }> {
  const knex = filtered.client;
  const keys = filtered
    .clone()
    .clearSelect()
    .clearOrder()
    .select({ id: knex.raw(options.tieBreaker), sort_key: knex.raw(options.orderBy) })
    .limit(EXACT_COUNT_LIMIT + 1);
  // The proof runs first (an InitPlan); when it holds, the matches are not read at all.
  if (options.manyProof) keys.whereRaw('NOT (SELECT proven FROM proof)');
  const pageIds = knex
    .queryBuilder()
    .select('id')
    .from('matches')
    .orderByRaw(`sort_key ${options.order}, id ${options.order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const page = options.select(filtered.clone()).select(knex.raw('true AS __page_row')).whereIn(knex.raw(options.tieBreaker), pageIds).orderByRaw(orderSql);
  const proof = options.manyProof ?? knex.raw('false');
  const { rows } = await knex.raw(
    `WITH proof AS MATERIALIZED (SELECT (?) AS proven), matches AS MATERIALIZED (?)
     SELECT page.*, counted.total AS __total, (SELECT proven FROM proof) AS __proven
     FROM (SELECT count(*)::int AS total FROM matches) counted LEFT JOIN LATERAL (?) page ON true`,
    [proof, keys, page],
  );
  return {
    total: rows[0].__total,
    provenMany: rows[0].__proven === true,
    rows: rows.filter((row: Record<string, unknown>) => row.__page_row).map(({ __page_row, __total, __proven, ...row }: Record<string, unknown>) => row as T),
  };
}

/** The page among more than EXACT_COUNT_LIMIT matches, when no cheaper way was given. */
async function manyMatchesPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>, orderSql: string, matching: number): Promise<T[]> {
  const knex = filtered.client;
  const limit = options.range.end - options.range.start + 1;
  const tableRows = await estimateTableRows(filtered);
  if (matching >= tableRows * pageTuning.spreadShare) {
    // Many, evenly spread matches: walking the sort column's index and filtering finds a page quickly.
    return (await options.select(filtered.clone()).orderByRaw(orderSql).offset(options.range.start).limit(limit)) as T[];
  }
  if (options.orderedTable) {
    // A few percent of the table: if they are spread along the order, the first rows of the
    // index hold the page. The walk is bounded (it reads `scanned` rows at most, then gives up):
    // matches gathered in one part of the order (a common last name) would make it read half
    // the table.
    // Four times the rows that hold the page if the matches are spread evenly; only for matches
    // dense enough (a few percent) that this stays a few thousand rows.
    const scanned = Math.ceil((4 * (options.range.end + 1) * tableRows) / Math.max(matching, 1));
    if (matching > pageTuning.fewMatches && scanned <= pageTuning.walkedRows) {
      const walked = await options
        .select(filtered.clone().from(options.orderedTable(scanned)))
        .orderByRaw(orderSql)
        .offset(options.range.start)
        .limit(limit);
      if (walked.length === limit) return walked as T[];
    }
  }
  // Fewer or gathered matches: read them all through the filter's index with their sort key only,
  // pick the page's ids, and read only those rows in full.
  const keys = filtered.clone().clearSelect().clearOrder().select({ id: knex.raw(options.tieBreaker), sort_key: knex.raw(options.orderBy) });
  const pageIds = knex
    .queryBuilder()
    .withMaterialized('matches', keys)
    .select('id')
    .from('matches')
    .orderByRaw(`sort_key ${options.order}, id ${options.order}`)
    .offset(options.range.start)
    .limit(limit);
  return (await options.select(filtered.clone()).whereIn(knex.raw(options.tieBreaker), pageIds).orderByRaw(orderSql)) as T[];
}

/**
 * Whether the query has no WHERE clause (joins aside): then its size is the table's. Read from
 * the builder's statements (Knex keeps every where*() there, grouping 'where') rather than by
 * compiling the query twice on every request.
 */
function isUnfiltered(query: Knex.QueryBuilder) {
  const statements = (query as unknown as { _statements?: { grouping: string }[] })._statements;
  return Array.isArray(statements) && !statements.some((statement) => statement.grouping === 'where');
}

/** The query's matching rows, without their columns or order: what counting and estimating need. */
function matchesOnly(query: Knex.QueryBuilder) {
  return query.clone().clearSelect().clearOrder().select(query.client.raw('1'));
}

export async function estimateRows(query: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = matchesOnly(query).toSQL();
  const plan = await query.client.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  return Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}

/** Estimates of whole tables, per database (Knex client) and query text, reused for a while. */
const tableEstimates = new WeakMap<object, Map<string, { rows: number; at: number }>>();

/** The planner's size of the table the query reads (its WHERE left out), from a short-lived cache. */
async function estimateTableRows(query: Knex.QueryBuilder): Promise<number> {
  const table = query.clone().clearWhere();
  const key = matchesOnly(table).toSQL().sql;
  let cache = tableEstimates.get(query.client);
  if (!cache) tableEstimates.set(query.client, (cache = new Map()));
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < TABLE_ESTIMATE_TTL_MS) return cached.rows;
  const rows = await estimateRows(table);
  cache.set(key, { rows, at: Date.now() });
  return rows;
}

/** Escapes LIKE wildcards typed by a user. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
