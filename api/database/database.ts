import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import { migrationSource } from '../../migrations/index';
import { startEmbeddedPostgres } from './embeddedPostgres';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// count(*) and bigserial ids fit comfortably in a JS number for this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Database {
  knex: Knex;
  /** true when running on the embedded PGlite default. */
  embedded: boolean;
  url: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Directory of the embedded database; undefined keeps it in memory. */
  embeddedDir?: string;
  poolMax?: number;
  /** shared_buffers of the embedded database (see embeddedPostgres.ts). */
  embeddedSharedBuffers?: string;
  /** A dumped cluster to start the in-memory embedded database from (see embeddedPostgres.ts). */
  embeddedImage?: Blob;
  logger?: Logger;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(options.embeddedDir, { sharedBuffers: options.embeddedSharedBuffers, logger: options.logger, image: options.embeddedImage });
  const url = options.databaseUrl ?? embedded!.url;
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    // PGlite serves one session: a single pooled connection avoids interleaved
    // unnamed prepared statements (pglite PR #977).
    pool: { min: 0, max: embedded ? 1 : (options.poolMax ?? 10) },
    acquireConnectionTimeout: 60_000,
  });
  // Its socket's address is internal: the start-up banner says where the data lives.
  if (embedded) options.logger?.debug({ url }, 'embedded PostgreSQL (PGlite) started');
  return {
    knex,
    embedded: Boolean(embedded),
    url,
    async close() {
      await knex.destroy();
      await embedded?.close();
    },
  };
}

/** The database the configuration names: DATABASE_URL, or the embedded one under DATA_DIR. */
export function openConfiguredDatabase(config: { databaseUrl?: string; dataDir: string; pgliteSharedBuffers?: string }, logger?: Logger) {
  return openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: path.join(config.dataDir, 'pglite'), embeddedSharedBuffers: config.pgliteSharedBuffers, logger });
}

/** Applies the pending migrations; says so first, when there are any (a first start applies them all). */
export async function migrateToLatest(knex: Knex, logger?: Logger) {
  if (logger) {
    const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
    if (pending.length) logger.info({ pending: pending.length }, `applying ${pending.length} database migration(s)`);
  }
  return knex.migrate.latest({ migrationSource });
}
