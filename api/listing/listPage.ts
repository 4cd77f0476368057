import type { Knex } from 'knex';
import { DEFAULT_LIST_TUNING, WHOLE_MATCHES_LIMIT, type ListTuning } from './listTuning';
import { COMPACT_AFTER_DELTAS, compactRowCount, tableRowCount } from './rowCounts';

export interface Page<T> {
  rows: T[];
  /** The number of matches; when `capped`, the count stopped there: there are more than `total`. */
  total: number;
  capped: boolean;
}

export interface PageOptions<T> {
  /** The table whose row count (table_row_counts, migration 20261203_01) is the unfiltered total. */
  counter: string;
  select: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
  /** SQL over the filtered table (not an output alias); a Raw carries its own bindings. */
  orderBy: string | Knex.Raw;
  order: 'ASC' | 'DESC';
  tieBreaker: string;
  range: { start: number; end: number };
  /**
   * The page when the filter matches more than WHOLE_MATCHES_LIMIT rows, read a cheaper way than
   * the generic ones (undefined: it cannot, the generic way is used). `matching` is the exact
   * count, or past COUNT_CAP the planner's estimate (at least COUNT_CAP + 1). See clientSearch.ts.
   */
  manyMatches?: (matching: Promise<number>) => Promise<T[] | undefined>;
  /**
   * Rows that surely match, counted up to `limit` more cheaply than the filter itself (an index
   * alone): `exact` when they are all the matches. See clientService.ts and clientSearch.ts.
   */
  knownMatches?: { count: (limit: number) => Knex.Raw; exact: boolean };
  /**
   * Rows of the table the filter starts from read in `orderBy` order, for a bounded walk:
   * `(rows) => subquery` standing in for the table, aliased as the filter expects.
   */
  orderedTable?: (rows: number) => Knex.Raw;
  /**
   * The order past WHOLE_MATCHES_LIMIT matches, when `orderBy` is one only worth computing on
   * few rows (a search's ranking): the many-matches ways then read the page in this order.
   */
  manyMatchesOrderBy?: string | Knex.Raw;
  /** The thresholds that choose a way of reading; DEFAULT_LIST_TUNING unless a test scales them to its dataset. */
  tuning?: ListTuning;
}

/**
 * One page of a filtered query plus its total, as the list endpoints answer them.
 * `filtered` holds the FROM and WHERE clauses only; `select` adds the columns of the page.
 *
 * Unfiltered: one statement, the page beside the table's kept row count. Filtered: one
 * statement counts the matches (up to COUNT_CAP + 1) and, when there are at most
 * WHOLE_MATCHES_LIMIT, answers the page from those same matches. Past that, the page is read
 * apart, by the cheapest way the count (or past the cap, the planner's estimate) points to.
 */
export async function fetchPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>): Promise<Page<T>> {
  const orderSql = orderOf(filtered.client, options);
  if (isUnfiltered(filtered)) return unfilteredPage<T>(filtered, options, orderSql);

  const tuning = options.tuning ?? DEFAULT_LIST_TUNING;
  // Never less than the page's end: a capped total then always means there is a next page.
  const cap = Math.max(tuning.countCap, options.range.end + 1);
  const many = options.manyMatchesOrderBy ? { ...options, orderBy: options.manyMatchesOrderBy } : options;
  const manyOrderSql = orderOf(filtered.client, many);
  const counted = await countedPage<T>(filtered, options, orderSql, { cap, fewMatches: tuning.fewMatches, manyKey: cheapKey(many.orderBy) });
  const page = { total: Math.min(counted.matches, cap), capped: counted.matches > cap };
  if (counted.rows) return { ...page, rows: counted.rows };
  if (counted.pageIds) return { ...page, rows: (await options.select(filtered.clone()).whereIn(filtered.client.raw(options.tieBreaker), counted.pageIds).orderByRaw(manyOrderSql)) as T[] };

  const matching = page.capped ? estimateRows(filtered).then((estimate) => Math.max(estimate, cap + 1)) : Promise.resolve(page.total);
  matching.catch(() => undefined); // awaited below; a rejection is not left unhandled meanwhile
  const rows = (await options.manyMatches?.(matching)) ?? (await manyMatchesPage<T>(filtered, many, manyOrderSql, await matching));
  return { ...page, rows };
}

