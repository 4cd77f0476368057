import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { abandonedMessage, finalFailureMessage, retryMessage } from './importFailureMessages';
import { IMPORT_QUEUE_NAME, PostgresClasses, postgresOptions, redisOptions, type ImportJobData, type QueueConnection } from './statementImportQueue';
import { failImport, ImportReleased, processStatementImport, type ImportLimits } from './statementImportProcessor';
import { importError } from './importBatch';
import { newWorkerId, startWorkerHeartbeat } from './workerHeartbeat';

/** A statement-import worker: takes the queue's jobs, runs them (statementImportProcessor.ts), and writes its heartbeat. */

export interface ImportWorkerOptions {
  knex: Knex;
  logger: Logger;
  limits: ImportLimits;
  concurrency?: number;
  /** How long a shutdown waits for the current batch before giving the job back by force. */
  shutdownDeadlineMs?: number;
  lockDuration?: number;
  stalledInterval?: number;
  /** Rows per batch transaction (the processor's default when unset). */
  batchRows?: number;
  /** Written on each import it claims (statement_imports.claimed_by) and in its heartbeat. */
  workerId?: string;
}

export interface ImportWorker {
  worker: { isRunning(): boolean };
  /** Written on the imports it claims and in import_workers. */
  id: string;
  /** Resolves once its first heartbeat is written: from then on, health counts it. */
  ready: Promise<void>;
  /** Graceful: the current batch commits, the job goes back to the queue, then the worker stops. */
  close(): Promise<void>;
}

export function startImportWorker(connection: QueueConnection, options: ImportWorkerOptions): ImportWorker {
  const { knex, logger } = options;
  const stopping = new AbortController();
  const workerId = options.workerId ?? newWorkerId();
  const heartbeat = startWorkerHeartbeat(knex, { id: workerId, concurrency: options.concurrency ?? 1, logger });

  const processor = async (job: Job<ImportJobData>, token?: string, signal?: AbortSignal) => {
    const importId = job.data.importId;
    const abort = AbortSignal.any([stopping.signal, ...(signal ? [signal] : [])]);
    let claimToken: string | undefined;
    try {
      const outcome = await processStatementImport(importId, {
        knex,
        logger: logger.child({ importId }),
        limits: options.limits,
        batchRows: options.batchRows,
        signal: abort,
        workerId,
        claimed: (token) => (claimToken = token),
      });
      if (outcome === 'failed') throw new UnrecoverableError(`import ${importId} failed on its file`);
      return { importId, outcome };
    } catch (error) {
      if (error instanceof ImportReleased) {
        // Back to the queue now, without spending an attempt: another worker resumes it.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (error instanceof UnrecoverableError) throw error;
      const attempts = job.opts.attempts ?? 1;
      const attempt = job.attemptsMade + 1;
      // The technical detail (SQL, driver messages) goes to the log; the record, which support
      // staff read, says in French what happened and what comes next.
      logger.error({ err: error, importId, attempt, attempts }, 'statement import attempt failed');
      if (attempt >= attempts) {
        await failImport(knex, importId, finalFailureMessage(importId, attempts, error), claimToken).catch(() => undefined);
      } else {
        // Only while this run's claim holds: a run another worker superseded leaves the import to it.
        await knex('statement_imports')
          .where({ id: importId, status: 'running' })
          .modify((q) => (claimToken ? q.where('claim_token', claimToken) : q))
          .update({ status: 'queued', ...importError(retryMessage(importId, attempt, attempts, error)) })
          .catch(() => undefined);
      }
      throw error;
    }
  };

  const workerOptions = {
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: 2,
  };
  const worker =
    connection.backend === 'redis'
      ? new Worker<ImportJobData>(IMPORT_QUEUE_NAME, processor, { ...workerOptions, connection: redisOptions(connection.url), prefix: connection.prefix })
      : new PostgresClasses.Worker<ImportJobData>(IMPORT_QUEUE_NAME, processor, {
          ...workerOptions,
          ...(connection.pollSeconds ? { drainDelay: connection.pollSeconds } : {}),
          connection: postgresOptions(connection),
        });
  worker.on('error', (error) => logger.error({ err: error }, 'import worker error'));
  // A job BullMQ gave up on without our processor's say (stalled too often) must not leave
  // its import "running" forever.
  worker.on('failed', (job) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    knex('statement_imports')
      .where({ id: job.data.importId })
      .whereIn('status', ['queued', 'running'])
      .first()
      .then((row) => (row ? failImport(knex, job.data.importId, abandonedMessage(job.data.importId)) : undefined))
      .catch(() => undefined);
  });

  return {
    worker,
    id: workerId,
    ready: heartbeat.ready,
    async close() {
      stopping.abort();
      await heartbeat.stop();
      const deadline = options.shutdownDeadlineMs ?? 25_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deadline);
      });
      const result = await Promise.race([worker.close(), timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        // The batch in flight is one transaction: abandoning it rolls it back, and the job's
        // lock expires so that the stalled-job check hands it to another worker.
        logger.warn({ deadline }, 'import worker did not stop in time; forcing');
        await worker.close(true);
      }
    },
  };
}
