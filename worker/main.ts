import { loadConfig } from '../api/config';
import { migrateToLatest, openDatabase } from '../api/database/database';
import { openQueueBackend } from '../api/imports/statementImportRuntime';
import { importLimitsOf } from '../api/imports/statementImportProcessor';
import { startImportWorker } from '../api/imports/statementImportQueue';
import { createLogger } from '../api/logger';

/**
 * `npm run worker`: a statement-import worker as its own process. Start as many as needed,
 * on as many machines: they share the queue (Redis or PostgreSQL) and read the files from
 * PostgreSQL. The embedded PGlite default lives inside the `npm start` process, which runs
 * its own worker; a separate worker needs DATABASE_URL.
 */
const config = loadConfig();
const logger = createLogger(config.logLevel).child({ component: 'import-worker' });

if (!config.databaseUrl) {
  logger.error('npm run worker needs DATABASE_URL: the embedded database lives inside `npm start`, which already runs a worker (RUN_WORKER).');
  process.exit(1);
}

const db = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.workerConcurrency + 2, logger });
await migrateToLatest(db.knex);
const backend = await openQueueBackend(config, db);
const worker = startImportWorker(backend.connection, {
  knex: db.knex,
  logger,
  limits: importLimitsOf(config),
  concurrency: config.workerConcurrency,
});
await worker.ready;
logger.info({ queue: backend.description, concurrency: config.workerConcurrency, workerId: worker.id }, 'statement import worker ready');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: the current batch commits, its job goes back to the queue');
    // Last resort if even the forced close hangs (e.g. an unreachable server).
    setTimeout(() => process.exit(1), 40_000).unref();
    await worker.close();
    await backend.close();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  });
}