/** A column of the row: free to read in the filter's own scan, unlike a computed order (a ranking, a count). */
function cheapKey(orderBy: string | Knex.Raw): string | undefined {
  return typeof orderBy === 'string' && /^[a-z_]+\.[a-z_]+$/.test(orderBy) ? orderBy : undefined;
}

/** `orderBy order, tieBreaker order`: the list's order, its ties broken by the row's id. */
function orderOf(knex: Knex.Client, options: Pick<PageOptions<unknown>, 'orderBy' | 'order' | 'tieBreaker'>): Knex.Raw {
  return knex.raw(`? ${options.order}, ${options.tieBreaker} ${options.order}`, [sqlOf(knex, options.orderBy)]) as Knex.Raw;
}

function sqlOf(knex: Knex.Client, expression: string | Knex.Raw): Knex.Raw {
  return typeof expression === 'string' ? (knex.raw(expression) as Knex.Raw) : expression;
}

/** The page of a whole table, and its row count from table_row_counts, in one statement. */
async function unfilteredPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>, orderSql: Knex.Raw): Promise<Page<T>> {
  const knex = filtered.client;
  const page = options
    .select(filtered.clone())
    .select(knex.raw('true AS __page_row'))
    .orderByRaw(orderSql)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const { rows } = await knex.raw(
    `WITH counter AS MATERIALIZED (SELECT coalesce(sum(delta), 0)::bigint AS total, count(*)::int AS deltas FROM table_row_counts WHERE table_name = ?)
     SELECT page.*, counter.total AS __total, counter.deltas AS __deltas FROM counter LEFT JOIN LATERAL (?) page ON true`,
    [options.counter, page],
  );
  if (rows[0].__deltas > COMPACT_AFTER_DELTAS) await compactRowCount(knex, options.counter);
  return {
    total: Number(rows[0].__total),
    capped: false,
    rows: rows.filter((row: Record<string, unknown>) => row.__page_row).map(({ __page_row, __total, __deltas, ...row }: Record<string, unknown>) => row as T),
  };
}

/**
 * The capped count and, when the matches are few, the page picked from them, in one statement.
 * The filter runs once, through its own index, for the matches' ids only (up to the cap); their
 * count is the total. When they are few, their sort keys are read by primary key (the
 * materialised CTEs keep PostgreSQL from merging them with the ORDER BY), the page's ids are
 * picked from them, and only those rows are read in full. Up to `fewMatches` (all of them read,
 * within the cap), when the order
 * past WHOLE_MATCHES_LIMIT is a column (`manyKey`), the same scan reads it and the page's ids come
 * back (`pageIds`) rather than a second scan of the filter. Uncorrelated subqueries run only when
 * first needed: the ids not at all when the known matches already settle the total.
 */
