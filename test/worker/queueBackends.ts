import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { QueueConnection } from '../../api/imports/statementImportQueue';
import { openQueueBackend } from '../../api/imports/statementImportRuntime';
import type { TestDatabase } from '../support/testDatabase';
import { TEST_RUN_ID, testServices } from '../support/testServices';

/**
 * The two queue backends the suite runs on. PostgreSQL is always there (the real server,
 * or an in-memory PGlite of its own as on the embedded default); Redis only when `npm test`
 * found it. Without it, the Redis tests are reported as skipped with the reason in their
 * name, and scripts/test.ts lists Redis under "Not covered" (CI fails instead).
 */
export interface QueueBackendCase {
  name: string;
  available: boolean;
  open(db: TestDatabase): Promise<{ connection: QueueConnection; close(): Promise<void> }>;
}

export const QUEUE_BACKENDS: QueueBackendCase[] = [
  {
    name: 'BullMQ PostgreSQL backend',
    available: true,
    async open(db) {
      const backend = await openQueueBackend({ redisUrl: undefined }, db);
      return { connection: backend.connection, close: () => backend.close() };
    },
  },
  {
    name: testServices.redisUrl ? 'Redis' : 'Redis — NOT RUN: no Redis server (TEST_REDIS_URL unset)',
    available: Boolean(testServices.redisUrl),
    async open() {
      // Each test file gets its own key prefix, so files (and runs) share one Redis without meeting;
      // its keys are deleted on close, so runs leave nothing behind.
      const prefix = `conance-test-${TEST_RUN_ID}-${crypto.randomBytes(6).toString('hex')}`;
      return { connection: { backend: 'redis', url: testServices.redisUrl!, prefix }, close: async () => void (await deleteRedisKeys(testServices.redisUrl!, `${prefix}:*`)) };
    },
  },
];

/** Deletes the keys matching `pattern` (SCAN, never KEYS: the server may be shared). */
export async function deleteRedisKeys(url: string, pattern: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
