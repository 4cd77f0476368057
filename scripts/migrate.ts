import { loadConfig } from '../api/config';
import { migrateToLatest, openConfiguredDatabase } from '../api/database/database';

// `npm run migrate`: what start does first, for deployments that migrate in a separate step.
const config = loadConfig();
const db = await openConfiguredDatabase(config);
try {
  const [batch, names] = await migrateToLatest(db.knex);
  console.log(names.length ? `Batch ${batch}: ${names.join(', ')}` : 'Already up to date.');
} finally {
  await db.close();
}
