import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementImportService } from '../../api/imports/statementImportService';
import { startAppWithImports } from '../support/routeTable';
import { MESSY_ROWS, messyStatement, octoberStatement, statementOf, withoutCellAddresses, zipBomb } from './statementFiles';
import type { SavedMapping, StatementPreview } from '../../admin/src/imports/importTypes';

/**
 * End to end over HTTP, with the real queue and worker: commission dates apart from the
 * contracts' dates, contract statuses, the statement's period, the file's insurer, known layouts,
 * files without cell addresses, ratio zip bombs, and a preview whose verdicts are the import's.
 */
let app: Awaited<ReturnType<typeof startAppWithImports>>;
let cookie: string;

beforeAll(async () => {
  app = await startAppWithImports({ limits: { maxRows: 50_000, maxUncompressedBytes: 64 * 1024 * 1024 }, maxFileBytes: 4 * 1024 * 1024, previewRows: 50, worker: true });
  cookie = await app.login('admin');
});
afterAll(async () => {
  await app?.close();
});

function upload(path: string, file: Buffer, fields: Record<string, string> = {}, fileName = 'bordereau.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), fileName);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${app.url}/api/imports${path}`, { method: 'POST', body: form, headers: { cookie } });
}

async function preview(file: Buffer, fields: Record<string, string> = {}, fileName?: string) {
  const response = await upload('/preview', file, fields, fileName);
  expect(response.status).toBe(200);
  return (await response.json()) as StatementPreview;
}

