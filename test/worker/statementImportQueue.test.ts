import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportQueue, startImportWorker, type ImportWorker, type QueueConnection, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { StatementImportService } from '../../api/imports/statementImportService';
import { importLimits, recordImport } from '../imports/importFixtures';
import { largeStatement, messyStatement } from '../imports/statementFiles';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { QUEUE_BACKENDS } from './queueBackends';
import { waitFor } from '../support/waitFor';
import { replaceStatementFile } from '../../statements/archive/storedStatementFile';
import { skippedWhen } from '../support/testServices';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe.each(QUEUE_BACKENDS)('statement import queue on $name', (backendCase) => {
  let db: TestDatabase;
  let connection: QueueConnection;
  let closeBackend: () => Promise<void>;
  let queue: StatementImportQueue;
  const workers: ImportWorker[] = [];
  const children: ChildProcess[] = [];
  const imports = () => new StatementImportService(db.knex);
  const startWorker = (options: Partial<Parameters<typeof startImportWorker>[1]> = {}) => {
    const worker = startImportWorker(connection, { knex: db.knex, logger, limits: importLimits, stalledInterval: 1000, ...options });
    workers.push(worker);
    return worker;
  };
  const finished = (id: number, timeoutMs?: number) =>
    waitFor(
      async () => {
        const record = await imports().get(id);
        return ['completed', 'failed'].includes(record.status) && record;
      },
      `import ${id} to finish`,
      timeoutMs,
    );

  beforeAll(async () => {
    if (!backendCase.available) return;
    db = await createTestDatabase();
    ({ connection, close: closeBackend } = await backendCase.open(db));
    queue = createImportQueue(connection);
  });
  afterAll(async () => {
    if (!backendCase.available) return;
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const worker of workers) await worker.close();
    await queue?.close();
    await closeBackend?.();
    await db?.close();
  });

  it('runs a queued import to completion, once even if enqueued twice', skippedWhen(!backendCase.available, 'needs Redis (TEST_REDIS_URL unset)'), async () => {
    startWorker();
    const record = await recordImport(db.knex, await messyStatement());
    await queue.enqueue(record.id);
    await queue.enqueue(record.id);
    const done = await finished(record.id);
    expect(done).toMatchObject({ status: 'completed', commissionsCreated: 4, rowsRejected: 3, attempts: 1 });
    // No second run can come: once BullMQ has closed the job it ran (the record is committed just
    // before that), the queue holds no pending job for this import; the second enqueue left none.
    await waitFor(() => queue.isLost(record.id), `the queue to close import ${record.id}'s job`);
    expect((await imports().get(record.id)).attempts).toBe(1);
    expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: 4 });
  });

  it('retries with backoff after a database failure, without doubling anything', skippedWhen(!backendCase.available, 'needs Redis (TEST_REDIS_URL unset)'), async () => {
    const record = await recordImport(db.knex, await largeStatement(300, { clients: 100, startClient: 500000 }));
    // A real failure from PostgreSQL on the first batch of this import only: the sequence
    // is not transactional, so the second attempt goes through.
    await db.knex.raw(`CREATE SEQUENCE fail_once_${record.id}`);
    await db.knex.raw(`
      CREATE FUNCTION fail_once_${record.id}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('fail_once_${record.id}') = 1 THEN RAISE EXCEPTION 'simulated outage'; END IF;
        RETURN NEW;
      END $$`);
    await db.knex.raw(`CREATE TRIGGER fail_once_${record.id} BEFORE INSERT ON commissions FOR EACH ROW WHEN (NEW.import_id = ${record.id}) EXECUTE FUNCTION fail_once_${record.id}()`);
    await queue.enqueue(record.id);
    const done = await finished(record.id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, clientsCreated: 100, commissionsCreated: 300, error: null });
    expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: 300 });
  });

  it('fails a corrupt file at once (no retries) with a clear message', skippedWhen(!backendCase.available, 'needs Redis (TEST_REDIS_URL unset)'), async () => {
    const record = await recordImport(db.knex, await messyStatement());
    const file = await messyStatement();
    await replaceStatementFile(db.knex, record.id, file.subarray(0, file.length - 100));
    await queue.enqueue(record.id);
    const done = await finished(record.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/endommagé ou incomplet/) });
  });

  it('shuts down gracefully: the current batch commits, the job goes back to the queue and resumes', skippedWhen(!backendCase.available, 'needs Redis (TEST_REDIS_URL unset)'), async () => {
    for (const worker of workers.splice(0)) await worker.close();
    const rows = 10_000;
    const record = await recordImport(db.knex, await largeStatement(rows, { clients: 2_500, startClient: 600000 }));
    // Batches of 500: closing lands between two of them, well before the end.
    const first = startWorker({ batchRows: 500 });
    await queue.enqueue(record.id);
    await waitFor(async () => (await imports().get(record.id)).processedRows > 0, 'a first batch');
    // Closing releases the job between batches: it must come back queued, not finished.
    await first.close();
    workers.splice(workers.indexOf(first), 1);

    const paused = await db.knex('statement_imports').where({ id: record.id }).first();
    expect(paused.status).toBe('queued');
    expect(paused.processed_rows).toBeGreaterThan(0);
    expect(paused.processed_rows).toBeLessThan(rows);
    const written = await db.knex('commissions').where({ import_id: record.id }).count('* as n').first();
    expect(written).toEqual({ n: paused.processed_rows });

    startWorker({ batchRows: 500 });
    const done = await finished(record.id, 120_000);
    expect(done).toMatchObject({ status: 'completed', processedRows: rows, commissionsCreated: rows, clientsCreated: 2_500 });
    expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: rows });
  });

  // Two partial runs of a 10,000-row import: the timeout is a budget for a loaded CI machine, not a speed check.
  it(
    'recovers the job of a worker killed mid-import (stalled job) and loses nothing',
    { ...skippedWhen(!backendCase.available, 'needs Redis (TEST_REDIS_URL unset)'), timeout: 180_000 },
    async (context) => {
      if (db.embedded) {
        context.skip('a killed process cannot share the in-process PGlite: runs on the real PostgreSQL server only');
      }
      for (const worker of workers.splice(0)) await worker.close();
      const rows = 10_000;
      const record = await recordImport(db.knex, await largeStatement(rows, { clients: 2_500, startClient: 700000 }));
      // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a grandchild
      // that a SIGKILL of the CLI would leave running.
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/worker/crashingWorker.ts'), JSON.stringify({ connection, databaseUrl: db.url })], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await queue.enqueue(record.id);
      await waitFor(async () => (await imports().get(record.id)).processedRows > 0, 'a first batch in the child');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const atCrash = await imports().get(record.id);
      expect(atCrash.status).toBe('running');
      // Nothing moves while no worker runs: the crashed one is really gone once PostgreSQL has
      // ended its sessions (an open batch transaction is rolled back, never committed later).
      await waitFor(
        async () => (await db.knex.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`)).rows[0].n === 0,
        'the killed worker’s sessions to end',
      );
      expect((await imports().get(record.id)).processedRows).toBe(atCrash.processedRows);
      expect(atCrash.processedRows).toBeLessThan(rows);

      startWorker({ stalledInterval: 1000, batchRows: 500 });
      const done = await finished(record.id, 120_000);
      expect(done).toMatchObject({ status: 'completed', processedRows: rows, commissionsCreated: rows });
      expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: rows });
      expect(await db.knex('commissions').where({ import_id: record.id }).countDistinct('import_row as n').first()).toEqual({ n: rows });
    },
  );
});
