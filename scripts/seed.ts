import { loadConfig } from '../api/config';
import { migrateToLatest, openDatabase } from '../api/database/database';
import { seedDemoData } from '../api/demo/demoData';
import path from 'node:path';

// `npm run seed`: adds the demo data to the configured database (DATABASE_URL or the embedded one).
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: path.join(config.dataDir, 'pglite') });
try {
  await migrateToLatest(db.knex);
  console.log('Demo data added:', await seedDemoData(db.knex));
} finally {
  await db.close();
}
