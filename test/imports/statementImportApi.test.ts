import express from 'express';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { createImportQueue, startImportWorker, type ImportWorker, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { statementImportRouter } from '../../api/imports/statementImportRouter';
import { StatementImportService } from '../../api/imports/statementImportService';
import { startTestApp, type TestApp } from '../support/testApp';
import { MESSY_HEADER, MESSY_ROWS, largeStatement, legacyXls, messyStatement, zipBomb } from './statementFiles';
import type { StatementPreview } from '../../admin/src/imports/importTypes';

/**
 * The imports API end to end over HTTP: upload, preview, confirm, the real queue (BullMQ's
 * PostgreSQL backend) and an in-process worker, progress, rejected rows and their report.
 */
let app: TestApp;
let cookie: string;
let backend: QueueBackendHandle;
let queue: StatementImportQueue;
let worker: ImportWorker;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

beforeAll(async () => {
  // The router needs the test database, which startTestApp creates: mount a holder now, fill it after.
  const holder = express.Router();
  app = await startTestApp({ extraRouters: { '/imports': holder } });
  backend = await openQueueBackend({ redisUrl: undefined }, app.db);
  queue = createImportQueue(backend.connection);
  const limits = { maxRows: 50_000, maxUncompressedBytes: 64 * 1024 * 1024 };
  worker = startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits });
  holder.use(statementImportRouter(new StatementImportService(app.db.knex), queue, { maxFileBytes: MAX_FILE_BYTES, ...limits }));
  cookie = await app.login('admin');
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await backend?.close();
  await app?.close();
});

function upload(path: string, file: Buffer | null, fields: Record<string, string> = {}, as: string = cookie, fileName = 'bordereau-mars.xlsx') {
  const form = new FormData();
  if (file) form.append('file', new Blob([new Uint8Array(file)]), fileName);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${app.url}/api/imports${path}`, { method: 'POST', body: form, headers: { cookie: as } });
}

async function finished(id: number) {
  for (let i = 0; i < 600; i++) {
    const record = await (await app.request(`/api/imports/${id}`, { cookie })).json();
    if (record.status === 'completed' || record.status === 'failed') return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${id} did not finish`);
}

describe('POST /api/imports/preview', () => {
  it('finds the header below the title rows, proposes the mapping and shows the first rows as imported', async () => {
    const response = await upload('/preview', await messyStatement());
    expect(response.status).toBe(200);
    const preview = await response.json();
    expect(preview).toMatchObject({
      sheet: 'Bordereau mars 2026',
      sheets: [{ name: 'Bordereau mars 2026', rows: 8 }],
      format: 'xlsx',
      headerRow: MESSY_ROWS.header,
      columns: MESSY_HEADER,
      mappingErrors: {},
      duplicateOf: null,
      totalRows: 8,
    });
    // "Date d'effet" is the contract's start: no column gives the commission date, so the month the
    // title row names dates every line.
    expect(preview.mapping).toMatchObject({ clientNumber: 'N° client', lastName: 'Nom du client', amount: 'Montant HT (€)', startDate: "Date d'effet", phone: 'Tél.' });
    expect(preview.mapping.date).toBeUndefined();
    expect(preview).toMatchObject({ period: '2026-03', periodFound: { period: '2026-03', text: 'Période : mars 2026 — Cabinet Conance' }, appliedMapping: null, insurer: null });
    // The whole file, counted before the import: 4 lines, 3 rejected, the totals line skipped.
    expect(preview.counts).toEqual({ rows: 8, valid: 4, rejected: 3, skipped: 1, complete: true });
    const byRow = Object.fromEntries((preview as StatementPreview).rows.map((row) => [row.row, row]));
    expect(byRow[MESSY_ROWS.lefevre]).toMatchObject({
      status: 'line',
      values: { clientNumber: '004567', amount: '1234.56', date: '2026-03-01', startDate: '2026-03-01', phone: '+33612345678' },
    });
    expect(byRow[MESSY_ROWS.formulaNumber].values).toMatchObject({ date: '2026-03-01', startDate: '2026-03-15' });
    expect(byRow[MESSY_ROWS.numericNumber].values?.clientNumber).toBe('4567');
    expect(byRow[MESSY_ROWS.badAmount]).toMatchObject({ status: 'rejected', errors: [{ column: 'Montant HT (€)' }] });
    expect(byRow[MESSY_ROWS.total].status).toBe('summary');
    expect(preview.fields).toContainEqual({ field: 'clientNumber', label: 'Numéro client' });
  });

  it('previews an edited mapping and reports what is missing in it', async () => {
    const response = await upload('/preview', await messyStatement(), { mapping: JSON.stringify({ lastName: 'Nom du client', amount: 'Montant HT (€)' }) });
    const preview = await response.json();
    expect(preview.mappingErrors).toEqual({ 'mapping.clientNumber': expect.any(String) });
    expect(preview.rows[0].status).toBe('unmapped');
    expect(preview.counts).toBeNull();
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 400, /vide/],
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n'), 422, /un document PDF/],
    ['an unreadable .xls', legacyXls(), 422, /Excel 97-2003, ou classeur protégé par un mot de passe\) est illisible/],
    // Within a budget as small as 64 MB, the budget stops a bomb before its ratio would.
    ['a zip bomb', zipBomb(100 * 1024 * 1024, { lie: true }), 422, /se décompresse en plus de 64 Mo/],
    ['a zip bomb declaring its size', zipBomb(100 * 1024 * 1024), 422, /se décompresse en plus de 64 Mo/],
  ])('refuses %s with a French message', async (_name, file, status, message) => {
    const response = await upload('/preview', file);
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.message).toMatch(message);
    expect(body.errors.file).toBeTruthy();
  });

  it('refuses a truncated file, a file without a header, a missing file and an oversized one', async () => {
    const file = await messyStatement();
    expect((await (await upload('/preview', file.subarray(0, file.length - 40))).json()).message).toMatch(/endommagé ou incomplet/);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Rien à importer ici']);
    const noHeader = await upload('/preview', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(noHeader.status).toBe(422);
    expect((await noHeader.json()).message).toMatch(/Aucune ligne d’en-tête reconnue/);
    const missing = await upload('/preview', null);
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/Choisissez un fichier/);
    const tooBig = await upload('/preview', Buffer.alloc(MAX_FILE_BYTES + 10));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).message).toMatch(/taille maximale autorisée \(2 Mo\)/);
    // The app stays healthy.
    expect((await app.request('/api/health')).status).toBe(200);
  });
});

