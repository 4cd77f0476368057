import type { Knex } from 'knex';

/**
 * Totals up to this many rows are counted exactly. Past it, counting every match of a broad
 * filter over a million clients would cost more than the page itself, so the planner's
 * estimate is used and the answer says so (`estimated: true`, header X-Total-Estimated).
 */
export const EXACT_COUNT_LIMIT = 1000;

export interface Page<T> {
  rows: T[];
  total: number;
  estimated: boolean;
}

/**
 * One page of a filtered query plus its total, as the list endpoints answer them.
 * `filtered` holds the FROM and WHERE clauses only; `select` adds the columns of the page.
 */
export async function fetchPage<T>(
  filtered: Knex.QueryBuilder,
  options: {
    select: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
    /** SQL expression over the filtered table (not an output alias). */
    orderBy: string;
    order: 'ASC' | 'DESC';
    tieBreaker: string;
    range: { start: number; end: number };
  },
): Promise<Page<T>> {
  const knex = filtered.client;
  const total = await countUpTo(filtered, EXACT_COUNT_LIMIT);
  // Default NULLS placement on purpose: it lets (column, id) btree indexes serve both directions.
  const orderSql = `${options.orderBy} ${options.order}, ${options.tieBreaker} ${options.order}`;
  const page = options.select(filtered.clone()).orderByRaw(orderSql);

  if (!total.estimated || (await isSelective(filtered, total.total))) {
    // Few matches (a search, a filter): walking the sort column's index would read most of the
    // table to find them. Instead the matches are fetched through the filter's own index with
    // their sort key only (the materialised CTE keeps PostgreSQL from merging it with the
    // ORDER BY), the page's ids are picked from them, and only those rows are read in full.
    const keys = filtered.clone().clearSelect().clearOrder().select({ id: knex.raw(options.tieBreaker), sort_key: knex.raw(options.orderBy) });
    const pageIds = knex
      .queryBuilder()
      .withMaterialized('matches', keys)
      .select('id')
      .from('matches')
      .orderByRaw(`sort_key ${options.order}, id ${options.order}`)
      .offset(options.range.start)
      .limit(options.range.end - options.range.start + 1);
    const rows = await page.whereIn(knex.raw(options.tieBreaker), pageIds);
    return { rows: rows as T[], ...total };
  }
  // Many, evenly spread matches: walking the sort column's index and filtering finds a page quickly.
  const rows = await page.offset(options.range.start).limit(options.range.end - options.range.start + 1);
  return { rows: rows as T[], ...total };
}

/** Whether the filter keeps under a tenth of the table, by the planner's estimates (`matching` is the filter's own). */
async function isSelective(filtered: Knex.QueryBuilder, matching: number): Promise<boolean> {
  return matching < (await estimateRows(filtered.clone().clearWhere())) / 10;
}

/** The query's matching rows, without their columns or order: what counting and estimating need. */
function matchesOnly(query: Knex.QueryBuilder) {
  return query.clone().clearSelect().clearOrder().select(query.client.raw('1'));
}

async function estimateRows(query: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = matchesOnly(query).toSQL();
  const plan = await query.client.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  return Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}

async function countUpTo(filtered: Knex.QueryBuilder, limit: number): Promise<{ total: number; estimated: boolean }> {
  const matches = matchesOnly(filtered).limit(limit + 1);
  const [{ count }] = await filtered.client.queryBuilder().count('* as count').from(matches.as('capped'));
  if (Number(count) <= limit) return { total: Number(count), estimated: false };
  return { total: Math.max(await estimateRows(filtered), limit + 1), estimated: true };
}

/** Escapes LIKE wildcards typed by a user. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
