import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { copyTemplate, ensureTemplate, initdbOutOfProcess, templateDir } from '../../scripts/pgliteTemplate.mjs';
import { startSessionServer } from './embeddedSession';

export interface EmbeddedPostgres {
  /** postgres:// URL of the socket server, for pg / Knex / BullMQ. */
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * PostgreSQL's shared_buffers. PGlite's default (128MB) is written in full when it opens, so
   * it is resident from the first second: the largest part of an instance's memory. The
   * embedded default holds demo-sized data, and pages that miss it are read back from the OS
   * page cache, outside the process.
   */
  sharedBuffers?: string;
  /** Told what the start is doing when it takes seconds (creating, opening). */
  logger?: Pick<Logger, 'info'>;
  /** A cluster dumped by PGlite's dumpDataDir, loaded into a memory database instead of an initdb (tests clone a migrated one). */
  image?: Blob;
}

/**
 * The data's buffer pool, unless PGLITE_SHARED_BUFFERS says otherwise, chosen at each open from
 * the size of the database's files: 16MB while they are small (the demo: about 26 MB, the empty
 * cluster's catalogs for the most part), 32MB past that. 10,000 clients were searched 1.3–2×
 * faster with 128MB than with 32MB, and 25,000 were 2–3× slower with 16MB (BENCHMARKS.md).
 */
export const SMALL_DATA_SHARED_BUFFERS = '16MB';
export const DATA_SHARED_BUFFERS = '32MB';
const SMALL_DATA_BYTES = 64 * 2 ** 20;

async function filesBytes(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        fs.stat(path.join(entry.parentPath, entry.name)).then(
          (stat) => stat.size,
          () => 0,
        ),
      ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

async function sharedBuffersFor(dataDir: string | undefined) {
  if (!dataDir) return DATA_SHARED_BUFFERS;
  return (await filesBytes(path.join(dataDir, 'base'))) <= SMALL_DATA_BYTES ? SMALL_DATA_SHARED_BUFFERS : DATA_SHARED_BUFFERS;
}
/**
 * The schema of BullMQ's tables in the embedded database. BullMQ leaves its names unqualified
 * and sets search_path per connection, which the socket ignores; PGlite being one session,
 * one session-wide search_path serves the app (public, first: where its migrations create
 * tables) and the queue. Their names do not overlap (job, event, meta... against ours).
 */
export const EMBEDDED_QUEUE_SCHEMA = 'bullmq';
export const EMBEDDED_EXTENSIONS = { pg_trgm, unaccent, pgcrypto, fuzzystrmatch };

/**
 * Starts PGlite (persisted in `dataDir`, or in memory when it is undefined) behind
 * pglite-socket, so that the app talks to it with `pg` exactly as it talks to a real server.
 * PGlite is a single session: callers keep their pools small (one connection for the app's).
 */
export async function startEmbeddedPostgres(dataDir: string | undefined, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const withBuffers = (size: string) => [...PGlite.defaultStartParams, '-c', `shared_buffers=${size}`];
  if (dataDir) {
    await fs.mkdir(dataDir, { recursive: true });
    await createDataDir(dataDir, withBuffers(SMALL_DATA_SHARED_BUFFERS), options.logger);
  }
  const startParams = withBuffers(options.sharedBuffers ?? (await sharedBuffersFor(dataDir)));
  options.logger?.info('opening the embedded database');
  const db = await PGlite.create({ dataDir, loadDataDir: dataDir ? undefined : options.image, extensions: EMBEDDED_EXTENSIONS, startParams });
  await db.exec(`SET search_path TO public, ${EMBEDDED_QUEUE_SCHEMA}`);
  // The app's pool, and the queue's and the worker's pools with their LISTEN clients.
  const server = await startSessionServer(db, { host: '127.0.0.1', maxConnections: 16 });
  const { port } = server;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * A new data directory is a copy of the cached cluster template (scripts/pgliteTemplate.mjs),
 * made first by initdb in a child process when there is none; initdb straight into the
 * directory when the cache cannot be written. This process then opens it as on any restart.
 */
async function createDataDir(dataDir: string, startParams: string[], logger?: Pick<Logger, 'info'>) {
  const exists = await fs.stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (exists) return;
  const cached = await fs.stat(templateDir()).then(
    () => true,
    () => false,
  );
  if (!cached) logger?.info({ dataDir }, 'creating the embedded database (first start: initdb, several seconds)');
  if (await copyTemplate(await ensureTemplate(startParams), dataDir)) return;
  await initdbOutOfProcess(dataDir, startParams);
}
