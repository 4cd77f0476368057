import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { QueueUnavailable, type StatementImportQueue } from './statementImportQueue';
import { startPeriodicTask } from '../background/periodicTask';

/**
 * The database is the source of truth for imports; the queue only carries "run import N".
 * When the two disagree (Redis restarted empty, an upload answered 503 while Redis was down,
 * a worker died with its job), an import would stay "queued" or "running" forever. This check
 * runs at start and then periodically, in the API process: every import the database says is
 * waiting or running but that the queue no longer holds is handed to the queue again. The
 * job id is the import's and the worker resumes from its checkpoint, so this is idempotent.
 */
export interface ImportReconcilerOptions {
  knex: Knex;
  queue: StatementImportQueue;
  logger: Logger;
  intervalMs?: number;
  /** A queued import younger than this may still be on its way to the queue (upload in progress). */
  queuedGraceMs?: number;
  /** A running import whose progress has not moved for this long, and whose job is gone, was orphaned. */
  runningStaleMs?: number;
}

export function startImportReconciler(options: ImportReconcilerOptions) {
  const { knex, queue, logger } = options;
  const queuedGraceMs = options.queuedGraceMs ?? 15_000;
  const runningStaleMs = options.runningStaleMs ?? 5 * 60_000;
  const reconcile = async (): Promise<number> => {
    const candidates: Array<{ id: number; status: string }> = await knex('statement_imports')
      .select('id', 'status')
      .where((q) =>
        q
          .where('status', 'queued')
          .andWhere('updated_at', '<', knex.raw(`now() - make_interval(secs => ?)`, [queuedGraceMs / 1000]))
          .orWhere('status', 'running')
          .andWhere('updated_at', '<', knex.raw(`now() - make_interval(secs => ?)`, [runningStaleMs / 1000])),
      )
      .orderBy('id')
      .limit(500);
    let requeued = 0;
    for (const { id, status } of candidates) {
      if (!(await queue.isLost(id))) continue;
      if (status === 'running') {
        // Only if it is still stale: a worker that just moved it on keeps it.
        const reset = await knex('statement_imports')
          .where({ id, status: 'running' })
          .andWhere('updated_at', '<', knex.raw(`now() - make_interval(secs => ?)`, [runningStaleMs / 1000]))
          .update({ status: 'queued', updated_at: knex.fn.now() });
        if (!reset) continue;
      }
      await queue.requeue(id);
      requeued++;
      logger.warn({ importId: id, was: status }, 'import unknown to the queue: enqueued again');
    }
    return requeued;
  };

  return startPeriodicTask(reconcile, {
    intervalMs: options.intervalMs ?? 30_000,
    onError: (error) => {
      if (error instanceof QueueUnavailable) logger.debug({ err: error }, 'import queue unavailable: reconciliation postponed');
      else logger.error({ err: error }, 'import reconciliation failed');
    },
  });
}