describe('POST /api/imports and the import afterwards', () => {
  let importId: number;
  // exceljs stamps each workbook it writes with the time: one file, uploaded several times.
  let statement: Buffer;
  beforeAll(async () => {
    statement = await messyStatement();
  });

  it('stores the file, queues the job, answers 202, and the worker imports it', async () => {
    const response = await upload('', statement);
    expect(response.status).toBe(202);
    const created = await response.json();
    expect(created).toMatchObject({ fileName: 'bordereau-mars.xlsx', status: 'queued', processedRows: 0, createdByLabel: expect.stringContaining('admin@test.fr') });
    importId = created.id;
    const done = await finished(importId);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 8,
      processedRows: 8,
      clientsCreated: 3,
      clientsUpdated: 0,
      contractsCreated: 3,
      commissionsCreated: 4,
      rowsRejected: 3,
      error: null,
    });
    expect(Object.keys(done)).toEqual(
      expect.arrayContaining([
        'id',
        'fileName',
        'status',
        'totalRows',
        'processedRows',
        'clientsCreated',
        'clientsUpdated',
        'contractsCreated',
        'commissionsCreated',
        'rowsRejected',
        'error',
        'createdAt',
        'finishedAt',
      ]),
    );
  });

  it('lists the rejected rows with their Excel row numbers', async () => {
    const response = await app.request(`/api/imports/${importId}/errors`, { cookie });
    expect(response.headers.get('content-range')).toBe('errors 0-2/3');
    expect(await response.json()).toEqual([
      { id: 1, row: MESSY_ROWS.badAmount, column: 'Montant HT (€)', message: expect.stringMatching(/Montant invalide : « abc »/) },
      { id: 2, row: MESSY_ROWS.badDate, column: "Date d'effet", message: expect.stringMatching(/Date invalide : « 31\/02\/2026 »/) },
      { id: 3, row: MESSY_ROWS.noClientNumber, column: 'N° client', message: expect.stringMatching(/Numéro client manquant/) },
    ]);
  });

  it('gives the rejected rows back as an Excel file that imports again once fixed', async () => {
    const response = await app.request(`/api/imports/${importId}/errors.xlsx`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, ...MESSY_HEADER, 'Erreur', 'Ligne d’origine']);
    expect(sheet.rowCount).toBe(4);
    const badAmount = sheet.getRow(2);
    expect(badAmount.getCell(1).value).toBe('000111');
    expect(badAmount.getCell(11).value).toBe('abc');
    expect(String(badAmount.getCell(13).value)).toMatch(/Montant HT \(€\) : Montant invalide/);
    expect(badAmount.getCell(14).value).toBe(MESSY_ROWS.badAmount);

    // The user fixes the amount and the date, fills the missing number, and imports the report.
    sheet.getRow(2).getCell(11).value = '12,00';
    sheet.getRow(3).getCell(10).value = '28/02/2026';
    sheet.getRow(4).getCell(1).value = '000113';
    const fixed = Buffer.from(await workbook.xlsx.writeBuffer());
    // The report has no title rows: the user names the statement's month.
    const withoutPeriod = await upload('', fixed, {}, cookie, 'corrigé.xlsx');
    expect(withoutPeriod.status).toBe(400);
    expect((await withoutPeriod.json()).errors.period).toMatch(/indiquez le mois du bordereau/);
    const again = await upload('', fixed, { period: '2026-03' }, cookie, 'corrigé.xlsx');
    expect(again.status).toBe(202);
    expect(await finished((await again.json()).id)).toMatchObject({ status: 'completed', commissionsCreated: 3, rowsRejected: 0, clientsCreated: 3 });
  });

  it('refuses the same file twice with 409 naming the earlier import, unless forced', async () => {
    const duplicate = await upload('', statement);
    expect(duplicate.status).toBe(409);
    const body = await duplicate.json();
    expect(body.message).toMatch(new RegExp(`import n° ${importId} `));
    const preview = await (await upload('/preview', statement)).json();
    expect(preview.duplicateOf).toMatchObject({ id: importId });

    const forced = await upload('', statement, { force: 'true' });
    expect(forced.status).toBe(202);
    const done = await finished((await forced.json()).id);
    // Same clients again: nothing created, nothing changed; the commissions are written again, as asked.
    expect(done).toMatchObject({ status: 'completed', clientsCreated: 0, clientsUpdated: 0, contractsCreated: 0, commissionsCreated: 4 });
  });

  it('refuses an incomplete mapping with field errors, and a malformed one', async () => {
    const incomplete = await upload('', await largeStatement(3), { mapping: JSON.stringify({ lastName: 'Nom', amount: 'Commission' }) });
    expect(incomplete.status).toBe(400);
    expect((await incomplete.json()).errors).toMatchObject({ period: expect.any(String), 'mapping.clientNumber': expect.any(String) });
    const badPeriod = await upload('', await largeStatement(3), { period: '2026-13' });
    expect(badPeriod.status).toBe(400);
    expect((await badPeriod.json()).errors.period).toMatch(/AAAA-MM/);
    const malformed = await upload('', await largeStatement(3), { mapping: '{not json' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).message).toMatch(/JSON valide/);
    const unknownField = await upload('', await largeStatement(3), { mapping: JSON.stringify({ colour: 'Nom' }) });
    expect(unknownField.status).toBe(400);
    expect((await unknownField.json()).errors.colour).toMatch(/Champ inconnu/);
  });

  it('lists imports for react-admin, and the imports that touched a client', async () => {
    const list = await app.dataProvider(cookie).getList('imports', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' }, filter: {} });
    expect(list.total).toBe(3);
    const [client] = await app.db.knex('clients').where({ client_number: '000113' });
    const touched = await app.dataProvider(cookie).getList('imports', { pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'ASC' }, filter: { clientId: client.id } });
    expect(touched.data.map((i) => i.fileName)).toEqual(['corrigé.xlsx']);
    expect((await app.request('/api/imports?filter={"status":"nope"}', { cookie })).status).toBe(400);
    expect((await app.request('/api/imports/999999', { cookie })).status).toBe(404);
  });

  it('imports a large statement through the API with progress', async () => {
    const rows = 20_000;
    const response = await upload('', await largeStatement(rows, { clients: 5000, startClient: 800000 }), {}, cookie, 'gros.xlsx');
    expect(response.status).toBe(202);
    const { id } = await response.json();
    const seen = new Set<number>();
    let done;
    for (let i = 0; i < 1200; i++) {
      done = await (await app.request(`/api/imports/${id}`, { cookie })).json();
      seen.add(done.processedRows);
      if (done.status === 'completed' || done.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(done).toMatchObject({ status: 'completed', processedRows: rows, commissionsCreated: rows, clientsCreated: 5000 });
    expect([...seen].filter((n) => n > 0 && n < rows).length).toBeGreaterThan(0);
    // Its pace is the rows over the time from its start to its end, as the record's own times give it.
    const seconds = (Date.parse(done.finishedAt) - Date.parse(done.startedAt)) / 1000;
    expect(done.rowsPerSecond).toBe(Math.round(rows / Math.max(seconds, 0.001)));
    // A budget for a loaded CI machine, not a speed check (speed is in BENCHMARKS.md).
  }, 180_000);
});

