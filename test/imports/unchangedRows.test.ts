import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementImportService } from '../../api/imports/statementImportService';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';
import { largeStatement } from './statementFiles';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const run = (id: number) => processStatementImport(id, { knex: db.knex, logger: pino({ level: 'silent' }), limits: importLimits, batchRows: 40 });
const snapshot = async () => ({
  clients: await db.knex('clients').select('id', 'updated_at', 'version').orderBy('id'),
  contracts: await db.knex('contracts').select('id', 'updated_at', 'status').orderBy('id'),
  audit: await db.knex('audit_entries').count('* as n').first(),
});

describe('re-importing the same data', () => {
  it('writes nothing for rows that change nothing: no audit entry, no updated_at, no version bump', async () => {
    // 210 rows over 35 clients and 70 contracts, in batches of 40: every client and contract is
    // named by several batches of the same import, always with the same values (the advisor
    // cycles over 7, the contract over 70).
    const file = await largeStatement(210, { clients: 35, contracts: 70, startClient: 900000 });
    const first = await recordImport(db.knex, file);
    expect(await run(first.id)).toBe('completed');
    expect(await new StatementImportService(db.knex).get(first.id)).toMatchObject({ clientsCreated: 35, clientsUpdated: 0, contractsCreated: 70, commissionsCreated: 210 });
    const before = await snapshot();
    expect(before.audit).toEqual({ n: 35 }); // one creation entry per client
    expect(before.clients.every((client) => client.version === 1)).toBe(true);

    // A moment later, so that a rewrite would show in updated_at.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await recordImport(db.knex, file);
    expect(await run(again.id)).toBe('completed');
    expect(await new StatementImportService(db.knex).get(again.id)).toMatchObject({ clientsCreated: 0, clientsUpdated: 0, clientsUnchanged: 35, contractsCreated: 0, commissionsCreated: 210 });
    expect(await snapshot()).toEqual(before);
    expect(await db.knex('audit_entries').where({ import_id: again.id }).count('* as n').first()).toEqual({ n: 0 });
  });
});
