import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { queuePrefixOf } from '../../api/imports/statementImportRuntime';
import { startServer, type RunningServer } from '../../api/server';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { needsServers, testServices } from '../support/testServices';
import { deleteRedisKeys } from '../worker/queueBackends';
import { waitFor } from '../support/waitFor';

/**
 * The access log's retention is kept by the API process itself, at start and then hourly,
 * whether or not it runs an import worker: docker-compose.yml runs the API with RUN_WORKER=false
 * and the worker apart, and a deployment without the worker (imports paused) keeps purging too.
 * Each start below is the real `npm start` (startServer) on a database holding entries past the
 * period; the test waits for them to go, and for nothing else to. The embedded database's start
 * (RUN_WORKER=false) is checked the same way in embeddedStart.test.ts.
 */
const AGES = ['1 day', '11 months', '13 months', '3 years'];
const KEPT = ['1 day', '11 months'];

async function seedAged(knex: Knex) {
  await knex('client_access_log').insert(AGES.map((age, i) => ({ user_label: age, client_id: i + 1, kind: 'view', occurred_at: knex.raw(`now() - ?::interval`, [age]) })));
}
const labels = async (knex: Knex) => (await knex('client_access_log').orderBy('client_id').pluck('user_label')) as string[];
/** Waits for the purge at start; a start that never purges fails here, loudly. */
const purged = (knex: Knex) => waitFor(async () => JSON.stringify(await labels(knex)) === JSON.stringify(KEPT), 'the access log purge at start', 30_000);

const started: RunningServer[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const server of started.reverse()) await server.close();
  for (const cleanup of cleanups) await cleanup();
});

const start = async (env: Record<string, string>) => {
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'silent', ...env }), {
    logger: pino({ level: 'silent' }),
    adminDistDir: path.join(os.tmpdir(), 'conance-no-admin'),
  });
  started.push(server);
  return server;
};

describe('the access-log purge at API start', { timeout: 240_000 }, () => {
  it.each(['false', 'true'])('runs on a PostgreSQL server with RUN_WORKER=%s, the queue on Redis as docker-compose.yml has it', needsServers('postgres'), async (runWorker) => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.close());
    await seedAged(db.knex);
    const env: Record<string, string> = { DATABASE_URL: db.url, RUN_WORKER: runWorker };
    // As docker-compose.yml: REDIS_URL set; without a Redis server, the queue goes to PostgreSQL.
    if (testServices.redisUrl) {
      env.REDIS_URL = testServices.redisUrl;
      const prefix = await queuePrefixOf(db.knex);
      cleanups.unshift(() => deleteRedisKeys(testServices.redisUrl!, `${prefix}:*`));
    }
    const server = await start(env);
    expect(server.db.embedded).toBe(false);
    await purged(db.knex);
    expect(await labels(db.knex)).toEqual(KEPT);
  });
});
