import crypto from 'node:crypto';
import knexFactory from 'knex';
import { migrateToLatest, openDatabase, type Database } from '../../api/database/database';
import { embeddedImage } from './embeddedImage';
import { databaseUrl } from './globalSetup';
import { TEMPLATE_DATABASE, TEST_DATABASE_PREFIX, testServices } from './testServices';

export interface TestDatabase extends Database {
  /** Drops the database (real server) or stops the embedded one. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a clone of the template on the real
 * PostgreSQL server, or an in-memory PGlite when no server is available (or `embedded: true`),
 * loaded from the run's migrated image.
 */
export async function createTestDatabase(options: { embedded?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = testServices.postgresAdminUrl;
  if (!adminUrl || options.embedded) {
    const image = await embeddedImage();
    const db = await openDatabase({ embeddedImage: image });
    if (!image) await migrateToLatest(db.knex);
    return db;
  }
  const name = `${TEST_DATABASE_PREFIX}${crypto.randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    // Quoted identifiers (??): the run id in the names comes from the environment.
    await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [name, TEMPLATE_DATABASE]);
  } finally {
    await admin.destroy();
  }
  const db = await openDatabase({ databaseUrl: databaseUrl(adminUrl, name) });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      try {
        await cleanup.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}
