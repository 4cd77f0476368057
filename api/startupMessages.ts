import path from 'node:path';
import type { AppConfig } from './config';
import { DEMO_ACCOUNTS } from './demo/demoAccounts';

/**
 * What the first and last lines of `npm start` tell a person: where the app is, which
 * accounts to sign in with, and what it runs on. Connection strings are shown without their
 * passwords.
 */
type StartupConfig = Pick<AppConfig, 'databaseUrl' | 'redisUrl' | 'dataDir' | 'host' | 'port' | 'seedDemo' | 'adminEmail' | 'adminPassword' | 'runWorker'>;

const relative = (dir: string) => {
  const shown = path.relative(process.cwd(), dir);
  return shown && !shown.startsWith('..') ? `./${shown}` : dir;
};

function withoutSecret(url: string) {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return 'an unreadable URL';
  }
}

export function describeDatabase(config: StartupConfig) {
  return config.databaseUrl ? `PostgreSQL at ${withoutSecret(config.databaseUrl)} (DATABASE_URL)` : `embedded PostgreSQL (PGlite) in ${relative(path.join(config.dataDir, 'pglite'))}`;
}

export function describeQueue(config: StartupConfig) {
  const where = config.redisUrl
    ? `Redis at ${withoutSecret(config.redisUrl)} (REDIS_URL)`
    : config.databaseUrl
      ? 'BullMQ on the same PostgreSQL (schema bullmq)'
      : 'BullMQ in the embedded PostgreSQL (schema bullmq)';
  return `${where}, ${config.runWorker ? 'worker in this process' : 'workers started apart (npm run worker)'}`;
}

/** The address a person opens: a wildcard listener is reached through localhost. */
export function browserUrl(config: StartupConfig, port: number) {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function accountsHint(config: StartupConfig, demo: boolean) {
  if (config.adminEmail && config.adminPassword) return `sign in as ${config.adminEmail} with ADMIN_PASSWORD`;
  if (demo) return `sign in as ${DEMO_ACCOUNTS.map(({ email, password, role }) => `${email} / ${password} (${role})`).join(' or ')}`;
  return 'sign in with your account (none yet? npm run user:create -- --email you@cabinet.fr --role admin)';
}
