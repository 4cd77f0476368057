import { parseArgs } from 'node:util';
import { loadConfig } from '../api/config';
import { migrateToLatest, openConfiguredDatabase } from '../api/database/database';
import { UserService } from '../api/users/userService';

// npm run user:create -- --email jane@cabinet.fr --role admin [--name "Jane Doe"] [--password ...]
// Without --password, a random one is generated and printed once.
const { values } = parseArgs({
  options: { email: { type: 'string' }, role: { type: 'string', default: 'support' }, name: { type: 'string' }, password: { type: 'string' } },
});
if (!values.email) {
  console.error('Usage: npm run user:create -- --email EMAIL --role admin|support [--name "Full Name"] [--password PASSWORD]');
  process.exit(2);
}
const password = values.password ?? crypto.randomUUID().replace(/-/g, '').slice(0, 16);
const config = loadConfig();
const db = await openConfiguredDatabase(config);
try {
  await migrateToLatest(db.knex);
  const user = await new UserService(db.knex).ensureAccount({
    email: values.email,
    password,
    fullName: values.name ?? values.email,
    role: values.role as 'admin' | 'support',
  });
  console.log(`User ${user.email} (${user.role}) ready.${values.password ? '' : ` Password: ${password}`}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
