import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { UserService } from '../users/userService';

/** Written in the README's quick start too: the two-command start lands on a working login. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.conance.fr', password: 'demo-admin-2026', fullName: 'Alice Administratrice', role: 'admin' as const },
  { email: 'support@demo.conance.fr', password: 'demo-support-2026', fullName: 'Samuel Support', role: 'support' as const },
];

/**
 * First accounts: ADMIN_EMAIL / ADMIN_PASSWORD create or reset an admin at each start; on the
 * embedded demo with nobody to sign in, the demo accounts are created and printed.
 */
export async function bootstrapAccounts(users: UserService, options: { adminEmail?: string; adminPassword?: string; demo: boolean; logger: Logger }) {
  const { logger } = options;
  if (options.adminEmail && options.adminPassword) {
    await users.ensureAccount({ email: options.adminEmail, password: options.adminPassword, fullName: 'Administrateur', role: 'admin' });
    logger.info({ email: options.adminEmail }, 'admin account ready (ADMIN_EMAIL)');
    return;
  }
  if (options.demo && (await users.count()) === 0) {
    for (const account of DEMO_ACCOUNTS) await users.create(account);
  }
  if (options.demo) {
    logger.info(`demo accounts (embedded demo database): ${DEMO_ACCOUNTS.map(({ email, password, role }) => `${role} ${email} / ${password}`).join('  |  ')}`);
  } else if ((await users.count()) === 0) {
    logger.warn('no user yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run user:create -- --email ... --role admin`');
  }
}

/** Seeds the demo data once per database (not again after the demo clients are deleted). */
export async function seedDemoOnce(knex: Knex, seed: () => Promise<unknown>) {
  const done = await knex('app_settings').where({ key: 'demo_seeded_at' }).first();
  if (done) return undefined;
  const [{ count }] = await knex('clients').count<{ count: number }[]>('* as count');
  const result = Number(count) === 0 ? await seed() : undefined;
  await knex('app_settings').insert({ key: 'demo_seeded_at', value: new Date().toISOString() }).onConflict('key').ignore();
  return result;
}
