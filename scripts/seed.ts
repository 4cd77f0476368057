import { loadConfig } from '../api/config';
import { migrateToLatest, openConfiguredDatabase } from '../api/database/database';
import { seedDemoData } from '../api/demo/demoData';

// `npm run seed`: adds the demo data to the configured database (DATABASE_URL or the embedded one), once.
const config = loadConfig();
const db = await openConfiguredDatabase(config);
try {
  await migrateToLatest(db.knex);
  const added = await seedDemoData(db.knex);
  console.log(added ? `Demo data added: ${JSON.stringify(added)}` : 'The demo data is already there (demo clients CL010001 to CL010200): nothing was added.');
} finally {
  await db.close();
}
