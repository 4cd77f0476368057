import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { abandonedMessage, finalFailureMessage, retryMessage } from '../../api/imports/statementImportQueue';
import { DATABASES } from '../support/databases';
import { pausableKnex as pausable } from '../support/pausableKnex';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';
import { largeStatement } from './statementFiles';
import { renderMessage } from '../../shared/messages/message';

/**
 * A worker paused past its queue lock (a long GC, a frozen VM), and the worker the queue handed
 * its job to, both ran the same import: nothing was doubled, but the record said 118,000 and
 * 88,420 rows processed for a 60,000-row file. Every batch now checks the run's claim under the
 * import's row lock: the paused run, once it wakes up, writes nothing more, and the counters are
 * the file's, exactly.
 *
 * The pause is real waiting, not a mock: the first run's database handle stops before its next
 * transaction (every batch is one) until the second run has finished the import.
 */
const logger = pino({ level: 'silent' });
const ROWS = 6000;
const BATCH = 1000;

describe.each(DATABASES)('two runs of one import on %s', (_label, embedded) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ embedded });
  });
  afterAll(() => db?.close());

  it('counts every row once when a paused run wakes up after its replacement finished', async () => {
    // 6,000 rows on 1,500 clients, in batches of 1,000.
    const file = await largeStatement(ROWS, { clients: 1500, startClient: 700000 });
    const record = await recordImport(db.knex, file);
    const first = pausable(db.knex, 2);
    const paused = processStatementImport(record.id, { knex: first.knex, logger, limits: importLimits, batchRows: BATCH, flushIntervalMs: 60_000, workerId: 'worker-paused' });
    await first.paused;
    const midway = await db.knex('statement_imports').where({ id: record.id }).first();
    expect(midway.processed_rows).toBe(2 * BATCH);

    // The queue gives the job to another worker: it claims the import and runs it to the end.
    const replacement = await processStatementImport(record.id, { knex: db.knex, logger, limits: importLimits, batchRows: BATCH, flushIntervalMs: 60_000, workerId: 'worker-replacement' });
    expect(replacement).toBe('completed');
    first.resume();
    expect(await paused).toBe('superseded');

    const done = await db.knex('statement_imports').where({ id: record.id }).first();
    const commissions = Number((await db.knex('commissions').where({ import_id: record.id }).count({ n: '*' }))[0].n);
    expect({
      status: done.status,
      processed: done.processed_rows,
      total: done.total_rows,
      commissions: done.commissions_created,
      clients: done.clients_created + done.clients_updated + done.clients_unchanged,
      claimedBy: done.claimed_by,
      error: done.error,
    }).toEqual({ status: 'completed', processed: ROWS, total: ROWS, commissions: ROWS, clients: 1500, claimedBy: 'worker-replacement', error: null });
    expect(commissions).toBe(ROWS);
    expect(done.checkpoint_row).toBe(ROWS + 2);
    // The file went with the import's end.
    expect(Number((await db.knex('statement_file_chunks').where({ import_id: record.id }).count({ n: '*' }))[0].n)).toBe(0);
  });

  it('keeps the paused run from failing or re-queueing the import its replacement runs', async () => {
    const record = await recordImport(db.knex, await largeStatement(3000, { clients: 500, startClient: 710000 }));
    const first = pausable(db.knex, 1);
    const paused = processStatementImport(record.id, { knex: first.knex, logger, limits: importLimits, batchRows: BATCH, flushIntervalMs: 60_000 });
    // Awaited below; a rejection meanwhile is this test's failure, not an unhandled one.
    paused.catch(() => undefined);
    await first.paused;
    // The replacement claims it and is itself stopped between two batches (a worker shutting down).
    const stop = new AbortController();
    stop.abort();
    await expect(processStatementImport(record.id, { knex: db.knex, logger, limits: importLimits, batchRows: BATCH, signal: stop.signal })).rejects.toThrow(/released between two batches/);
    const claimed = await db.knex('statement_imports').where({ id: record.id }).first();
    first.resume();
    expect(await paused).toBe('superseded');
    // The superseded run left the record as the replacement did: queued, its counters untouched.
    expect(await db.knex('statement_imports').where({ id: record.id }).first()).toMatchObject({ status: 'queued', processed_rows: claimed.processed_rows, claim_token: claimed.claim_token });
    expect(await processStatementImport(record.id, { knex: db.knex, logger, limits: importLimits })).toBe('completed');
    expect(await db.knex('statement_imports').where({ id: record.id }).first()).toMatchObject({ status: 'completed', processed_rows: 3000, commissions_created: 3000 });
  });
});

describe('what support reads when an attempt fails', () => {
  const sqlError = Object.assign(new Error('insert into "commissions" ("amount") values ($1) - duplicate key value violates unique constraint "commissions_import_row_key"'), { code: '23505' });
  const deadlock = Object.assign(new Error('update "clients" set ... - deadlock detected'), { code: '40P01' });
  const cut = Object.assign(new Error('select * from "statement_imports" - Connection terminated unexpectedly'), { code: undefined });

  it('is a French sentence without the technical detail, which goes to the log', () => {
    const messages = [retryMessage(12, 1, 4, sqlError), retryMessage(12, 2, 4, deadlock), finalFailureMessage(12, 4, cut), abandonedMessage(12)].map((message) => renderMessage(message));
    expect(messages).toEqual([
      'La tentative 1 sur 4 a échoué : une erreur technique est survenue. Une nouvelle tentative est prévue ; le détail technique est dans le journal du serveur (import n° 12).',
      'La tentative 2 sur 4 a échoué : des modifications simultanées des mêmes clients l’ont bloquée. Une nouvelle tentative est prévue ; le détail technique est dans le journal du serveur (import n° 12).',
      'L’import a échoué après 4 tentatives : la base de données était momentanément indisponible. Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : le détail technique est dans le journal du serveur (import n° 12).',
      'L’import a été abandonné : son traitement a été interrompu trop de fois (worker arrêté ou bloqué). Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : le détail technique est dans le journal du serveur (import n° 12).',
    ]);
    for (const message of messages) expect(message).not.toMatch(/insert|update|select|constraint|deadlock|Connection/i);
  });
});