async function countedPage<T>(
  filtered: Knex.QueryBuilder,
  options: PageOptions<T>,
  orderSql: Knex.Raw,
  bounds: { cap: number; fewMatches: number; manyKey?: string },
): Promise<{ matches: number; rows?: T[]; pageIds?: number[] }> {
  const knex = filtered.client;
  const { cap, manyKey } = bounds;
  const order = options.order;
  const exactKnown = options.knownMatches?.exact ? 'true' : 'false';
  const ids = filtered
    .clone()
    .clearSelect()
    .clearOrder()
    .select({ id: knex.raw(options.tieBreaker), many_key: knex.raw(manyKey ?? 'NULL') })
    .limit(cap + 1);
  // The filter is not applied again: the ids are its matches.
  const keys = filtered
    .clone()
    .clearSelect()
    .clearWhere()
    .clearOrder()
    .select({ id: knex.raw(options.tieBreaker), sort_key: sqlOf(knex, options.orderBy) })
    .whereRaw(`${options.tieBreaker} IN (SELECT id FROM ids)`)
    .whereRaw(`(SELECT total FROM counted) <= ${WHOLE_MATCHES_LIMIT}`);
  const pageIds = knex
    .queryBuilder()
    .select('id')
    .from('matches')
    .orderByRaw(`sort_key ${order}, id ${order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const manyPage = knex
    .queryBuilder()
    .select('id', 'many_key')
    .from('ids')
    .whereRaw(`${manyKey ? 'true' : 'false'} AND (SELECT total FROM counted) > ${WHOLE_MATCHES_LIMIT} AND (SELECT total FROM counted) <= ${Math.min(bounds.fewMatches, cap)}`)
    .orderByRaw(`many_key ${order}, id ${order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const page = options.select(filtered.clone()).select(knex.raw('true AS __page_row')).whereIn(knex.raw(options.tieBreaker), pageIds).orderByRaw(orderSql);
  const known = options.knownMatches?.count(cap + 1) ?? knex.raw('0');
  const { rows } = await knex.raw(
    `WITH known AS MATERIALIZED (SELECT (?)::int AS n),
     ids AS MATERIALIZED (SELECT * FROM (?) filtered_ids
       WHERE (SELECT n FROM known) <= ${WHOLE_MATCHES_LIMIT} OR NOT ${exactKnown} AND (SELECT n FROM known) <= ${cap}),
     counted AS MATERIALIZED (SELECT CASE
       WHEN ${exactKnown} OR (SELECT n FROM known) > ${cap} THEN (SELECT n FROM known)
       ELSE (SELECT count(*) FROM ids) END::int AS total),
     matches AS MATERIALIZED (?)
     SELECT page.*, counted.total AS __total,
       (SELECT array_agg(id ORDER BY many_key ${order}, id ${order}) FROM (?) many_page) AS __many_ids
     FROM counted LEFT JOIN LATERAL (?) page ON true`,
    [known, ids, keys, manyPage, page],
  );
  const matches: number = rows[0].__total;
  if (rows[0].__many_ids) return { matches, pageIds: rows[0].__many_ids };
  if (matches > WHOLE_MATCHES_LIMIT) return { matches };
  return { matches, rows: rows.filter((row: Record<string, unknown>) => row.__page_row).map(({ __page_row, __total, __many_ids, ...row }: Record<string, unknown>) => row as T) };
}

/** The page among more than WHOLE_MATCHES_LIMIT matches, when no cheaper way was given. */
async function manyMatchesPage<T>(filtered: Knex.QueryBuilder, options: PageOptions<T>, orderSql: Knex.Raw, matching: number): Promise<T[]> {
  const knex = filtered.client;
  const limit = options.range.end - options.range.start + 1;
  const tuning = options.tuning ?? DEFAULT_LIST_TUNING;
  const tableRows = await tableRowCount(knex, options.counter);
  const spread = matching >= tableRows * tuning.spreadShare;
  const walk = () => options.select(filtered.clone()).orderByRaw(orderSql).offset(options.range.start).limit(limit);
  if (options.orderedTable) {
    // If the matches are spread along the order, the first rows of the index hold the page. The
    // walk is bounded (it reads `scanned` rows at most, then gives up): matches gathered in one
    // part of the order (a common last name, or first names that never meet the first last
    // names) would make it read half the table.
    // Four times the rows that hold the page if the matches are spread evenly, at most
    // walkedRows: past the count's cap the planner's estimate of the matches is often low (a
    // first name found in 3 % of a million rows estimated at 1 %), and a walk that finds the page
    // is correct however few rows it read.
    const scanned = Math.min(Math.ceil((4 * (options.range.end + 1) * tableRows) / Math.max(matching, 1)), tuning.walkedRows);
    if (spread || matching > tuning.fewMatches) {
      const walked = await options
        .select(filtered.clone().from(options.orderedTable(scanned)))
        .orderByRaw(orderSql)
        .offset(options.range.start)
        .limit(limit);
      if (walked.length === limit) return walked as T[];
    }
  }
  // Many, evenly spread matches (a page far down the list): walking the sort column's index and
  // filtering finds the page sooner than reading them all.
  if (spread) return (await walk()) as T[];
  // Fewer or gathered matches: read them all through the filter's index with their sort key only,
  // pick the page's ids, and read only those rows in full.
  const keys = filtered
    .clone()
    .clearSelect()
    .clearOrder()
    .select({ id: knex.raw(options.tieBreaker), sort_key: sqlOf(knex, options.orderBy) });
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
 * Whether the query has no WHERE clause: then its size is the table's row count. Read from the
 * SQL Knex compiles; a WHERE inside a joined subquery only makes a list count its matches.
 */
function isUnfiltered(query: Knex.QueryBuilder) {
  return !/\bwhere\b/i.test(query.toSQL().sql);
}

/** The query's matching rows, without their columns or order: what counting and estimating need. */
function matchesOnly(query: Knex.QueryBuilder) {
  return query.clone().clearSelect().clearOrder().select(query.client.raw('1'));
}

/** The planner's estimate of the query's rows (planning only): it picks ways of reading, never a total. */
export async function estimateRows(query: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = matchesOnly(query).toSQL();
  const plan = await query.client.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  return Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}
