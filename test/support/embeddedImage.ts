import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_RUN_ID } from './testServices';

/**
 * The embedded counterpart of the template database: a migrated PGlite cluster, dumped once per
 * run, that each embedded test database loads (half a second) instead of an initdb and a
 * migration run (about four seconds of WASM each).
 */
export const EMBEDDED_IMAGE_FILE = path.join(os.tmpdir(), `conance-pglite-${TEST_RUN_ID}.tar`);

/** Made in a child process: the WASM instance's memory would stay with the test runner for the whole run. */
export async function buildEmbeddedImage() {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  await promisify(execFile)(process.execPath, ['--import', tsx, fileURLToPath(import.meta.url), EMBEDDED_IMAGE_FILE], { maxBuffer: 16 * 1024 * 1024 });
}

/** The run's image, or undefined when this run made none (a config without the global setup). */
export function embeddedImage(): Blob | undefined {
  return fs.existsSync(EMBEDDED_IMAGE_FILE) ? new Blob([fs.readFileSync(EMBEDDED_IMAGE_FILE)]) : undefined;
}

// The child: the same start as startEmbeddedPostgres (extensions, search_path, socket), migrated, dumped.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { default: knexFactory } = await import('knex');
  const { EMBEDDED_EXTENSIONS, EMBEDDED_QUEUE_SCHEMA } = await import('../../api/database/embeddedPostgres');
  const { startSessionServer } = await import('../../api/database/embeddedSession');
  const { migrateToLatest } = await import('../../api/database/database');
  const pglite = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  await pglite.exec(`SET search_path TO public, ${EMBEDDED_QUEUE_SCHEMA}`);
  const server = await startSessionServer(pglite, { host: '127.0.0.1', maxConnections: 2 });
  const knex = knexFactory({ client: 'pg', connection: `postgres://postgres@127.0.0.1:${server.port}/postgres`, pool: { min: 0, max: 1 } });
  await migrateToLatest(knex);
  await knex.destroy();
  await server.stop();
  const image = await pglite.dumpDataDir('none');
  await pglite.close();
  // Renamed in whole: a test file never reads half an image.
  fs.writeFileSync(`${process.argv[2]}.part`, Buffer.from(await image.arrayBuffer()));
  fs.renameSync(`${process.argv[2]}.part`, process.argv[2]);
}
