import knexFactory from 'knex';
import { migrateToLatest } from '../../api/database/database';
import { EMBEDDED_IMAGE_ENV, EMBEDDED_IMAGE_FILE, removeEmbeddedImage } from './embeddedImage';
import { TEMPLATE_DATABASE, TEST_DATABASE_PREFIX, testServices } from './testServices';

/**
 * Once per run: a migrated template database on the real server, which each test file clones
 * (CREATE DATABASE ... TEMPLATE) in milliseconds instead of a migration run; and the name of its
 * embedded counterpart, made by the first file that needs it (test/support/embeddedImage.ts).
 */
export default async function setup() {
  removeEmbeddedImage();
  process.env[EMBEDDED_IMAGE_ENV] = EMBEDDED_IMAGE_FILE;
  const removeServerTemplate = await setupServerTemplate();
  return async () => {
    removeEmbeddedImage();
    await removeServerTemplate?.();
  };
}

async function setupServerTemplate() {
  const adminUrl = testServices.postgresAdminUrl;
  if (!adminUrl) return undefined;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    // Quoted identifiers (??): the run id in the names comes from the environment.
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [TEMPLATE_DATABASE]);
    await admin.raw('CREATE DATABASE ??', [TEMPLATE_DATABASE]);
  } finally {
    await admin.destroy();
  }
  const template = knexFactory({ client: 'pg', connection: databaseUrl(adminUrl, TEMPLATE_DATABASE), pool: { min: 0, max: 1 } });
  try {
    await migrateToLatest(template);
    // A mutant of a database rule, applied by scripts/sqlMutations.ts (never set by npm test).
    if (process.env.TEST_SQL_MUTATION) {
      await template.raw(process.env.TEST_SQL_MUTATION).catch((error: unknown) => {
        throw new Error(`SQL mutant not applied: ${String(error)}`);
      });
    }
  } finally {
    await template.destroy();
  }
  return async () => {
    const cleanup = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
    try {
      const leftovers = await cleanup('pg_database')
        .select('datname')
        .where('datname', 'like', `${TEST_DATABASE_PREFIX.replace(/_/g, '\\_')}%`);
      for (const { datname } of leftovers) await cleanup.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
      await cleanup.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [TEMPLATE_DATABASE]);
    } finally {
      await cleanup.destroy();
    }
  };
}

export function databaseUrl(serverUrl: string, database: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
