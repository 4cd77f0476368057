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
    orderBy: string;
    order: 'ASC' | 'DESC';
    tieBreaker: string;
    range: { start: number; end: number };
  },
): Promise<Page<T>> {
  const total = await countUpTo(filtered, EXACT_COUNT_LIMIT);
  const limit = options.range.end - options.range.start + 1;
  // Default NULLS placement on purpose: it lets (column, id) btree indexes serve both directions.
  const order = (column: string) => `${column} ${options.order}`;
  let page: Knex.QueryBuilder;
  if (total.estimated) {
    // Many matches: walking the sort column's index and filtering finds a page quickly.
    page = options.select(filtered.clone()).orderByRaw(`${order(options.orderBy)}, ${order(options.tieBreaker)}`);
  } else {
    // Few matches (a search, a filter): walking the sort index would read the whole table to
    // find them. The LIMIT inside the subquery fences it off from the ORDER BY, so PostgreSQL
    // fetches the matches through the filter's own index, then sorts at most EXACT_COUNT_LIMIT rows.
    const matches = options.select(filtered.clone()).limit(EXACT_COUNT_LIMIT + 1);
    const outer = (column: string) => `matches.${column.replace(/^\w+\./, '')}`;
    page = filtered.client
      .queryBuilder()
      .select('*')
      .from(matches.as('matches'))
      .orderByRaw(`${order(outer(options.orderBy))}, ${order(outer(options.tieBreaker))}`);
  }
  const rows = await page.offset(options.range.start).limit(limit);
  return { rows: rows as T[], ...total };
}

async function countUpTo(filtered: Knex.QueryBuilder, limit: number): Promise<{ total: number; estimated: boolean }> {
  const matches = filtered.clone().clearSelect().clearOrder().select(filtered.client.raw('1')).limit(limit + 1);
  const [{ count }] = await filtered.client.queryBuilder().count('* as count').from(matches.as('capped'));
  if (Number(count) <= limit) return { total: Number(count), estimated: false };
  const { sql, bindings } = filtered.clone().clearSelect().clearOrder().select(filtered.client.raw('1')).toSQL();
  const plan = await filtered.client.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  const estimate = Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  return { total: Math.max(estimate, limit + 1), estimated: true };
}

/** Escapes LIKE wildcards typed by a user. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