describe('saved mappings and permissions', () => {
  it('saves a mapping per insurer, replaces it under the same name, and offers it when it fits', async () => {
    const mapping = { clientNumber: 'Client number', lastName: 'Nom', contractNumber: 'Police', date: 'Période', amount: 'Commission' };
    const created = await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: 'Assureur Test', insurer: 'Assureur Test', mapping } });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const replaced = await (await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: 'assureur test', mapping: { ...mapping, label: 'Libellé' } } })).json();
    expect(replaced.id).toBe(id);
    const preview = await (await upload('/preview', await largeStatement(5))).json();
    expect((preview as StatementPreview).savedMappings.map((m) => m.name)).toEqual(['assureur test']);
    const withSaved = await upload('/preview', await largeStatement(5), { mappingId: String(id) });
    expect((await withSaved.json()).mapping).toEqual({ ...mapping, label: 'Libellé' });
    expect((await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: '', mapping: {} } })).status).toBe(400);
    expect((await app.request(`/api/imports/mappings/${id}`, { method: 'DELETE', cookie })).status).toBe(200);
  });

  it('lets support staff read imports but not start one', async () => {
    const support = await app.login('support');
    expect((await upload('', await largeStatement(2), {}, support)).status).toBe(403);
    expect((await app.request('/api/imports', { cookie: support })).status).toBe(200);
    expect((await fetch(`${app.url}/api/imports`)).status).toBe(401);
  });
});
