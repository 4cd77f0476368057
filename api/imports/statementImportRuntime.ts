import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { sharedRandomSetting } from '../database/appSettings';
import type { Database } from '../database/database';
import { EMBEDDED_QUEUE_SCHEMA } from '../database/embeddedPostgres';
import { importLimitsOf } from './statementImportProcessor';
import { startImportReconciler } from './statementImportReconciler';
import { createImportQueue, moveLegacyJobs, startImportWorker, type ImportJobCounts, type ImportWorker, type QueueConnection } from './statementImportQueue';
import { statementImportRouter } from './statementImportRouter';
import { importWorkersState } from './workerHeartbeat';
import { StatementImportService } from './statementImportService';

type ImportConfig = Pick<
  AppConfig,
  'redisUrl' | 'dataDir' | 'runWorker' | 'workerConcurrency' | 'importMaxFileBytes' | 'importMaxRows' | 'importMaxUncompressedBytes' | 'importMaxSharedStringsBytes' | 'importMaxWholeFileBytes'
>;

export interface QueueBackendHandle {
  connection: QueueConnection;
  /** What the logs say the queue runs on. */
  description: string;
  close(): Promise<void>;
}

/**
 * Picks the queue's backend: Redis when REDIS_URL is set; otherwise BullMQ's PostgreSQL
 * backend, in its own `bullmq` schema of DATABASE_URL or of the embedded database (one PGlite
 * for the data and the queue: a second instance would cost its own initdb and memory).
 *
 * On Redis, the queue's keys carry the database they serve (queuePrefixOf): two deployments
 * sharing one Redis (staging and production, two applications of a small firm) have two queues,
 * and a worker never takes a job of another database.
 */
export async function openQueueBackend(config: Pick<AppConfig, 'redisUrl'>, db: Pick<Database, 'embedded' | 'url'> & { knex?: Knex }): Promise<QueueBackendHandle> {
  if (config.redisUrl) {
    if (!db.knex) throw new Error('a Redis queue needs the database it serves, for its key prefix');
    const prefix = await queuePrefixOf(db.knex);
    return { connection: { backend: 'redis', url: config.redisUrl, prefix }, description: `Redis (REDIS_URL, keys ${prefix}:*)`, close: async () => {} };
  }
  if (!db.embedded) {
    return { connection: { backend: 'postgres', connectionString: db.url, schema: 'bullmq' }, description: 'PostgreSQL (schema bullmq)', close: async () => {} };
  }
  return {
    connection: { backend: 'postgres', connectionString: db.url, schema: EMBEDDED_QUEUE_SCHEMA, poolMax: 1, pollSeconds: 0.5 },
    description: `embedded PostgreSQL (PGlite, schema ${EMBEDDED_QUEUE_SCHEMA})`,
    close: async () => {},
  };
}

/**
 * The Redis key prefix of this database's queue: `conance-` and a hash of the database's own
 * identity, the same for every process that serves it (read from the database, never from the
 * address it is reached at): a random id stored in it (app_settings.queue_database_id), its name,
 * and its cluster's system identifier when the role may read it (a copy restored into another
 * cluster, with the same stored id, gets another prefix).
 */
export async function queuePrefixOf(knex: Knex): Promise<string> {
  const stored = await sharedRandomSetting(knex, 'queue_database_id', 6);
  const { rows } = await knex.raw<{ rows: Array<{ name: string }> }>('SELECT current_database() AS name');
  const system = await knex.raw<{ rows: Array<{ id: string }> }>('SELECT system_identifier::text AS id FROM pg_control_system()').then(
    (result) => result.rows[0]?.id ?? '',
    () => '',
  );
  return `conance-${crypto.createHash('sha256').update(`${stored}|${rows[0].name}|${system}`).digest('hex').slice(0, 16)}`;
}

/** BullMQ's default prefix, under which earlier versions kept every deployment's queue. */
export const LEGACY_QUEUE_PREFIX = 'bull';

export interface StatementImports {
  router: Router;
  /** The queue's state, for /api/health. */
  queueHealth(): Promise<'ok' | 'unavailable'>;
  /** The queue's jobs by state, for /api/metrics. */
  queueJobCounts(): Promise<ImportJobCounts>;
  /** Workers seen in the last minute and imports queued, for /api/health and /api/metrics. */
  importWorkers(): Promise<{ alive: number; queued: number }>;
  close(): Promise<void>;
}

/** The imports' API router, its queue and, when RUN_WORKER is on, an in-process worker. */
export async function startStatementImports(config: ImportConfig, db: Database, logger: Logger, options: { legacyPrefix?: string } = {}): Promise<StatementImports> {
  const backend = await openQueueBackend(config, db);
  const jobIdPrefix = `${await sharedRandomSetting(db.knex, 'queue_database_id', 6)}-`;
  const queue = createImportQueue(backend.connection, { jobIdPrefix });
  if (backend.connection.backend === 'redis') {
    // Jobs an earlier version queued under the shared prefix move to this database's own queue.
    await moveLegacyJobs({ ...backend.connection, prefix: options.legacyPrefix ?? LEGACY_QUEUE_PREFIX }, jobIdPrefix, queue).then(
      (moved) => moved && logger.info({ moved }, 'import jobs moved from the shared queue to this database’s own'),
      (error: unknown) => logger.warn({ err: error }, 'import jobs of the shared queue not moved (the reconciler will enqueue their imports again)'),
    );
  }
  const limits = importLimitsOf(config);
  let worker: ImportWorker | undefined;
  if (config.runWorker) {
    worker = startImportWorker(backend.connection, { knex: db.knex, logger: logger.child({ component: 'import-worker' }), limits, concurrency: config.workerConcurrency });
    await worker.ready;
  }
  const reconciler = startImportReconciler({ knex: db.knex, queue, logger: logger.child({ component: 'import-reconciler' }) });
  logger.info({ queue: backend.description, inProcessWorker: Boolean(worker) }, 'statement import queue ready');
  const router = statementImportRouter(new StatementImportService(db.knex), queue, {
    maxFileBytes: config.importMaxFileBytes,
    ...limits,
  });
  return {
    router,
    queueHealth: () => queue.health(),
    queueJobCounts: () => queue.jobCounts(),
    importWorkers: () => importWorkersState(db.knex),
    async close() {
      await reconciler.stop();
      await worker?.close();
      await queue.close();
      await backend.close();
    },
  };
}
