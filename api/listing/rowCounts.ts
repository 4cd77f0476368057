import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { startPeriodicTask } from '../background/periodicTask';

/**
 * The row counts of the listed tables, kept in table_row_counts (migration 20261203_01): one
 * delta row per INSERT or DELETE statement, summed on read. Compaction folds a table's
 * committed deltas into one row, so that the sum stays a read of a few index entries: on read
 * when they pile up, and in the API process every minute for the tables nobody lists for a
 * while (the access log gains a delta per client page opened).
 */
export const COMPACT_AFTER_DELTAS = 64;
export const ROW_COUNT_COMPACTION_INTERVAL_MS = 60_000;

type Queryable = Knex | Knex.Client;

/** A table's exact row count. */
export async function tableRowCount(knex: Queryable, table: string): Promise<number> {
  const { rows } = await (knex as Knex).raw('SELECT coalesce(sum(delta), 0)::bigint AS total FROM table_row_counts WHERE table_name = ?', [table]);
  return Number(rows[0].total);
}

/** Folds a table's committed deltas into one row (at once a no-op while another compaction of it runs). */
export async function compactRowCount(knex: Queryable, table: string) {
  await (knex as Knex).raw('SELECT public.compact_table_row_counts(?)', [table]);
}

/** Compacts every table with more than COMPACT_AFTER_DELTAS deltas; resolves to how many tables. */
export async function compactRowCounts(knex: Knex): Promise<number> {
  const { rows } = await knex.raw(`SELECT public.compact_table_row_counts(table_name) FROM (SELECT table_name FROM table_row_counts GROUP BY table_name HAVING count(*) > ?) piled`, [
    COMPACT_AFTER_DELTAS,
  ]);
  return rows.length;
}

/** The compaction at API start and then every minute; stop() waits for one under way. */
export function startRowCountCompaction(options: { knex: Knex; logger: Logger; intervalMs?: number }) {
  return startPeriodicTask(
    async () => {
      const compacted = await compactRowCounts(options.knex);
      // PGlite runs no autovacuum: the rows a compaction deleted are cleared here.
      if (compacted) await options.knex.raw('VACUUM table_row_counts');
      return compacted;
    },
    {
      intervalMs: options.intervalMs ?? ROW_COUNT_COMPACTION_INTERVAL_MS,
      onError: (error) => options.logger.error({ err: error }, 'row count compaction failed; next attempt at the next interval'),
    },
  );
}
