import { loadConfig } from '../api/config';
import { migrateToLatest, openConfiguredDatabase } from '../api/database/database';
import { seedDemoData } from '../api/demo/demoData';

// `npm run seed`: adds the demo data to the configured database (DATABASE_URL or the embedded one).
const config = loadConfig();
const db = await openConfiguredDatabase(config);
try {
  await migrateToLatest(db.knex);
  console.log('Demo data added:', await seedDemoData(db.knex));
} finally {
  await db.close();
}
