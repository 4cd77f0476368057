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

export const TEMPLATE_DATABASE = process.env.TEST_PG_TEMPLATE || 'conance_test_template';
