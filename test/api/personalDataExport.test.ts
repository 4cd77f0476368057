import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import type { PersonalDataExport } from '../../api/personalData/personalDataExport';

/**
 * The right of access and portability: GET /api/clients/:id/personal-data holds every
 * contract, commission, import and change of the client, and nothing of anybody else.
 */
let app: TestApp;
let admin: string;
let support: string;
let clientId: number;
let otherId: number;
let contractIds: number[];
let commissionIds: number[];
let importId: number;

const json = async (response: Response) => ({ status: response.status, body: await response.json() });
const post = async (path: string, body: unknown) => {
  const answer = await json(await app.request(path, { method: 'POST', cookie: admin, body }));
  expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
  return answer.body;
};
const exportOf = (id: number, format?: string, cookie = admin) => app.request(`/api/clients/${id}/personal-data${format ? `?format=${format}` : ''}`, { cookie });

beforeAll(async () => {
  app = await startAppWithImports();
  admin = await app.login('admin');
  support = await app.login('support');
  clientId = (await post('/api/clients', { clientNumber: 'EXP-1', lastName: 'Quentin', firstName: 'Odile', email: 'odile.quentin@exemple.fr', phone: '06 11 22 33 44' })).id;
  await app.request(`/api/clients/${clientId}`, { method: 'PUT', cookie: admin, body: { address: '3 place du Marché, Nantes' } });
  otherId = (await post('/api/clients', { clientNumber: 'OTH-1', lastName: 'Étranger', firstName: 'Paul', email: 'paul.etranger@exemple.fr' })).id;

  contractIds = [];
  for (const contractNumber of ['EXP-C1', 'EXP-C2'])
    contractIds.push((await post('/api/contracts', { contractNumber, clientId, product: 'Prévoyance', insurer: 'Mutuelle Atlantique', startDate: '2025-01-01' })).id);
  const otherContract = (await post('/api/contracts', { contractNumber: 'OTH-C1', clientId: otherId, product: 'Santé' })).id;
  commissionIds = [];
  for (const [contractId, amount] of [
    [contractIds[0], '120.50'],
    [contractIds[1], '80.00'],
    [contractIds[0], '-10.25'],
  ] as const) {
    commissionIds.push((await post('/api/commissions', { contractId, date: '2026-03-01', amount, label: 'Commission mars' })).id);
  }
  await post('/api/commissions', { contractId: otherContract, date: '2026-03-01', amount: '999.99', label: 'Commission étrangère' });

  // An import that touched the client (and the other one).
  [{ id: importId }] = await app.db
    .knex('statement_imports')
    .insert({ file_name: 'axa-mars.xlsx', file_size: 1, sha256: 'e', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]', status: 'completed', period: '2026-03', insurer: 'AXA' })
    .returning('id');
  await app.db.knex('statement_import_clients').insert([
    { import_id: importId, client_id: clientId, outcome: 'updated' },
    { import_id: importId, client_id: otherId, outcome: 'created' },
  ]);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('GET /api/clients/:id/personal-data', () => {
  it('JSON: the client, every contract, commission and import of theirs, their history, and nobody else', async () => {
    const response = await exportOf(clientId, 'json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="donnees-personnelles-EXP-1.json"');
    const text = await response.text();
    const data: PersonalDataExport = JSON.parse(text);
    expect(Object.keys(data).sort()).toEqual(['client', 'commissions', 'contracts', 'exportedAt', 'history', 'imports']);
    expect(data.client).toMatchObject({
      id: clientId,
      clientNumber: 'EXP-1',
      lastName: 'Quentin',
      firstName: 'Odile',
      email: 'odile.quentin@exemple.fr',
      address: '3 place du Marché, Nantes',
      anonymisedAt: null,
    });
    expect(data.contracts.map((c) => c.contractNumber)).toEqual(['EXP-C1', 'EXP-C2']);
    expect(data.contracts[0]).toMatchObject({ product: 'Prévoyance', insurer: 'Mutuelle Atlantique', status: 'active', startDate: '2025-01-01' });
    expect(data.commissions.map((c) => c.id).sort()).toEqual([...commissionIds].sort());
    expect(data.commissions.map((c) => c.amount as string).sort((a, b) => Number(a) - Number(b))).toEqual(['-10.25', '80.00', '120.50']);
    expect(data.imports).toEqual([expect.objectContaining({ id: importId, fileName: 'axa-mars.xlsx', insurer: 'AXA', period: '2026-03', outcome: 'updated' })]);
    // Its own changes in clear, and those of its contracts and commissions.
    const kinds = data.history.map((h) => `${h.recordType} ${h.action}`);
    expect(kinds).toEqual(expect.arrayContaining(['client create', 'client update', 'contract create', 'commission create']));
    expect(data.history.find((h) => h.recordType === 'client' && h.action === 'update')?.changes).toEqual({ address: { before: null, after: '3 place du Marché, Nantes' } });
    expect(
      data.history
        .filter((h) => h.recordType === 'contract')
        .map((h) => h.recordId)
        .sort(),
    ).toEqual([...contractIds].sort());
    // Nothing of the other client.
    for (const foreign of ['Étranger', 'paul.etranger', 'OTH-1', 'OTH-C1', '999.99', 'étrangère']) expect(text, foreign).not.toContain(foreign);
  });

  it('xlsx (the default): one sheet per kind of data, read back with exceljs', async () => {
    const response = await exportOf(clientId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="donnees-personnelles-EXP-1.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Client', 'Contrats', 'Commissions', 'Imports', 'Historique']);
    const rows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    };
    expect(rows('Client')).toEqual(
      expect.arrayContaining([
        ['Nom', 'Quentin'],
        ['Prénom', 'Odile'],
        ['E-mail', 'odile.quentin@exemple.fr'],
        ['Numéro client', 'EXP-1'],
      ]),
    );
    expect(
      rows('Contrats')
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['EXP-C1', 'EXP-C2']);
    const commissions = rows('Commissions').slice(1);
    expect(commissions).toHaveLength(3);
    expect(commissions.map((row) => row[1] as number).sort((a, b) => a - b)).toEqual([-10.25, 80, 120.5]);
    expect(rows('Imports').slice(1)).toEqual([expect.arrayContaining([importId, 'axa-mars.xlsx', 'AXA', '2026-03'])]);
    expect(rows('Historique').length).toBeGreaterThanOrEqual(1 + 2 + 2 + 3);
    const everything = JSON.stringify(workbook.worksheets.map((sheet) => sheet.getSheetValues()));
    for (const foreign of ['Étranger', 'paul.etranger', 'OTH-1', 'OTH-C1', '999.99']) expect(everything, foreign).not.toContain(foreign);
  });

  it('writes an export entry in the audit trail and in the access log, each time', async () => {
    const count = async () => ({
      audit: Number((await app.db.knex('audit_entries').where({ action: 'export', record_type: 'client', record_id: clientId }).count({ n: '*' }).first())!.n),
      log: Number((await app.db.knex('client_access_log').where({ kind: 'export', client_id: clientId }).count({ n: '*' }).first())!.n),
    });
    const before = await count();
    expect((await exportOf(clientId, 'json')).status).toBe(200);
    expect((await exportOf(clientId, 'xlsx')).status).toBe(200);
    expect(await count()).toEqual({ audit: before.audit + 2, log: before.log + 2 });
    const history = (await json(await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId, action: 'export' }))}`, { cookie: admin }))).body;
    expect(history[0]).toMatchObject({ action: 'export', recordLabel: 'Quentin Odile (EXP-1)', changes: { format: { before: null, after: 'xlsx' } } });
  });

  it('after anonymisation, exports the neutral label and the erased history', async () => {
    const erased = await post('/api/clients', { clientNumber: 'EXP-9', lastName: 'Effacé', firstName: 'Jules', email: 'jules@exemple.fr' });
    expect((await app.request(`/api/clients/${erased.id}/anonymise`, { method: 'POST', cookie: admin, body: {} })).status).toBe(200);
    const text = await (await exportOf(erased.id, 'json')).text();
    expect(JSON.parse(text).client).toMatchObject({ lastName: `Client anonymisé n° ${erased.id}`, email: null, clientNumber: 'EXP-9' });
    expect(text).toContain('[donnée effacée]');
    expect(text).not.toMatch(/Effacé|jules@/);
  });

  it('admins only, whatever the spelling; 404 for an unknown client; 400 for an unknown format', async () => {
    for (const path of [
      `/api/clients/${clientId}/personal-data`,
      `/api/CLIENTS/${clientId}/Personal-Data/`,
      `/api//clients/${clientId}/personal-data?format=json`,
      `/api/clients/${clientId}/%70ersonal-data`,
    ]) {
      expect((await app.request(path, { cookie: support })).status, path).toBe(403);
    }
    expect((await app.request(`/api/clients/${clientId}/personal-data`)).status).toBe(401);
    expect((await exportOf(999999)).status).toBe(404);
    expect((await exportOf(clientId, 'pdf')).status).toBe(400);
    expect((await app.request('/api/clients/abc/personal-data', { cookie: admin })).status).toBe(400);
  });
});