/** Uploads and waits for the worker to finish the import. */
async function imported(file: Buffer, fields: Record<string, string> = {}, fileName?: string) {
  const response = await upload('', file, fields, fileName);
  expect(response.status, await response.clone().text()).toBe(202);
  const { id } = await response.json();
  for (let i = 0; i < 600; i++) {
    const record = await (await app.request(`/api/imports/${id}`, { cookie })).json();
    if (record.status === 'completed' || record.status === 'failed') return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${id} did not finish`);
}

const contractsOf = (numbers: string[]) =>
  app.db
    .knex('contracts')
    .select('contract_number', 'insurer', 'status', app.db.knex.raw('start_date::text'), app.db.knex.raw('end_date::text'))
    .whereIn('contract_number', numbers)
    .orderBy('contract_number');

describe('a statement with both dates, a status column and terminated contracts', () => {
  it('dates commissions by "Date de valeur", never by "Date d\'effet", and gives contracts their start, end and status', async () => {
    const file = await octoberStatement();
    const shown = await preview(file);
    expect(shown.mapping).toEqual({
      clientNumber: 'N° client',
      lastName: 'Nom',
      firstName: 'Prénom',
      contractNumber: 'N° de contrat',
      insurer: 'Compagnie',
      status: 'Statut',
      startDate: "Date d'effet",
      endDate: 'Date de résiliation',
      date: 'Date de valeur',
      amount: 'Commission',
    });
    // A date column is there: the title's month is found but not used.
    expect(shown).toMatchObject({ mappingErrors: {}, period: null, periodFound: { period: '2026-10' }, counts: { rows: 9, valid: 6, rejected: 3, skipped: 0, complete: true } });
    expect(shown.rows.map((row) => [row.row, row.status])).toEqual([
      [4, 'line'],
      [5, 'line'],
      [6, 'line'],
      [7, 'line'],
      [8, 'line'],
      [9, 'rejected'],
      [10, 'rejected'],
      [11, 'rejected'],
      [12, 'line'],
    ]);

    const done = await imported(file, {}, 'AXA octobre 2026.xlsx');
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 9,
      clientsCreated: 5,
      clientsUpdated: 0,
      clientsUnchanged: 0,
      contractsCreated: 5,
      commissionsCreated: 6,
      rowsRejected: 3,
      period: null,
    });
    const commissions = await app.db.knex('commissions').select('import_row', app.db.knex.raw('date::text'), 'amount').where({ import_id: done.id }).orderBy('import_row');
    expect(commissions).toEqual([
      { import_row: 4, date: '2026-10-05', amount: '120.50' },
      { import_row: 5, date: '2026-10-05', amount: '80.00' },
      { import_row: 6, date: '2026-10-06', amount: '15.00' },
      { import_row: 7, date: '2026-10-06', amount: '-20.00' },
      { import_row: 8, date: '2026-10-07', amount: '33.33' },
      { import_row: 12, date: '2026-10-20', amount: '5.00' },
    ]);
    expect(await contractsOf(['AXA-1', 'AXA-2', 'AXA-3', 'AXA-4', 'AXA-5'])).toEqual([
      // Row 12 says "Racheté" and gives an end date; its blank start date erases nothing.
      { contract_number: 'AXA-1', insurer: 'AXA France', status: 'terminated', start_date: '2026-01-15', end_date: '2026-10-15' },
      { contract_number: 'AXA-2', insurer: 'AXA France', status: 'terminated', start_date: '2025-06-01', end_date: '2026-09-30' },
      { contract_number: 'AXA-3', insurer: 'AXA France', status: 'terminated', start_date: '2019-03-01', end_date: '2021-08-31' },
      { contract_number: 'AXA-4', insurer: 'AXA France', status: 'terminated', start_date: '2026-10-01', end_date: null },
      { contract_number: 'AXA-5', insurer: 'AXA France', status: 'active', start_date: '2026-02-01', end_date: '2099-12-31' },
    ]);
    const rejections = await (await app.request(`/api/imports/${done.id}/errors`, { cookie })).json();
    expect((rejections as { row: number; column: string | null; message: string }[]).map((r) => [r.row, r.column, r.message])).toEqual([
      [9, 'Statut', expect.stringMatching(/^Statut de contrat inconnu : « Peut-être »/)],
      [10, 'Date de résiliation', 'La date de fin du contrat précède sa date d’effet.'],
      [11, 'Date de valeur', 'Date invalide : « 32/10/2026 » (attendu : jj/mm/aaaa).'],
    ]);
    // The contracts' one rule says the same: only AXA-5 is active.
    const { rows: active } = await app.db.knex.raw(`SELECT contract_number FROM contracts WHERE contract_is_active(status, end_date) AND contract_number LIKE 'AXA-%' ORDER BY 1`);
    expect(active).toEqual([{ contract_number: 'AXA-5' }]);
  });
});

describe('a statement without an insurer column, imported with `insurer`', () => {
  it('dates every line with the month of the title rows and gives every contract the file’s insurer', async () => {
    const file = await statementOf(
      'Feuil1',
      ['Bordereau de commissions — Novembre 2026'],
      ['N° client', 'Nom', 'Police', "Date d'effet", 'Montant'],
      [
        ['G-1', 'Lemoine', 'GEN-1', '01/01/2026', '10,00'],
        ['G-2', 'Garnier', 'GEN-2', '01/02/2026', '20,00'],
      ],
    );
    const shown = await preview(file, { insurer: 'Generali Vie' });
    expect(shown).toMatchObject({ period: '2026-11', periodFound: { period: '2026-11', text: 'Bordereau de commissions — Novembre 2026' }, insurer: 'Generali Vie', mappingErrors: {} });
    expect(shown.mapping.date).toBeUndefined();
    expect(shown.rows[0].values).toMatchObject({ date: '2026-11-01', startDate: '2026-01-01', insurer: 'Generali Vie' });

    // A month chosen by the user wins over the one proposed.
    const done = await imported(file, { insurer: 'Generali Vie', period: '2026-10' });
    expect(done).toMatchObject({
      status: 'completed',
      period: '2026-10',
      insurer: 'Generali Vie',
      processedRows: 2,
      clientsCreated: 2,
      clientsUpdated: 0,
      clientsUnchanged: 0,
      commissionsCreated: 2,
      contractsCreated: 2,
      rowsRejected: 0,
    });
    expect(await app.db.knex('commissions').select(app.db.knex.raw('date::text')).where({ import_id: done.id })).toEqual([{ date: '2026-10-01' }, { date: '2026-10-01' }]);
    expect(await contractsOf(['GEN-1', 'GEN-2'])).toEqual([
      { contract_number: 'GEN-1', insurer: 'Generali Vie', status: 'active', start_date: '2026-01-01', end_date: null },
      { contract_number: 'GEN-2', insurer: 'Generali Vie', status: 'active', start_date: '2026-02-01', end_date: null },
    ]);
  });

  it('asks for the period when neither a column nor the title names one, and refuses a malformed one', async () => {
    const file = await statementOf('Feuil1', [], ['N° client', 'Nom', 'Montant'], [['P-1', 'Perrin', '5']]);
    const shown = await preview(file);
    expect(shown).toMatchObject({ period: null, periodFound: null, counts: null, mappingErrors: { period: expect.stringMatching(/indiquez le mois du bordereau/) } });
    expect(shown.rows[0].status).toBe('unmapped');
    const bad = await upload('', file, { period: 'octobre' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.period).toMatch(/AAAA-MM/);
    const tooLong = await upload('/preview', file, { insurer: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).errors.insurer).toMatch(/200 caractères/);
  });
});

describe('a second file with the same layout', () => {
  it('gets the saved mapping and its insurer applied, says so, and the user can still change it', async () => {
    const headers = ['Réf. adhérent', 'Assuré', 'Contrat', 'Valeur', 'Net'];
    const first = await statementOf('Octobre', ['AXA — octobre 2026'], headers, [['A-1', 'Morel', 'X-1', '03/10/2026', '12']]);
    const firstPreview = await preview(first);
    expect(firstPreview.appliedMapping).toBeNull();
    // The user maps the columns the synonyms did not know, and saves them as "AXA France".
    const mapping = { clientNumber: 'Réf. adhérent', lastName: 'Assuré', contractNumber: 'Contrat', date: 'Valeur', amount: 'Net' };
    const saved = await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: 'AXA France', insurer: 'AXA France', mapping, columns: firstPreview.columns } });
    expect(saved.status).toBe(201);
    const { id } = await saved.json();

    // Same headers in another order and case: the same layout.
    const second = await statementOf('Novembre', ['AXA — novembre 2026'], ['ASSURÉ', 'Réf. adhérent', 'Contrat', 'Valeur', 'NET'], [['Noël', 'A-2', 'X-2', '04/11/2026', '7,5']]);
    const secondPreview = await preview(second);
    expect(secondPreview).toMatchObject({ appliedMapping: { id, name: 'AXA France' }, insurer: 'AXA France', mappingErrors: {}, counts: { valid: 1, rejected: 0 } });
    expect(secondPreview.mapping).toEqual({ clientNumber: 'Réf. adhérent', lastName: 'ASSURÉ', contractNumber: 'Contrat', date: 'Valeur', amount: 'NET' });
    // A mapping sent by the user replaces it.
    const changed = await preview(second, { mapping: JSON.stringify({ ...secondPreview.mapping, contractNumber: null }) });
    expect(changed).toMatchObject({ appliedMapping: null, insurer: null });
    expect(changed.mapping.contractNumber).toBeUndefined();

    const done = await imported(second);
    expect(done).toMatchObject({ status: 'completed', appliedMappingId: id, insurer: 'AXA France', processedRows: 1, clientsCreated: 1, contractsCreated: 1, commissionsCreated: 1, rowsRejected: 0 });
    expect(await app.db.knex('commissions').select('client_number', app.db.knex.raw('date::text'), 'amount').where({ import_id: done.id })).toEqual([
      { client_number: 'A-2', date: '2026-11-04', amount: '7.50' },
    ]);
    expect(await contractsOf(['X-2'])).toEqual([{ contract_number: 'X-2', insurer: 'AXA France', status: 'active', start_date: null, end_date: null }]);
  });

  it('renames a mapping in place with PUT (no copy), and refuses a name another mapping holds', async () => {
    const mapping = { contractNumber: 'Police', date: 'Date', amount: 'Montant' };
    const { id } = await (await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: 'Swiss Life', mapping } })).json();
    const renamed = await app.request(`/api/imports/mappings/${id}`, { method: 'PUT', cookie, body: { name: 'Swiss Life France', insurer: 'Swiss Life', mapping: { ...mapping, label: 'Libellé' } } });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id, name: 'Swiss Life France', insurer: 'Swiss Life', mapping: { ...mapping, label: 'Libellé' } });
    const names = (await (await app.request('/api/imports/mappings', { cookie })).json()).map((m: SavedMapping) => m.name);
    expect(names.filter((name: string) => name.startsWith('Swiss'))).toEqual(['Swiss Life France']);
    const clash = await app.request(`/api/imports/mappings/${id}`, { method: 'PUT', cookie, body: { name: 'axa france', mapping } });
    expect(clash.status).toBe(409);
    expect((await clash.json()).errors.name).toMatch(/déjà utilisé/);
    expect((await app.request('/api/imports/mappings/999999', { method: 'PUT', cookie, body: { name: 'X', mapping } })).status).toBe(404);
  });
});

describe('any valid file reads, any invalid one is refused cleanly', () => {
  it('previews and imports a file whose cells carry no r address', async () => {
    const file = withoutCellAddresses(
      await statementOf(
        'Octobre',
        ['Bordereau — octobre 2026'],
        ['N° client', 'Nom', 'Date de valeur', 'Montant'],
        [
          ['R-1', 'Sansref', '02/10/2026', '11,11'],
          ['R-2', 'Positions', '03/10/2026', '22,22'],
        ],
      ),
    );
    const shown = await preview(file);
    expect(shown).toMatchObject({ headerRow: 2, columns: ['N° client', 'Nom', 'Date de valeur', 'Montant'], counts: { rows: 2, valid: 2, rejected: 0 } });
    const done = await imported(file);
    expect(done).toMatchObject({ status: 'completed', processedRows: 2, clientsCreated: 2, clientsUpdated: 0, commissionsCreated: 2, rowsRejected: 0 });
    expect(await app.db.knex('commissions').select('client_number', app.db.knex.raw('date::text'), 'amount').where({ import_id: done.id }).orderBy('import_row')).toEqual([
      { client_number: 'R-1', date: '2026-10-02', amount: '11.11' },
      { client_number: 'R-2', date: '2026-10-03', amount: '22.22' },
    ]);
  });

  it('refuses a zip bomb whose sizes lie at upload (422, nothing stored) and in the worker (failed, nothing written)', async () => {
    // 100 MB of XML declared as 1,000 bytes: the inflating itself stops at the 64 MB budget.
    const bomb = zipBomb(100 * 1024 * 1024, { lie: true });
    const before = await app.db.knex('statement_imports').count('* as n').first();
    const refused = await upload('', bomb);
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.message).toMatch(/se décompresse en plus de 64 Mo/);
    expect(body.errors.file).toBe(body.message);
    expect(await app.db.knex('statement_imports').count('* as n').first()).toEqual(before);

    // The same bomb behind a stored import (as if the upload checks had been bypassed): the worker
    // refuses it before parsing, fails the import without retrying, and writes nothing.
    const { id } = await new StatementImportService(app.db.knex).create({
      fileName: 'bombe.xlsx',
      content: bomb,
      sha256: 'bomb-behind-the-checks',
      mapping: { clientNumber: 'N° client', date: 'Date', amount: 'Montant' },
      format: 'xlsx',
      sheet: 'S',
      headerRow: 1,
      columns: ['N° client', 'Date', 'Montant'],
      totalRows: 1,
      rowsThroughHeader: 1,
      period: null,
      insurer: null,
      appliedMappingId: null,
      forced: false,
      actor: { userId: null, label: 'Test' },
    });
    await app.queue.enqueue(id);
    let record;
    for (let i = 0; i < 600; i++) {
      record = await (await app.request(`/api/imports/${id}`, { cookie })).json();
      if (record.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(record).toMatchObject({ status: 'failed', commissionsCreated: 0, error: expect.stringMatching(/se décompresse en plus de 64 Mo/) });
    expect(await app.db.knex('commissions').where({ import_id: id }).count('* as n').first()).toEqual({ n: 0 });
  });
});

describe('the preview tells the truth', () => {
  it('gives every row of a messy file the verdict the import gives it, and counts the whole file the same', async () => {
    // Known before the import: a client the file names without a name (fine: it exists).
    await app.db.knex('clients').insert({ client_number: 'KNOWN-1', last_name: 'Connu' });
    const messy = await messyStatement();
    // The messy statement plus rows only the database and the earlier rows can judge.
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(messy as never);
    const sheet = workbook.worksheets[0];
    const extra: Array<[number, unknown[]]> = [
      [14, ['NEW-9', null, null, null, null, 'CT-0090', null, null, null, null, '1,00']], // new client, no name yet: rejected
      [15, ['NEW-9', 'Nouveau', null, null, null, 'CT-0090', null, null, null, null, '2,00']], // named now: created
      [16, ['new-9', null, null, null, null, 'CT-0090', null, null, null, null, '3,00']], // named by row 15: fine
      [17, ['KNOWN-1', null, null, null, null, null, null, null, null, null, '4,00']], // stored client: fine
      [18, ['NEW-10', null, null, null, null, null, null, null, null, null, '5,00']], // never named: rejected
    ];
    for (const [row, values] of extra) sheet.getRow(row).values = values as never;
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const shown = await preview(file);
    const verdicts = new Map(shown.rows.map((row) => [row.row, row]));
    expect(verdicts.get(14)).toMatchObject({ status: 'rejected', errors: [{ column: null, message: expect.stringMatching(/Nom du client manquant/) }] });
    expect([15, 16, 17].map((row) => verdicts.get(row)?.status)).toEqual(['line', 'line', 'line']);

    const done = await imported(file);
    const written = new Set((await app.db.knex('commissions').select('import_row').where({ import_id: done.id })).map((c) => c.import_row));
    const rejected = new Map((await app.db.knex('statement_import_rejections').select('row', 'errors').where({ import_id: done.id })).map((r) => [r.row, r.errors]));
    expect(shown.rows.length).toBe(shown.counts?.rows);
    for (const row of shown.rows) {
      const importVerdict = written.has(row.row) ? 'line' : rejected.has(row.row) ? 'rejected' : 'skipped';
      const previewVerdict = row.status === 'empty' || row.status === 'summary' ? 'skipped' : row.status;
      expect(importVerdict, `row ${row.row}`).toBe(previewVerdict);
      if (row.status === 'rejected') expect(rejected.get(row.row), `row ${row.row}`).toEqual(row.errors);
    }
    expect(shown.counts).toEqual({ rows: 13, valid: done.commissionsCreated, rejected: done.rowsRejected, skipped: 1, complete: true });
    expect([done.commissionsCreated, done.rowsRejected]).toEqual([7, 5]);
    expect(verdicts.get(MESSY_ROWS.total)?.status).toBe('summary');
  });
});

describe('identity is stable', () => {
  it('never rewrites a stored client number matched case- or space-insensitively, and counts each client once', async () => {
    const [stored] = await app.db.knex('clients').insert({ client_number: 'AB-12', last_name: 'Stable', email: 'stable@x.fr' }).returning('id');
    const [same] = await app.db.knex('clients').insert({ client_number: 'CD-34', last_name: 'Pareil' }).returning('id');
    const file = await statementOf(
      'S',
      ['Bordereau octobre 2026'],
      ['N° client', 'Nom', 'E-mail', 'Date de valeur', 'Montant'],
      [
        [' ab-12 ', null, 'nouveau@x.fr', '01/10/2026', '1'],
        ['AB-12', null, null, '02/10/2026', '2'], // blank e-mail: erases nothing
        ['cd-34', 'Pareil', null, '03/10/2026', '3'], // matched, nothing changes
        ['EF-56', 'Neuf', null, '04/10/2026', '4'],
        ['ef-56', null, 'neuf@x.fr', '05/10/2026', '5'],
      ],
    );
    const done = await imported(file);
    expect(done).toMatchObject({ status: 'completed', clientsCreated: 1, clientsUpdated: 1, clientsUnchanged: 1, commissionsCreated: 5 });
    expect(await app.db.knex('clients').select('client_number', 'email').whereIn('id', [stored.id, same.id]).orderBy('id')).toEqual([
      { client_number: 'AB-12', email: 'nouveau@x.fr' },
      { client_number: 'CD-34', email: null },
    ]);
    expect(await app.db.knex('clients').select('client_number', 'email').where({ client_number_key: 'ef-56' })).toEqual([{ client_number: 'EF-56', email: 'neuf@x.fr' }]);

    // The result page's groups: the clients list filtered by this import (and its outcome).
    const provider = app.dataProvider(cookie);
    const group = async (importOutcome?: string) =>
      (
        await provider.getList('clients', {
          pagination: { page: 1, perPage: 10 },
          sort: { field: 'clientNumber', order: 'ASC' },
          filter: { importId: done.id, ...(importOutcome ? { importOutcome } : {}) },
        })
      ).data.map((c) => c.clientNumber);
    expect(await group()).toEqual(['AB-12', 'CD-34', 'EF-56']);
    expect(await group('created')).toEqual(['EF-56']);
    expect(await group('updated')).toEqual(['AB-12']);
    expect(await group('unchanged')).toEqual(['CD-34']);
    expect((await app.request('/api/clients?filter={"importOutcome":"maybe"}', { cookie })).status).toBe(400);

    // A client's Imports tab: that client's own lines of the import, not the whole file's.
    const tab = await provider.getList('imports', { pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'DESC' }, filter: { clientId: stored.id } });
    expect(tab.data[0]).toMatchObject({ id: done.id, commissionsCreated: 5, clientLines: 2, clientAmount: '3.00' });
  });
});

describe('the imports list', () => {
  it('counts its total exactly past 1,000 imports, like the other lists', async () => {
    // 1,100 past imports (failed, so that the same-file index lets them be).
    await app.db.knex.raw(`
      INSERT INTO statement_imports (file_name, file_size, sha256, status, mapping, sheet_id, header_row, columns)
      SELECT 'ancien-' || n || '.xlsx', 1, 'old-' || n, 'failed', '{}'::jsonb, '1', 1, '[]'::jsonb FROM generate_series(1, 1100) AS n`);
    const total = Number((await app.db.knex('statement_imports').count({ n: '*' }))[0].n);
    const response = await app.request('/api/imports?range=[0,9]', { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-more-than')).toBeNull();
    expect(response.headers.get('content-range')).toBe(`imports 0-9/${total}`);
    const failed = await app.request(`/api/imports?range=[0,9]&filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`, { cookie });
    expect(failed.headers.get('content-range')).toMatch(/^imports 0-9\/11\d\d$/);
    const one = await app.request(`/api/imports?filter=${encodeURIComponent(JSON.stringify({ q: 'ancien-1099' }))}`, { cookie });
    expect(one.headers.get('content-range')).toBe('imports 0-0/1');
  });
});
