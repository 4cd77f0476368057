import type { Knex } from 'knex';

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
): Promise<{ rows: T[]; total: number }> {
  const rows = options
    .select(filtered.clone())
    .orderByRaw(`${options.orderBy} ${options.order} NULLS LAST, ${options.tieBreaker} ${options.order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const total = filtered.clone().count('* as count');
  const [page, [{ count }]] = await Promise.all([rows, total]);
  return { rows: page as T[], total: Number(count) };
}

/** Escapes LIKE wildcards typed by a user. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
