import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { StatementImportService } from '../../api/imports/statementImportService';
import { layoutOf } from '../support/statementReading';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';
import { MESSY_ROWS, largeStatement, messyStatement, zipBomb } from './statementFiles';
import { replaceStatementFile } from '../../statements/archive/storedStatementFile';

let db: TestDatabase;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const process = (importId: number, options: Partial<Parameters<typeof processStatementImport>[1]> = {}) =>
  processStatementImport(importId, { knex: db.knex, logger, limits: importLimits, ...options });

describe('processStatementImport (called directly, no queue)', () => {
  it('imports a messy statement: clients, advisors, contracts, commissions, rejections and audit', async () => {
    const [advisor] = await db.knex('advisors').insert({ first_name: 'Claire', last_name: 'Fontaine' }).returning('id');
    // An existing client whose known phone the statement does not repeat.
    const [existing] = await db.knex('clients').insert({ client_number: '00789', last_name: 'Durand', first_name: 'Jacques', phone: '+33611111111' }).returning('id');

    const record = await recordImport(db.knex, await messyStatement());
    expect(await process(record.id)).toBe('completed');

    const done = await new StatementImportService(db.knex).get(record.id);
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 8,
      totalRows: 8,
      clientsCreated: 2, // 004567 and 4567 (distinct: leading zeros are kept)
      // 00789: only its referent advisor, which it had none of (blank first name and phone erase nothing).
      clientsUpdated: 1,
      contractsCreated: 3,
      commissionsCreated: 4,
      rowsRejected: 3,
      error: null,
    });
    expect(done.finishedAt).not.toBeNull();

    const clients = await db.knex('clients').select('client_number', 'last_name', 'first_name', 'email', 'phone', 'advisor_id').orderBy('client_number');
    expect(clients).toEqual([
      // Row 12 repeats 004567: its e-mail wins, its blank first name erases nothing.
      { client_number: '004567', last_name: 'Lefèvre', first_name: 'Élodie', email: 'elodie@nouveau.fr', phone: '+33612345678', advisor_id: advisor.id },
      { client_number: '00789', last_name: 'Durand', first_name: 'Jacques', email: null, phone: '+33611111111', advisor_id: expect.any(Number) },
      { client_number: '4567', last_name: 'Martin', first_name: 'Paul', email: 'paul.martin@exemple.fr', phone: '+33700000001', advisor_id: advisor.id },
    ]);
    // "FONTAINE Claire" and "Claire Fontaine" are the same advisor; "Marc Petit" is new.
    const advisors = await db.knex('advisors').select('first_name', 'last_name').orderBy('id');
    expect(advisors).toEqual([
      { first_name: 'Claire', last_name: 'Fontaine' },
      { first_name: 'Marc', last_name: 'Petit' },
    ]);

    const contracts = await db.knex('contracts as k').join('clients as c', 'c.id', 'k.client_id').select('k.contract_number', 'c.client_number', 'k.product', 'k.insurer').orderBy('k.contract_number');
    expect(contracts).toEqual([
      { contract_number: '889900', client_number: '4567', product: 'Santé', insurer: 'Mutuelle Atlantique' },
      { contract_number: 'CT-0001', client_number: '004567', product: 'Prévoyance', insurer: 'Mutuelle Atlantique' },
      { contract_number: 'CT-0003', client_number: '00789', product: 'Retraite', insurer: 'Mutuelle Atlantique' },
    ]);

    // "Date d'effet" is the contracts' start; every line is dated with the month the title row
    // names ("Période : mars 2026"), as no column gives a commission date.
    const commissions = await db.knex('commissions').select('import_row', 'date', 'amount', 'label', 'client_number', 'client_name').where({ import_id: record.id }).orderBy('import_row');
    expect(commissions).toEqual([
      { import_row: MESSY_ROWS.lefevre, date: '2026-03-01', amount: '1234.56', label: 'Commission mars', client_number: '004567', client_name: 'Lefèvre Élodie' },
      { import_row: MESSY_ROWS.numericNumber, date: '2026-03-01', amount: '100.50', label: null, client_number: '4567', client_name: 'Martin Paul' },
      { import_row: MESSY_ROWS.formulaNumber, date: '2026-03-01', amount: '-12.50', label: 'Reprise mars', client_number: '00789', client_name: 'Durand Jacques' },
      { import_row: MESSY_ROWS.lefevreAgain, date: '2026-03-01', amount: '2000.00', label: 'Commission complémentaire', client_number: '004567', client_name: 'Lefèvre Élodie' },
    ]);

    const rejections = await db.knex('statement_import_rejections').select('row', 'errors', 'cells').where({ import_id: record.id }).orderBy('row');
    expect(rejections.map((r) => r.row)).toEqual([MESSY_ROWS.badAmount, MESSY_ROWS.badDate, MESSY_ROWS.noClientNumber]);
    expect(rejections[0].errors).toEqual([{ column: 'Montant HT (€)', code: 'row.amountInvalid', params: { value: 'abc' }, message: expect.stringMatching(/« abc »/) }]);
    expect(rejections[0].cells.slice(0, 3)).toEqual(['000111', 'Bernard', 'Luc']);

    // One audit entry per created client, by the user who started the import, with the import id.
    const audit = await db.knex('audit_entries_readable').select('action', 'record_id', 'import_id', 'user_label', 'changes', 'record_label').orderBy('id');
    expect(audit).toHaveLength(3);
    expect(audit.every((e) => e.action === 'import' && e.import_id === record.id && e.user_label === 'Anne Admin <admin@test.fr>')).toBe(true);
    const lefevre = audit.find((e) => e.record_label === 'Lefèvre Élodie (004567)');
    expect(lefevre?.changes).toMatchObject({ clientNumber: { before: null, after: '004567' }, email: { before: null, after: 'elodie@nouveau.fr' } });
    const durand = audit.find((e) => e.record_id === existing.id);
    expect(durand?.changes).toEqual({ advisorId: { before: null, after: expect.any(Number) } });
  });

  it('records before and after of the fields an import changes, and nothing for unchanged clients', async () => {
    const [client] = await db.knex('clients').insert({ client_number: 'AUD-1', last_name: 'Ancien', email: 'old@x.fr' }).returning('id');
    const file = await largeStatement(2, { clients: 1, startClient: 990001 });
    // largeStatement numbers clients 0990001...: rename the existing client to match.
    await db.knex('clients').where({ id: client.id }).update({ client_number: '0990001' });
    const record = await recordImport(db.knex, file);
    await process(record.id);
    const entries = await db.knex('audit_entries_readable').where({ import_id: record.id, record_id: client.id });
    expect(entries).toHaveLength(1);
    expect(entries[0].changes).toEqual({
      lastName: { before: 'Ancien', after: 'Nom990001' },
      firstName: { before: null, after: 'Prénom990001' },
      email: { before: 'old@x.fr', after: 'client990001@exemple.fr' },
      advisorId: { before: null, after: expect.any(Number) },
    });
    // Importing the same content again changes nothing: no update counted, no audit entry.
    const again = await recordImport(db.knex, file);
    await process(again.id);
    expect(await new StatementImportService(db.knex).get(again.id)).toMatchObject({ clientsCreated: 0, clientsUpdated: 0, commissionsCreated: 2 });
    expect(await db.knex('audit_entries').where({ import_id: again.id })).toHaveLength(0);
  });

  it('counts each client once across batches, and a later blank never erases an earlier value', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['N° client', 'Nom', 'E-mail', 'Date', 'Montant']);
    sheet.addRow(['BAT-1', 'Lot', 'lot@x.fr', '01/10/2026', 1]); // batch 1: created
    sheet.addRow(['BAT-2', 'Deux', null, '01/10/2026', 2]); // batch 1: created
    sheet.addRow(['bat-1', null, null, '02/10/2026', 3]); // batch 2: matched, nothing changes, e-mail kept
    sheet.addRow(['BAT-2', null, 'deux@x.fr', '02/10/2026', 4]); // batch 2: changed, still "created"
    sheet.addRow(['BAT-1', 'Lot', null, '03/10/2026', 5]); // batch 3
    const record = await recordImport(db.knex, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(await process(record.id, { batchRows: 2 })).toBe('completed');
    expect(await new StatementImportService(db.knex).get(record.id)).toMatchObject({ clientsCreated: 2, clientsUpdated: 0, clientsUnchanged: 0, commissionsCreated: 5 });
    expect(await db.knex('clients').select('client_number', 'email').whereIn('client_number_key', ['bat-1', 'bat-2']).orderBy('client_number')).toEqual([
      { client_number: 'BAT-1', email: 'lot@x.fr' },
      { client_number: 'BAT-2', email: 'deux@x.fr' },
    ]);
    // A second import: BAT-1 matched in one batch and changed in the next moves from unchanged to updated.
    const second = new ExcelJS.Workbook();
    const next = second.addWorksheet('S');
    next.addRow(['N° client', 'Nom', 'E-mail', 'Date', 'Montant']);
    next.addRow(['BAT-1', 'Lot', null, '01/11/2026', 1]);
    next.addRow(['BAT-2', 'Deux', null, '01/11/2026', 2]);
    next.addRow(['BAT-1', null, 'autre@x.fr', '02/11/2026', 3]);
    const again = await recordImport(db.knex, Buffer.from(await second.xlsx.writeBuffer()));
    expect(await process(again.id, { batchRows: 2 })).toBe('completed');
    expect(await new StatementImportService(db.knex).get(again.id)).toMatchObject({ clientsCreated: 0, clientsUpdated: 1, clientsUnchanged: 1 });
    expect(await db.knex('statement_import_clients').select('outcome').where({ import_id: again.id }).orderBy('outcome')).toEqual([{ outcome: 'unchanged' }, { outcome: 'updated' }]);
  });

  it('counts the data rows against the limit as the upload does (title rows and gaps above the header aside)', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.getCell('A1').value = 'Bordereau octobre 2026';
    // Row 2 is left out (no <row> element), the header is on row 3.
    sheet.getRow(3).values = ['N° client', 'Nom', 'Date', 'Montant'];
    for (let i = 0; i < 5; i++) sheet.getRow(4 + i).values = [`LIM-${i}`, 'Limite', '01/10/2026', i + 1];
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    // The count the upload route takes (the chosen tab's layout) is 5.
    const { layout } = await layoutOf(file, { sampleRows: 1 });
    expect({ headerRow: layout.headerRow, rowsThroughHeader: layout.rowsThroughHeader, dataRows: layout.dataRows }).toEqual({ headerRow: 3, rowsThroughHeader: 2, dataRows: 5 });
    // The worker agrees: 5 rows pass a limit of 5, not one of 4.
    const exact = await recordImport(db.knex, file);
    expect(await process(exact.id, { limits: { ...importLimits, maxRows: 5 } })).toBe('completed');
    const over = await recordImport(db.knex, file);
    expect(await process(over.id, { limits: { ...importLimits, maxRows: 4 } })).toBe('failed');
    expect((await new StatementImportService(db.knex).get(over.id)).error).toMatch(/limite de 4 lignes/);
  });

  it('is idempotent: a retried job resumes after its checkpoint and never doubles a line', async () => {
    const record = await recordImport(db.knex, await largeStatement(5000, { clients: 1000, startClient: 100000 }));
    // Interrupt after the first batch, as a worker shutting down would.
    const stop = new AbortController();
    stop.abort();
    await expect(process(record.id, { batchRows: 1000, flushIntervalMs: 60_000, signal: stop.signal })).rejects.toThrow(/released between two batches/);
    const interrupted = await db.knex('statement_imports').where({ id: record.id }).first();
    expect(interrupted).toMatchObject({ status: 'queued', processed_rows: 1000, checkpoint_row: 1002 });
    expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: 1000 });

    // A replay of rows already written (e.g. a crash right after a commit) is a no-op too.
    await db.knex('statement_imports').where({ id: record.id }).update({ checkpoint_row: 500 });
    expect(await process(record.id, { batchRows: 1000 })).toBe('completed');
    const done = await new StatementImportService(db.knex).get(record.id);
    expect(await db.knex('commissions').where({ import_id: record.id }).count('* as n').first()).toEqual({ n: 5000 });
    expect(done.clientsCreated).toBe(1000);
    // Replayed rows find their clients already filed: each of the 1,000 is counted once.
    expect(done.clientsCreated + done.clientsUpdated + done.clientsUnchanged).toBe(1000);
    expect(done.commissionsCreated).toBe(5000);
    // A completed import is never processed again.
    expect(await process(record.id)).toBe('skipped');
  });

  it('rejects rows of new clients without a name, with their cells kept for the report', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['N° client', 'Nom', 'Date', 'Montant']);
    sheet.addRow(['NEW-1', null, '01/03/2026', 10]);
    sheet.addRow(['0990001', null, '01/03/2026', 20]); // known client: fine without a name
    const record = await recordImport(db.knex, Buffer.from(await workbook.xlsx.writeBuffer()));
    await process(record.id);
    const rejected = await db.knex('statement_import_rejections').where({ import_id: record.id });
    expect(rejected).toEqual([
      expect.objectContaining({
        row: 2,
        cells: ['NEW-1', null, '01/03/2026', 10],
        errors: [{ column: null, code: 'row.clientNameMissing', params: { clientNumber: 'NEW-1' }, message: expect.stringMatching(/Nom du client manquant/) }],
      }),
    ]);
    expect(await new StatementImportService(db.knex).get(record.id)).toMatchObject({ status: 'completed', commissionsCreated: 1, rowsRejected: 1 });
  });

  it('fails a bad file with a clear message and writes nothing', async () => {
    const before = await db.knex('commissions').count('* as n').first();
    const record = await recordImport(db.knex, await messyStatement());
    // Swap the stored file for a zip bomb (as if the upload checks had been bypassed).
    await replaceStatementFile(db.knex, record.id, zipBomb(64 * 1024 * 1024));
    expect(await process(record.id, { limits: { ...importLimits, maxUncompressedBytes: 16 * 1024 * 1024 } })).toBe('failed');
    expect(await new StatementImportService(db.knex).get(record.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/se décompresse en plus de 16 Mo/), commissionsCreated: 0 });
    expect(await db.knex('commissions').count('* as n').first()).toEqual(before);

    const tooLong = await recordImport(db.knex, await largeStatement(50));
    expect(await process(tooLong.id, { limits: { ...importLimits, maxRows: 10 } })).toBe('failed');
    expect((await new StatementImportService(db.knex).get(tooLong.id)).error).toMatch(/limite de 10 lignes/);
    expect(await db.knex('commissions').where({ import_id: tooLong.id }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('imports a 20,000-row statement in batches, with progress as it goes', async () => {
    const file = await largeStatement(20_000, { clients: 8000, startClient: 200000 });
    const record = await recordImport(db.knex, file);
    const progress: number[] = [];
    const watcher = setInterval(async () => {
      const row = await db
        .knex('statement_imports')
        .select('processed_rows')
        .where({ id: record.id })
        .first()
        .catch(() => undefined);
      if (row) progress.push(row.processed_rows);
    }, 200);
    const started = Date.now();
    await process(record.id);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(watcher);
    const done = await new StatementImportService(db.knex).get(record.id);
    expect(done).toMatchObject({ status: 'completed', processedRows: 20_000, clientsCreated: 8000, commissionsCreated: 20_000, rowsRejected: 0 });
    expect(new Set(progress.filter((n) => n > 0 && n < 20_000)).size).toBeGreaterThan(0);
    console.info(`20,000 rows imported in ${seconds.toFixed(1)} s (${Math.round(20_000 / seconds)} rows/s, ${db.embedded ? 'PGlite' : 'PostgreSQL'})`);
  });
});
