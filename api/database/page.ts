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
  const rows = options
    .select(filtered.clone())
    // Default NULLS placement on purpose: it lets (column, id) btree indexes serve both directions.
    .orderByRaw(`${options.orderBy} ${options.order}, ${options.tieBreaker} ${options.order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const [page, total] = await Promise.all([rows, countUpTo(filtered, EXACT_COUNT_LIMIT)]);
  return { rows: page as T[], ...total };
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
