import { Queue, createPostgresBackend, withBackend } from 'bullmq';

// The worker lives in importWorker.ts; callers keep importing the queue's parts from here.
export { startImportWorker, type ImportWorker, type ImportWorkerOptions } from './importWorker';
export { abandonedMessage, finalFailureMessage, retryMessage } from './importFailureMessages';

/**
 * The BullMQ queue of statement imports, on Redis when REDIS_URL is set, otherwise on
 * BullMQ's own PostgreSQL backend (so the embedded default needs nothing installed).
 * Jobs carry the import id only; the file is in PostgreSQL (bullmq #2397).
 */
export const IMPORT_QUEUE_NAME = 'statement-imports';

export type QueueConnection =
  | { backend: 'redis'; url: string; prefix?: string }
  | {
      backend: 'postgres';
      connectionString: string;
      /** `bullmq`: on PGlite, the session-wide search_path reaches it (embeddedPostgres.ts). */
      schema: string;
      /** 1 on PGlite (one session; field notes). */
      poolMax?: number;
      /**
       * Seconds an idle worker waits before looking for jobs again. PGlite's socket server hands a
       * NOTIFY to the session that sent it, never to the worker's LISTEN, so there it polls.
       */
      pollSeconds?: number;
    };

const IMPORT_JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
export type ImportJobCounts = Record<(typeof IMPORT_JOB_STATES)[number], number>;

export interface ImportJobData {
  importId: number;
}

export const PostgresClasses = withBackend(createPostgresBackend);

/** BullMQ's Redis connection: the URL goes to ioredis as it is (credentials, database, rediss: TLS). */
export function redisOptions(url: string, role: 'worker' | 'producer' = 'worker') {
  return {
    url,
    ...(role === 'worker'
      ? // Required on worker connections (BullMQ's production guide): a worker waits for Redis.
        { maxRetriesPerRequest: null }
      : // The API's producer must fail fast instead: with Redis down, an upload answers 503 at
        // once rather than queueing its command forever.
        { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: QUEUE_ANSWER_MS }),
  };
}

/** How long the API waits for the queue before saying it is unavailable. */
export const QUEUE_ANSWER_MS = 3000;

export class QueueUnavailable extends Error {
  override name = 'QueueUnavailable';
}

/** The queue's answer, or QueueUnavailable after QUEUE_ANSWER_MS (a backend that hangs instead of failing). */
async function withinQueueDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailable('the import queue did not answer in time')), QUEUE_ANSWER_MS);
  });
  work.catch(() => undefined); // a late failure after the deadline must not count as unhandled
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    throw error instanceof QueueUnavailable ? error : new QueueUnavailable(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** BullMQ's PostgreSQL backend options, the same for the queue and its workers. */
export function postgresOptions(connection: Extract<QueueConnection, { backend: 'postgres' }>) {
  return { connectionString: connection.connectionString, schema: connection.schema, migrate: true, max: connection.poolMax ?? 4 };
}

/** Retries with exponential backoff: a database hiccup should not fail a month's statement. */
const JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

export interface StatementImportQueue {
  /** Idempotent (the job id is the import's): a job the queue already holds, even finished, is kept. Throws QueueUnavailable. */
  enqueue(importId: number): Promise<void>;
  /**
   * For an import the database says must run but the queue lost (see isLost): a finished job
   * left under its id would swallow a plain enqueue, so it is replaced. Throws QueueUnavailable.
   */
  requeue(importId: number): Promise<void>;
  /**
   * True when the queue holds no pending job for this import (e.g. Redis restarted empty): its
   * database record says queued, but nothing will ever run it. Throws QueueUnavailable.
   */
  isLost(importId: number): Promise<boolean>;
  /** 'ok', or 'unavailable' when the queue does not answer within QUEUE_ANSWER_MS. */
  health(): Promise<'ok' | 'unavailable'>;
  /** Jobs by BullMQ state, for /api/metrics. Throws QueueUnavailable. */
  jobCounts(): Promise<ImportJobCounts>;
  close(): Promise<void>;
}

/**
 * `jobIdPrefix` names the database the imports belong to: import ids restart at 1 in a new
 * database, and a Redis that outlived the old one would take `import-1` for a job it already ran.
 */
export function createImportQueue(connection: QueueConnection, options: { jobIdPrefix?: string } = {}): StatementImportQueue {
  const queue =
    connection.backend === 'redis'
      ? new Queue<ImportJobData>(IMPORT_QUEUE_NAME, { connection: redisOptions(connection.url, 'producer'), prefix: connection.prefix, defaultJobOptions: JOB_OPTIONS })
      : new PostgresClasses.Queue<ImportJobData>(IMPORT_QUEUE_NAME, {
          connection: postgresOptions(connection),
          defaultJobOptions: JOB_OPTIONS,
        });
  queue.on('error', () => undefined); // surfaced by add() failing; never crash the API on a queue blip
  const jobIdOf = (importId: number) => `${options.jobIdPrefix ?? ''}import-${importId}`;
  /** A job that exists but will not run again: finished (completed or failed) or unknown. */
  const pendingJob = async (importId: number) => {
    const job = await queue.getJob(jobIdOf(importId));
    if (!job) return { job: undefined, pending: false };
    const state = await job.getState();
    return { job, pending: state !== 'completed' && state !== 'failed' && state !== 'unknown' };
  };
  return {
    async enqueue(importId) {
      await withinQueueDeadline(queue.add('import', { importId }, { jobId: jobIdOf(importId) }));
    },
    async requeue(importId) {
      await withinQueueDeadline(
        (async () => {
          const { job, pending } = await pendingJob(importId);
          if (job && !pending) await job.remove();
          await queue.add('import', { importId }, { jobId: jobIdOf(importId) });
        })(),
      );
    },
    async isLost(importId) {
      return withinQueueDeadline(pendingJob(importId).then(({ pending }) => !pending));
    },
    async health() {
      try {
        await withinQueueDeadline(queue.getJobCounts('waiting'));
        return 'ok';
      } catch {
        return 'unavailable';
      }
    },
    async jobCounts() {
      const counts = await withinQueueDeadline(queue.getJobCounts(...IMPORT_JOB_STATES));
      return Object.fromEntries(IMPORT_JOB_STATES.map((state) => [state, counts[state] ?? 0])) as ImportJobCounts;
    },
    close: () => queue.close(),
  };
}

/**
 * Moves this database's waiting jobs out of a queue that several deployments shared (BullMQ's
 * default prefix, used by earlier versions) into `queue`. Only jobs whose id carries this
 * database's job-id prefix are touched; a job already running there is left to finish (its
 * import's claim keeps a second run from writing twice). Answers how many moved.
 */
export async function moveLegacyJobs(legacy: Extract<QueueConnection, { backend: 'redis' }>, jobIdPrefix: string, queue: StatementImportQueue): Promise<number> {
  const old = new Queue<ImportJobData>(IMPORT_QUEUE_NAME, { connection: redisOptions(legacy.url, 'producer'), prefix: legacy.prefix });
  old.on('error', () => undefined);
  try {
    const jobs = await withinQueueDeadline(old.getJobs(['waiting', 'delayed', 'prioritized', 'waiting-children']));
    let moved = 0;
    for (const job of jobs) {
      if (!job?.id?.startsWith(jobIdPrefix) || typeof job.data?.importId !== 'number') continue;
      await withinQueueDeadline(job.remove());
      await queue.enqueue(job.data.importId);
      moved++;
    }
    return moved;
  } finally {
    await old.close();
  }
}
