import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';
import type { PersonalDataExport } from '../../api/personalData/personalDataExport';

/**
 * What the firm sends a client who asks for their data (RGPD articles 15 and 20) holds what it
 * knows of them under every record they had: a client merged into another, itself merged later,
 * brings its history (its creation, its changes with their values, the merge), its contracts,
 * commissions and imports to the survivor's export, and nobody else's. Its spreadsheet never
 * starts a formula, whatever those records hold.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

describe.each(DATABASES)('the personal-data export of a client that absorbed others, on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  const id = { a: 0, b: 0, d: 0, stranger: 0, importId: 0 };

  const post = async (path: string, body: unknown, expected = 201) => {
    const response = await app.request(path, { method: 'POST', cookie: admin, body });
    expect(response.status, `${path} ${JSON.stringify(await response.clone().json())}`).toBe(expected);
    return response.json();
  };

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
    id.a = (await post('/api/clients', { clientNumber: '=A-1', lastName: '=HYPERLINK("http://evil.example")', firstName: '+Ancienne', email: 'ancienne@exemple.fr' })).id;
    expect((await app.request(`/api/clients/${id.a}`, { method: 'PUT', cookie: admin, body: { address: '@SOMME(1;2) rue Vieille' } })).status).toBe(200);
    const contract = await post('/api/contracts', { contractNumber: '-K-A', clientId: id.a, product: '=Prévoyance', insurer: '+Mutuelle' });
    await post('/api/commissions', { contractId: contract.id, date: '2026-02-01', amount: '-12.50', label: '=1+1' });
    [{ id: id.importId }] = await app.db
      .knex('statement_imports')
      .insert({ file_name: '=bordereau.xlsx', file_size: 1, sha256: 'pdm', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]', status: 'completed', insurer: '@AXA' })
      .returning('id');
    await app.db.knex('statement_import_clients').insert({ import_id: id.importId, client_id: id.a, outcome: 'created' });
    id.b = (await post('/api/clients', { clientNumber: 'B-1', lastName: 'Milieu', firstName: 'Bernard' })).id;
    id.d = (await post('/api/clients', { clientNumber: 'D-1', lastName: 'Dernier', firstName: 'Denis' })).id;
    id.stranger = (await post('/api/clients', { clientNumber: 'S-1', lastName: 'Étrangère', firstName: 'Sophie', email: 'sophie@exemple.fr' })).id;
    // A into B, then B into D: D's export must reach A through B.
    await post(`/api/clients/${id.b}/merge`, { sourceIds: [id.a] }, 200);
    await post(`/api/clients/${id.d}/merge`, { sourceIds: [id.b] }, 200);
  });
  afterAll(() => app?.close());

  const exportOf = async (clientId: number, format: 'json' | 'xlsx') => {
    const response = await app.request(`/api/clients/${clientId}/personal-data?format=${format}`, { cookie: admin });
    expect(response.status).toBe(200);
    return response;
  };

  it('holds the history of every client it absorbed, directly or through another merge, with their values', async () => {
    const data: PersonalDataExport = await (await exportOf(id.d, 'json')).json();
    const entries = (recordId: number) => data.history.filter((h) => h.recordType === 'client' && h.recordId === recordId).map((h) => h.action);
    expect(entries(id.a)).toEqual(['create', 'update', 'merge']);
    expect(entries(id.b)).toEqual(['create', 'merge', 'merge']);
    expect(entries(id.d)).toEqual(['create', 'merge']);
    const created = data.history.find((h) => h.recordId === id.a && h.action === 'create');
    expect(created?.changes).toMatchObject({ lastName: { after: '=HYPERLINK("http://evil.example")' }, email: { after: 'ancienne@exemple.fr' } });
    expect(data.history.find((h) => h.recordId === id.a && h.action === 'update')?.changes).toEqual({ address: { before: null, after: '@SOMME(1;2) rue Vieille' } });
    // The merge entries that moved A: into B, and B (with A's full state) into D.
    expect(data.history.find((h) => h.recordId === id.a && h.action === 'merge')?.changes).toEqual({ mergedInto: { before: id.a, after: id.b } });
    expect((data.client.formerNumbers as string[]).sort()).toEqual(['=A-1', 'B-1'].sort());
  });

  it('holds the contracts, commissions and imports the absorbed clients brought, and nobody else’s', async () => {
    const response = await exportOf(id.d, 'json');
    const text = await response.text();
    const data: PersonalDataExport = JSON.parse(text);
    expect(data.contracts.map((c) => c.contractNumber)).toEqual(['-K-A']);
    expect(data.commissions).toEqual([expect.objectContaining({ amount: '-12.50', label: '=1+1', contractNumber: '-K-A' })]);
    expect(data.imports).toEqual([expect.objectContaining({ id: id.importId, outcome: 'created' })]);
    expect(data.history.filter((h) => h.recordType === 'contract').length).toBeGreaterThanOrEqual(1);
    expect(data.history.filter((h) => h.recordType === 'commission').length).toBeGreaterThanOrEqual(1);
    for (const foreign of ['Étrangère', 'sophie@', 'S-1', `"recordId": ${id.stranger}`]) expect(text, foreign).not.toContain(foreign);
    // And the stranger's export holds none of them.
    const strangers = await (await exportOf(id.stranger, 'json')).text();
    for (const merged of ['Ancienne', 'Milieu', 'Dernier', '-K-A']) expect(strangers, merged).not.toContain(merged);
  });

  it('writes all of it in the spreadsheet without a cell that starts a formula', async () => {
    const { history: jsonHistory } = await (await exportOf(id.d, 'json')).json();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await exportOf(id.d, 'xlsx')).arrayBuffer()) as never);
    const texts: Array<[string, string]> = [];
    let formulas = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) formulas++;
          if (typeof cell.value === 'string' || cell.type === ExcelJS.ValueType.RichText) texts.push([`${sheet.name}!${cell.address}`, cell.text]);
        }),
      );
    }
    expect(formulas).toBe(0);
    for (const [at, value] of texts) expect(FORMULA_START.test(value) && !/^-\d+(?:[.,]\d+)?$/.test(value), `${at}: ${JSON.stringify(value)}`).toBe(false);
    const all = texts.map(([, value]) => value);
    for (const hostile of ['-K-A', '=Prévoyance', '+Mutuelle', '=1+1', '=bordereau.xlsx', '@AXA']) expect(all, hostile).toContain(`'${hostile}`);
    // The absorbed client's name labels its history entries, guarded too.
    expect(all.filter((value) => value.startsWith(`'=HYPERLINK("http://evil.example") +Ancienne`)).length).toBeGreaterThanOrEqual(3);
    // The absorbed clients' entries are in the history sheet too.
    const history = workbook.getWorksheet('Historique')!;
    // (Plus the entry of the JSON export just made: each export is in the history.)
    expect(history.rowCount - 1).toBe(jsonHistory.length + 1);
  });
});
