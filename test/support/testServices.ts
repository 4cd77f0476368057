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
