import crypto from 'node:crypto';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { createImportQueue, IMPORT_QUEUE_NAME, startImportWorker, type ImportWorker, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { openQueueBackend, queuePrefixOf, startStatementImports, type StatementImports } from '../../api/imports/statementImportRuntime';
import { sharedRandomSetting } from '../../api/database/appSettings';
import { importLimits, recordImport } from '../imports/importFixtures';
import { largeStatement } from '../imports/statementFiles';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { TEST_RUN_ID, needsServers, testServices } from '../support/testServices';
import { waitFor } from '../support/waitFor';
import { deleteRedisKeys } from './queueBackends';

/**
 * Two deployments, each with its own PostgreSQL database, pointed at the same Redis: app B's
 * worker took app A's jobs (2,000-row imports took 27–59 s instead of 1.2 s, A's reconciler
 * putting them back). The queue's keys now carry the database they serve, so each worker takes
 * its own database's jobs only. Upgrading moves the jobs an earlier version left in the shared
 * queue into the database's own, and leaves the other deployment's jobs where they are.
 */
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const redisUrl = testServices.redisUrl!;

describe('two deployments on one Redis', needsServers('redis'), () => {
  const deployments: Array<{ db: TestDatabase; queue: StatementImportQueue; worker: ImportWorker; prefix: string }> = [];

  beforeAll(async () => {
    for (const name of ['A', 'B']) {
      const db = await createTestDatabase();
      // As startStatementImports opens it from REDIS_URL alone: no prefix given by anyone.
      const backend = await openQueueBackend({ redisUrl }, db);
      const prefix = backend.connection.backend === 'redis' ? backend.connection.prefix! : '';
      const jobIdPrefix = `${await sharedRandomSetting(db.knex, 'queue_database_id', 6)}-`;
      const queue = createImportQueue(backend.connection, { jobIdPrefix });
      const worker = startImportWorker(backend.connection, { knex: db.knex, logger, limits: importLimits, workerId: `worker-${name}` });
      deployments.push({ db, queue, worker, prefix });
    }
  });
  afterAll(async () => {
    for (const { db, queue, worker, prefix } of deployments) {
      await worker.close();
      await queue.close();
      await deleteRedisKeys(redisUrl, `${prefix}:*`);
      await db.close();
    }
  });

  it('gives each database its own keys, the same for every process that serves it', async () => {
    const [a, b] = deployments;
    expect(a.prefix).toMatch(/^conance-[0-9a-f]{16}$/);
    expect(b.prefix).toMatch(/^conance-[0-9a-f]{16}$/);
    expect(a.prefix).not.toBe(b.prefix);
    // Another process of deployment A (a worker started later) computes the same prefix.
    expect(await queuePrefixOf(a.db.knex)).toBe(a.prefix);
  });

  it('runs every import with its own database’s worker, once, with no reconciler to put jobs back', async () => {
    const [a, b] = deployments;
    // Imports 1-8 exist in both databases: in B they already ran, in A they are queued now. A job
    // of A taken by B's worker would find B's import of that id finished, close the job, and leave
    // A's import queued for ever.
    const ids: number[][] = [[], []];
    for (let n = 0; n < 8; n++) {
      const file = await largeStatement(300, { clients: 60, startClient: 500000 + n * 100 });
      const ran = await recordImport(b.db.knex, file);
      await processStatementImport(ran.id, { knex: b.db.knex, logger, limits: importLimits });
      ids[1].push(ran.id);
      ids[0].push((await recordImport(a.db.knex, file)).id);
    }
    expect(ids[0]).toEqual(ids[1]);
    for (const id of ids[0]) await a.queue.enqueue(id);
    for (const id of ids[0]) {
      const done = await waitFor(
        async () => {
          const row = await a.db.knex('statement_imports').where({ id }).first();
          return row.status === 'completed' && row;
        },
        `import ${id} of deployment A`,
        20_000,
      );
      expect({ claimedBy: done.claimed_by, attempts: done.attempts, processed: done.processed_rows, commissions: done.commissions_created }).toEqual({
        claimedBy: 'worker-A',
        attempts: 1,
        processed: 300,
        commissions: 300,
      });
    }
    // B's imports ran once, by hand above, and nothing since.
    expect(await b.db.knex('statement_imports').whereIn('id', ids[1]).pluck('attempts')).toEqual(ids[1].map(() => 1));
  });

  it('moves this database’s jobs out of the shared queue of earlier versions, and only those', async () => {
    const [a, b] = deployments;
    // The shared queue as an earlier version left it: one waiting job of A, one of B.
    const legacyPrefix = `conance-test-legacy-${TEST_RUN_ID}-${crypto.randomBytes(4).toString('hex')}`;
    const legacy = new Queue(IMPORT_QUEUE_NAME, { connection: { host: new URL(redisUrl).hostname, port: Number(new URL(redisUrl).port || 6379) }, prefix: legacyPrefix });
    let imports: StatementImports | undefined;
    try {
      const stranded = await recordImport(a.db.knex, await largeStatement(50, { clients: 10, startClient: 590000 }));
      const jobIdOf = async (deployment: typeof a, id: number) => `${await sharedRandomSetting(deployment.db.knex, 'queue_database_id', 6)}-import-${id}`;
      await legacy.add('import', { importId: stranded.id }, { jobId: await jobIdOf(a, stranded.id) });
      await legacy.add('import', { importId: 999 }, { jobId: await jobIdOf(b, 999) });

      // Deployment A's API starts on the new version: its runtime moves A's job into A's queue.
      const config = loadConfig({ REDIS_URL: redisUrl, RUN_WORKER: 'false', LOG_LEVEL: 'silent' });
      imports = await startStatementImports(config, { ...a.db, embedded: false }, logger, { legacyPrefix });
      const done = await waitFor(
        async () => {
          const row = await a.db.knex('statement_imports').where({ id: stranded.id }).first();
          return row.status === 'completed' && row;
        },
        'the stranded import',
        30_000,
      );
      expect(done).toMatchObject({ claimed_by: 'worker-A', commissions_created: 50 });
      // B's job is still waiting in the shared queue for B's own upgrade.
      const left = await legacy.getJobs(['waiting']);
      expect(left.map((job) => job.data.importId)).toEqual([999]);
    } finally {
      await imports?.close();
      await legacy.close();
      await deleteRedisKeys(redisUrl, `${legacyPrefix}:*`);
    }
  });
});
