import type { Knex } from 'knex';
import { Counter, Gauge, type Registry } from 'prom-client';

export type ImportJobState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed';
export type ImportJobCounts = Record<ImportJobState, number>;

const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
/** A scrape must answer even when the database is slow: its series are then left out. */
const QUERY_TIMEOUT_MS = 2000;

/**
 * The import queue as BullMQ counts it, read at scrape time. `completed` and `failed` are
 * the jobs BullMQ still keeps (the last 1,000 and 5,000): the imports' own counts by status
 * come from the database below.
 */
export function queueMetrics(registry: Registry, jobCounts: () => Promise<ImportJobCounts>) {
  const counts = sharedPerScrape(() => jobCounts().catch(() => undefined));
  new Gauge({
    name: 'conance_import_queue_up',
    help: '1 when the import queue answered this scrape, 0 otherwise',
    registers: [registry],
    async collect() {
      this.set((await counts()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'conance_import_queue_jobs',
    help: 'Jobs in the statement-import queue by BullMQ state (completed and failed: those BullMQ keeps)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const current = await counts();
      this.reset();
      for (const [state, count] of Object.entries(current ?? {})) this.set({ state }, count);
    },
  });
}

/**
 * The registry collects every metric at once (Promise.all): metrics fed by one source share
 * the round trip in flight instead of each asking the queue or the database again.
 */
function sharedPerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}

/**
 * Imports' progress, read from `statement_imports` at scrape time rather than counted in the
 * worker: workers may run in other processes or on other machines, and the database already
 * holds every import's counters. These series are therefore database-wide: with several API
 * instances, aggregate them with max(), not sum().
 */
export function importMetrics(registry: Registry, knex: Knex) {
  interface Snapshot {
    byStatus: Record<string, number>;
    processed: number;
    rejected: number;
    runningRate: number;
    last?: { rate: number; rejected: number };
  }
  const snapshot = sharedPerScrape(() => readSnapshot().catch(() => undefined));
  const readSnapshot = async (): Promise<Snapshot> => {
    const [byStatus, running, last] = await Promise.all([
      knex('statement_imports').select('status').count('* as count').sum({ processed: 'processed_rows', rejected: 'rows_rejected' }).groupBy('status').timeout(QUERY_TIMEOUT_MS) as unknown as Promise<
        { status: string; count: number | string; processed: number | string | null; rejected: number | string | null }[]
      >,
      knex('statement_imports')
        .where({ status: 'running' })
        .whereNotNull('started_at')
        .first(knex.raw('coalesce(sum(processed_rows / greatest(extract(epoch FROM now() - started_at), 0.001)), 0)::float AS rate'))
        .timeout(QUERY_TIMEOUT_MS) as unknown as Promise<{ rate: number } | undefined>,
      knex('statement_imports')
        .where({ status: 'completed' })
        .whereNotNull('started_at')
        .whereNotNull('finished_at')
        .orderBy('finished_at', 'desc')
        .first('rows_rejected', knex.raw('(processed_rows / greatest(extract(epoch FROM finished_at - started_at), 0.001))::float AS rate'))
        .timeout(QUERY_TIMEOUT_MS) as unknown as Promise<{ rate: number; rows_rejected: number } | undefined>,
    ]);
    const result: Snapshot = { byStatus: Object.fromEntries(IMPORT_STATUSES.map((status) => [status, 0])), processed: 0, rejected: 0, runningRate: Number(running?.rate ?? 0) };
    for (const row of byStatus) {
      result.byStatus[row.status] = Number(row.count);
      result.processed += Number(row.processed ?? 0);
      result.rejected += Number(row.rejected ?? 0);
    }
    if (last) result.last = { rate: Number(last.rate), rejected: Number(last.rows_rejected) };
    return result;
  };

  new Gauge({
    name: 'conance_imports_metrics_up',
    help: '1 when the imports table answered this scrape, 0 otherwise',
    registers: [registry],
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'conance_imports',
    help: 'Statement imports by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      for (const [status, count] of Object.entries(data?.byStatus ?? {})) this.set({ status }, count);
    },
  });
  // Totals kept by the database itself (they survive restarts): counters, so rate() applies.
  new Counter({
    name: 'conance_import_rows_processed_total',
    help: 'Statement rows processed by every import (accepted and rejected)',
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      if (data) this.inc(data.processed);
    },
  });
  new Counter({
    name: 'conance_import_rows_rejected_total',
    help: 'Statement rows rejected by every import',
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      if (data) this.inc(data.rejected);
    },
  });
  new Gauge({
    name: 'conance_import_running_rows_per_second',
    help: 'Rows per second of the imports running now (rows processed since each started)',
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      if (data) this.set(data.runningRate);
    },
  });
  new Gauge({
    name: 'conance_import_last_completed_rows_per_second',
    help: 'Rows per second of the most recently completed import, start to finish',
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      if (data?.last) this.set(data.last.rate);
    },
  });
  new Gauge({
    name: 'conance_import_last_completed_rows_rejected',
    help: 'Rows rejected by the most recently completed import',
    registers: [registry],
    async collect() {
      const data = await snapshot();
      this.reset();
      if (data?.last) this.set(data.last.rejected);
    },
  });
}

/** The Knex (tarn) pool: connections in use, idle, and requests waiting for one. */
export function poolMetrics(registry: Registry, knex: Knex) {
  // tarn's pool is not in Knex's public types.
  const pool = () => (knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } }).pool;
  const gauge = (name: string, help: string, read: (p: NonNullable<ReturnType<typeof pool>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = pool();
        if (current) this.set(read(current));
      },
    });
  gauge('conance_db_pool_connections_in_use', 'Database connections checked out of the pool', (p) => p.numUsed());
  gauge('conance_db_pool_connections_idle', 'Open database connections waiting in the pool', (p) => p.numFree());
  gauge('conance_db_pool_acquires_waiting', 'Requests waiting for a database connection', (p) => p.numPendingAcquires());
  gauge('conance_db_pool_connections_max', 'Largest number of connections the pool opens', (p) => p.max);
}
