import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createImportQueue, startImportWorker, type ImportWorker, type QueueConnection } from '../../api/imports/statementImportQueue';
import { importLimits, recordImport } from '../imports/importFixtures';
import { messyStatement } from '../imports/statementFiles';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { QUEUE_BACKENDS } from './queueBackends';
import { waitFor } from '../support/waitFor';
import { replaceStatementFile } from '../../statements/archive/storedStatementFile';

/**
 * Import ids restart at 1 in every new database, while a Redis (or a queue database) can
 * outlive it. Job ids carry the database's identity, so a new database's import 1 is not
 * mistaken for the job the queue already ran.
 */
let db: TestDatabase;
let connection: QueueConnection;
let closeBackend: () => Promise<void>;
let worker: ImportWorker;
const [postgresBackend] = QUEUE_BACKENDS;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ connection, close: closeBackend } = await postgresBackend.open(db));
  worker = startImportWorker(connection, { knex: db.knex, logger: pino({ level: 'silent' }), limits: importLimits });
});
afterAll(async () => {
  await worker?.close();
  await closeBackend?.();
  await db?.close();
});

const finished = (id: number) =>
  waitFor(async () => {
    const record = await db.knex('statement_imports').where({ id }).first();
    return record.status === 'completed' && record;
  }, `import ${id} to complete`);

it('runs the same import id again when it belongs to another database', async () => {
  const record = await recordImport(db.knex, await messyStatement());
  const oldDatabaseQueue = createImportQueue(connection, { jobIdPrefix: 'old-db-' });
  await oldDatabaseQueue.enqueue(record.id);
  await finished(record.id);
  // The record is committed just before BullMQ closes the job: reset it only once the queue agrees.
  await waitFor(() => oldDatabaseQueue.isLost(record.id), 'the first job to close');
  const commissions = await db.knex('commissions').where({ import_id: record.id }).count<{ count: number }[]>('* as count');
  expect(Number(commissions[0].count)).toBeGreaterThan(0);

  // The same id, as a new database would hand it out again: nothing written yet, its file stored
  // (an import's file goes when it ends).
  await db.knex('commissions').where({ import_id: record.id }).delete();
  await replaceStatementFile(db.knex, record.id, await messyStatement());
  await db.knex('statement_imports').where({ id: record.id }).update({ status: 'queued', checkpoint_row: 0, processed_rows: 0, finished_at: null });

  // Same prefix: BullMQ keeps the finished job and ignores the new one. Proven by the queue's
  // own state (no pending job for the import), not by waiting a while to see nothing happen.
  await oldDatabaseQueue.enqueue(record.id);
  expect(await oldDatabaseQueue.isLost(record.id)).toBe(true);
  expect((await db.knex('statement_imports').where({ id: record.id }).first()).status).toBe('queued');

  // Another database's identity: the job runs.
  const newDatabaseQueue = createImportQueue(connection, { jobIdPrefix: 'new-db-' });
  await newDatabaseQueue.enqueue(record.id);
  await finished(record.id);
  expect(await db.knex('commissions').where({ import_id: record.id }).count<{ count: number }[]>('* as count')).toEqual(commissions);
  await oldDatabaseQueue.close();
  await newDatabaseQueue.close();
});
