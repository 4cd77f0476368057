import path from 'node:path';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { sharedRandomSetting } from '../database/appSettings';
import type { Database } from '../database/database';
import { QUEUE_SHARED_BUFFERS, startEmbeddedPostgres, type EmbeddedPostgres } from '../database/embeddedPostgres';
import { importLimitsOf } from './statementImportProcessor';
import { startImportReconciler } from './statementImportReconciler';
import { createImportQueue, startImportWorker, type ImportJobCounts, type ImportWorker, type QueueConnection } from './statementImportQueue';
import { statementImportRouter } from './statementImportRouter';
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
 * backend, in its own `bullmq` schema of DATABASE_URL, or on the embedded default in a
 * PGlite of its own (DATA_DIR/queue): BullMQ's tables have generic names (job, event...)
 * and PGlite's socket server ignores the search_path that the `bullmq` schema relies on.
 */
export async function openQueueBackend(config: Pick<AppConfig, 'redisUrl' | 'dataDir'>, db: Pick<Database, 'embedded' | 'url'>, options: { inMemory?: boolean } = {}): Promise<QueueBackendHandle> {
  if (config.redisUrl) return { connection: { backend: 'redis', url: config.redisUrl }, description: 'Redis (REDIS_URL)', close: async () => {} };
  if (!db.embedded) {
    return { connection: { backend: 'postgres', connectionString: db.url, schema: 'bullmq' }, description: 'PostgreSQL (schema bullmq)', close: async () => {} };
  }
  const queueDb: EmbeddedPostgres = await startEmbeddedPostgres(options.inMemory ? undefined : path.join(config.dataDir, 'queue'), { sharedBuffers: QUEUE_SHARED_BUFFERS });
  return {
    connection: { backend: 'postgres', connectionString: queueDb.url, schema: 'public', poolMax: 1 },
    description: 'embedded PostgreSQL (PGlite, DATA_DIR/queue)',
    close: () => queueDb.close(),
  };
}

export interface StatementImports {
  router: Router;
  /** The queue's state, for /api/health. */
  queueHealth(): Promise<'ok' | 'unavailable'>;
  /** The queue's jobs by state, for /api/metrics. */
  queueJobCounts(): Promise<ImportJobCounts>;
  close(): Promise<void>;
}

/** The imports' API router, its queue and, when RUN_WORKER is on, an in-process worker. */
export async function startStatementImports(config: ImportConfig, db: Database, logger: Logger): Promise<StatementImports> {
  const backend = await openQueueBackend(config, db);
  const queue = createImportQueue(backend.connection, { jobIdPrefix: `${await sharedRandomSetting(db.knex, 'queue_database_id', 6)}-` });
  const limits = importLimitsOf(config);
  let worker: ImportWorker | undefined;
  if (config.runWorker) {
    worker = startImportWorker(backend.connection, { knex: db.knex, logger: logger.child({ component: 'import-worker' }), limits, concurrency: config.workerConcurrency });
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
    async close() {
      await reconciler.stop();
      await worker?.close();
      await queue.close();
      await backend.close();
    },
  };
}
