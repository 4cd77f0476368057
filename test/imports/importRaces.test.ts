import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { HttpError } from '../../api/http/httpError';
import { StatementImportService } from '../../api/imports/statementImportService';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';
import { largeStatement } from './statementFiles';

/**
 * Races: back-office staff bulk-delete clients while a statement that names those
 * very clients is being imported. Whatever the interleaving, the import ends (retried as the
 * queue would, when a batch meets a conflict), writes each statement line exactly once, and
 * every commission either points at a client that exists or keeps the snapshot of one that
 * was deleted. No bulk delete fails other than "already gone".
 */
let db: TestDatabase;
const logger = pino({ level: 'silent' });
const actor = { userId: null, label: 'Test <test@test.fr>' };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('a bulk delete racing an import on the same clients', () => {
  it('loses nothing and doubles nothing', async () => {
    const ROWS = 3000;
    const CLIENTS = 150;
    const file = await largeStatement(ROWS, { clients: CLIENTS, contracts: 600 });
    const record = await recordImport(db.knex, file);
    const clients = new ClientService(db.knex, new AuditTrail(db.knex));

    let importing = true;
    const deletions = { rounds: 0, deleted: 0, alreadyGone: 0 };
    const deleter = (async () => {
      while (importing) {
        const present = await db.knex('clients').select('id').whereRaw("client_number ~ '^[0-9]{7}$'").orderBy('id').limit(40);
        if (present.length) {
          try {
            deletions.deleted += (
              await clients.deleteMany(
                present.map((row) => row.id),
                actor,
              )
            ).length;
          } catch (error) {
            // A client the import or another round removed first: the bulk delete is all or nothing.
            if (!(error instanceof HttpError && error.status === 404)) throw error;
            deletions.alreadyGone++;
          }
        }
        deletions.rounds++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    // The queue's job: retried when an attempt fails, resuming from its checkpoint.
    let outcome: string | undefined;
    const failures: unknown[] = [];
    for (let attempt = 0; attempt < 6 && outcome !== 'completed'; attempt++) {
      try {
        outcome = await processStatementImport(record.id, { knex: db.knex, logger, limits: importLimits, batchRows: 100 });
      } catch (error) {
        failures.push(error);
      }
    }
    importing = false;
    await deleter;

    expect(outcome, `failures: ${failures.map(String).join(' | ')}`).toBe('completed');
    expect(deletions.deleted).toBeGreaterThan(0);
    const done = await new StatementImportService(db.knex).get(record.id);
    expect(done.processedRows).toBe(ROWS);
    expect(done.commissionsCreated).toBe(ROWS);
    const lines = await db
      .knex('commissions as m')
      .leftJoin('clients as c', 'c.id', 'm.client_id')
      .where('m.import_id', record.id)
      .select('m.import_row', 'm.client_id', 'm.client_number', 'm.amount', 'c.id as existing');
    expect(lines).toHaveLength(ROWS);
    expect(new Set(lines.map((line) => line.import_row)).size).toBe(ROWS);
    for (const line of lines) {
      expect(line.client_number).toMatch(/^\d{7}$/); // the snapshot is always there
      if (line.client_id !== null) expect(line.existing).toBe(line.client_id);
    }
    const total = lines.reduce((sum, line) => sum + Math.round(Number(line.amount) * 100), 0);
    const expected = Array.from({ length: ROWS }, (_, i) => Math.round(i * 137)).reduce((a, b) => a + b, 0);
    expect(total).toBe(expected);
  });
});
