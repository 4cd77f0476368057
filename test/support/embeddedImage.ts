import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory from 'knex';
import { migrateToLatest } from '../../api/database/database';
import { EMBEDDED_EXTENSIONS, EMBEDDED_QUEUE_SCHEMA } from '../../api/database/embeddedPostgres';
import { startSessionServer } from '../../api/database/embeddedSession';
import { TEST_RUN_ID } from './testServices';
import { waitFor } from './waitFor';

/**
 * The embedded counterpart of the template database: a migrated PGlite cluster, dumped once per
 * run by the first test file that needs one, that each embedded test database then loads (half
 * a second) instead of an initdb and a migration run (about four seconds of WASM each).
 * globalSetup names the file (a run without it migrates each database) and removes it.
 */
export const EMBEDDED_IMAGE_FILE = path.join(os.tmpdir(), `conance-pglite-${TEST_RUN_ID}.tar`);
export const EMBEDDED_IMAGE_ENV = 'TEST_PGLITE_IMAGE';

export async function embeddedImage(): Promise<Blob | undefined> {
  const file = process.env[EMBEDDED_IMAGE_ENV];
  if (!file) return undefined;
  const failed = `${file}.failed`;
  let builder = false;
  try {
    fs.writeFileSync(`${file}.lock`, String(process.pid), { flag: 'wx' });
    builder = true;
  } catch {
    // Another test file is making it.
  }
  if (builder) await buildImage(file).catch((error: unknown) => fs.writeFileSync(failed, String(error)));
  else await waitFor(async () => fs.existsSync(file) || fs.existsSync(failed), 'the embedded test image', 120_000);
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
}

/** The same start as startEmbeddedPostgres (extensions, search_path, socket), migrated, dumped. */
async function buildImage(file: string) {
  const pglite = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  try {
    await pglite.exec(`SET search_path TO public, ${EMBEDDED_QUEUE_SCHEMA}`);
    const server = await startSessionServer(pglite, { host: '127.0.0.1', maxConnections: 2 });
    const knex = knexFactory({ client: 'pg', connection: `postgres://postgres@127.0.0.1:${server.port}/postgres`, pool: { min: 0, max: 1 } });
    try {
      await migrateToLatest(knex);
    } finally {
      await knex.destroy();
      await server.stop();
    }
    const image = await pglite.dumpDataDir('none');
    // Renamed in whole: another test file never reads half an image.
    fs.writeFileSync(`${file}.part`, Buffer.from(await image.arrayBuffer()));
    fs.renameSync(`${file}.part`, file);
  } finally {
    await pglite.close();
  }
}

/** globalSetup's teardown: the image and its markers. */
export function removeEmbeddedImage() {
  for (const suffix of ['', '.lock', '.part', '.failed']) fs.rmSync(`${EMBEDDED_IMAGE_FILE}${suffix}`, { force: true });
}
