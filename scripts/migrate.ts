import path from 'node:path';
import { loadConfig } from '../api/config';
import { migrateToLatest, openDatabase } from '../api/database/database';

// `npm run migrate`: what start does first, for deployments that migrate in a separate step.
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: path.join(config.dataDir, 'pglite') });
try {
  const [batch, names] = await migrateToLatest(db.knex);
  console.log(names.length ? `Batch ${batch}: ${names.join(', ')}` : 'Already up to date.');
} finally {
  await db.close();
}
