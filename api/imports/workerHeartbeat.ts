import crypto from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { startPeriodicTask } from '../background/periodicTask';

/**
 * Import workers say they are alive in the database they serve (import_workers, migration
 * 20261202_03), every HEARTBEAT_MS: whatever the queue's backend, health, metrics and the Imports
 * page can then tell queued imports that will run from queued imports that nothing will run.
 */
export const HEARTBEAT_MS = 15_000;
/** A worker seen within this long is alive (four missed beats later, it is not). */
export const WORKER_ALIVE_SECONDS = 60;

export const newWorkerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

export function startWorkerHeartbeat(knex: Knex, options: { id: string; concurrency: number; logger: Logger; intervalMs?: number }) {
  const beat = async () => {
    await knex('import_workers').insert({ id: options.id, host: os.hostname(), pid: process.pid, concurrency: options.concurrency }).onConflict('id').merge({ seen_at: knex.fn.now() });
    // Workers gone for a day (killed, their machine replaced) are forgotten.
    await knex('import_workers').where('seen_at', '<', knex.raw(`now() - interval '1 day'`)).delete();
    return 0;
  };
  const task = startPeriodicTask(beat, {
    intervalMs: options.intervalMs ?? HEARTBEAT_MS,
    onError: (error) => options.logger.warn({ err: error }, 'import worker heartbeat not written'),
  });
  return {
    /** The first heartbeat, written (or failed) at start. */
    ready: task.runOnce().then(() => undefined),
    async stop() {
      await task.stop();
      // A worker that stops says so at once, rather than looking alive for another minute.
      await knex('import_workers')
        .where({ id: options.id })
        .delete()
        .catch(() => undefined);
    },
  };
}

/** Workers seen within WORKER_ALIVE_SECONDS, and the imports waiting for one. */
export async function importWorkersState(knex: Knex) {
  const row = await knex
    .select({
      alive: knex('import_workers')
        .count('*')
        .where('seen_at', '>', knex.raw(`now() - make_interval(secs => ?)`, [WORKER_ALIVE_SECONDS])),
      queued: knex('statement_imports').count('*').where('status', 'queued'),
    })
    .first();
  return { alive: Number(row.alive), queued: Number(row.queued) };
}
