import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { startAccessLogPurge } from './accessLog/accessLogPurge';
import { startRowCountCompaction } from './listing/rowCounts';
import { createApp } from './app';
import type { AppConfig } from './config';
import { migrateToLatest, openConfiguredDatabase, type Database } from './database/database';
import { bootstrapAccounts, seedDemoOnce } from './demo/demoAccounts';
import { startStatementImports, type StatementImports } from './imports/statementImportRuntime';
import { seedDemoData } from './demo/demoData';
import { createLogger } from './logger';
import { accountsHint, browserUrl, describeDatabase, describeQueue } from './startupMessages';
import { UserService } from './users/userService';

export const ADMIN_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../admin/dist');

export interface RunningServer {
  url: string;
  db: Database;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Everything `npm start` does: database (embedded or DATABASE_URL), migrations, first
 * accounts, demo data, HTTP server. Tests start the app through this same function.
 */
export interface StartServerOptions {
  logger?: Logger;
  adminDistDir?: string;
  /** The admin's build, under way while the database starts: served once it has ended. */
  adminBuild?: Promise<unknown>;
}

export async function startServer(config: AppConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = describeDatabase(config);
  const queue = describeQueue(config);
  // PORT=0 (tests) picks a port only at listen time: then the ready line alone gives the address.
  const where = config.port ? `, for ${browserUrl(config, config.port)}` : '';
  logger.info({ database, queue, port: config.port }, `Conance is starting${where}: database ${database}; import queue ${queue}`);
  const db = await openConfiguredDatabase(config, logger);
  let imports: StatementImports | undefined;
  let accessLogPurge: ReturnType<typeof startAccessLogPurge> | undefined;
  let rowCountCompaction: ReturnType<typeof startRowCountCompaction> | undefined;
  try {
    await migrateToLatest(db.knex, logger);
    const demo = db.embedded && config.seedDemo;
    if (demo) {
      const seeded = await seedDemoOnce(db.knex, () => {
        logger.info('loading the demo data');
        return seedDemoData(db.knex);
      });
      if (seeded) logger.info(seeded, 'demo data loaded (SEED_DEMO=false to start empty)');
    }
    await bootstrapAccounts(new UserService(db.knex), { adminEmail: config.adminEmail, adminPassword: config.adminPassword, demo, logger });

    // Statement imports: queue on Redis or PostgreSQL, in-process worker unless RUN_WORKER=false.
    logger.info('starting the import queue');
    imports = await startStatementImports(config, db, logger);
    // Access log: entries past the configured period are deleted now, then every hour.
    accessLogPurge = startAccessLogPurge({ knex: db.knex, logger: logger.child({ component: 'access-log-purge' }) });
    // The lists' row counts: deltas folded into one row per table, every minute.
    rowCountCompaction = startRowCountCompaction({ knex: db.knex, logger: logger.child({ component: 'row-counts' }) });

    if (options.adminBuild) await untilAdminBuilt(options.adminBuild, logger);
    const { app, close: closeApp } = await createApp({
      knex: db.knex,
      logger,
      config,
      adminDistDir: options.adminDistDir ?? ADMIN_DIST_DIR,
      extraRouters: { '/imports': imports.router },
      healthChecks: { queue: imports.queueHealth },
      queueJobCounts: imports.queueJobCounts,
      importWorkers: imports.importWorkers,
    });
    const server: Server = await new Promise((resolve, reject) => {
      // Express 5 calls back on 'error' too (a port in use): that must fail the start plainly.
      const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    const openAt = browserUrl(config, port);
    logger.info({ url: openAt, database, queue }, `Conance is ready at ${openAt}: ${accountsHint(config, demo)}`);

    return {
      url,
      db,
      logger,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        closeApp();
        await accessLogPurge?.stop();
        await rowCountCompaction?.stop();
        // The worker finishes or gives back its current batch before the database goes.
        await imports?.close();
        await db.close();
      },
    };
  } catch (error) {
    await accessLogPurge?.stop();
    await rowCountCompaction?.stop();
    await imports?.close();
    await db.close();
    throw error;
  }
}

/** Waits for the admin's build, saying so when the rest of the start is ready before it. */
async function untilAdminBuilt(build: Promise<unknown>, logger: Logger) {
  const pending = Symbol('pending');
  if ((await Promise.race([build, Promise.resolve(pending)])) === pending) logger.info('waiting for the admin build to finish');
  await build;
}
