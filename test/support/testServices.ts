/**
 * Which real servers the suite runs against. `npm test` (scripts/test.ts) probes them and
 * sets these variables; when one is absent the suite falls back to the embedded defaults
 * and says so (never on CI, where everything must run).
 */
export const testServices = {
  /** Maintenance database of the real PostgreSQL server, used to create one database per test file. */
  postgresAdminUrl: process.env.TEST_PG_ADMIN_URL || undefined,
  redisUrl: process.env.TEST_REDIS_URL || undefined,
};

/**
 * Names are scoped to one run (TEST_RUN_ID, set by scripts/test.ts), so that two suites on the
 * same server never drop each other's databases.
 */
export const TEST_RUN_ID = process.env.TEST_RUN_ID || 'local';
export const TEMPLATE_DATABASE = `conance_tpl_${TEST_RUN_ID}`;
export const TEST_DATABASE_PREFIX = `conance_t_${TEST_RUN_ID}_`;

declare module 'vitest' {
  interface TaskMeta {
    /** Why this test or suite does not run here, printed by the skip report (test/support/skipReport.ts). */
    skipReason?: string;
  }
}

const SERVER_NAMES = { postgres: 'PostgreSQL (TEST_PG_ADMIN_URL unset)', redis: 'Redis (TEST_REDIS_URL unset)' };

/**
 * Test options for a test or suite that needs real servers: skipped without them, saying which
 * (`it('...', needsServers('postgres'), fn)`). The skip report prints the reason once per file.
 */
export function needsServers(...servers: Array<keyof typeof SERVER_NAMES>): { skip: boolean; meta: { skipReason?: string } } {
  const missing = servers.filter((server) => !(server === 'postgres' ? testServices.postgresAdminUrl : testServices.redisUrl));
  return skippedWhen(missing.length > 0, `needs ${missing.map((server) => SERVER_NAMES[server]).join(' and ')}`);
}

/** Test options that skip a test or suite when `condition` holds, for the reason given. */
export function skippedWhen(condition: boolean, reason: string): { skip: boolean; meta: { skipReason?: string } } {
  return { skip: condition, meta: condition ? { skipReason: reason } : {} };
}
