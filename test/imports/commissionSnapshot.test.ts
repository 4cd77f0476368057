import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';

/**
 * A commission keeps a snapshot of its client's number and name, so that it still says whose it
 * was once the client is deleted. Statements that carry only the contract number reach the
 * client through the contract: the snapshot must be taken for those lines too.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

async function contractOnlyStatement(lines: Array<[string, string, number]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Commissions');
  sheet.addRow(['N° de contrat', 'Date', 'Montant', 'Libellé']);
  for (const [contract, date, amount] of lines) sheet.addRow([contract, date, amount, `Commission ${contract}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

it('snapshots the client of a line linked only through its contract, and keeps it after the client is deleted', async () => {
  const [client] = await db.knex('clients').insert({ client_number: 'SNAP-1', last_name: 'Contrat', first_name: 'Seul' }).returning('id');
  await db.knex('contracts').insert([
    { contract_number: 'SNAP-C1', client_id: client.id, status: 'active' },
    { contract_number: 'SNAP-C2', client_id: null, status: 'active' },
  ]);
  const record = await recordImport(
    db.knex,
    await contractOnlyStatement([
      ['SNAP-C1', '01/03/2026', 10],
      ['SNAP-C2', '02/03/2026', 20],
    ]),
  );
  expect(record.mapping).toMatchObject({ contractNumber: 'N° de contrat', amount: 'Montant', date: 'Date' });
  expect(await processStatementImport(record.id, { knex: db.knex, logger: pino({ level: 'silent' }), limits: importLimits })).toBe('completed');

  const lines = () => db.knex('commissions').select('label', 'client_id', 'client_number', 'client_name').where({ import_id: record.id }).orderBy('import_row');
  expect(await lines()).toEqual([
    { label: 'Commission SNAP-C1', client_id: client.id, client_number: 'SNAP-1', client_name: 'Contrat Seul' },
    // A contract without a client: no client, no snapshot.
    { label: 'Commission SNAP-C2', client_id: null, client_number: null, client_name: null },
  ]);

  await db.knex('clients').where({ id: client.id }).delete();
  expect((await lines())[0]).toEqual({ label: 'Commission SNAP-C1', client_id: null, client_number: 'SNAP-1', client_name: 'Contrat Seul' });
});
