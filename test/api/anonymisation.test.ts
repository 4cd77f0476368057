import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDirtyPairs } from '../../api/duplicates/duplicateRefresh';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { importLimits, recordImport } from '../imports/importFixtures';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import type { AuditEntryRecord } from '../../api/audit/auditTrail';

/**
 * Erasure that keeps the accounts: a client whose values went through the API (create,
 * update), a merge (an absorbed duplicate with its own phone) and an import (a commission, and a
 * rejected row that keeps its raw cells) is anonymised; then no column of any table holds them.
 */
let app: TestApp;
let admin: string;
let support: string;

const NAME = 'Zorglubovitch';
const FIRST_NAME = 'Hyacinthe';
const FIRST_EMAIL = 'hyacinthe.premier@exemple.fr';
const EMAIL = 'hyacinthe.zorglub@exemple.fr';
const PHONE = '06 98 76 54 32';
const ABSORBED_PHONE = '07 11 22 33 44';
const ADDRESS = '12 rue des Glycines, Rennes';
const SEARCHED = [NAME, FIRST_EMAIL, EMAIL, PHONE, PHONE.replace(/ /g, ''), ABSORBED_PHONE, ABSORBED_PHONE.replace(/ /g, ''), 'Glycines'];

const json = async (response: Response) => ({ status: response.status, body: await response.json() });
const post = (path: string, body: unknown = {}, cookie = admin) => app.request(path, { method: 'POST', cookie, body });

/** Every text, varchar, json and jsonb column of every table: where does `needle` still appear? */
async function placesHolding(needle: string): Promise<string[]> {
  const columns: Array<{ table_name: string; column_name: string }> = await app.db
    .knex('information_schema.columns as c')
    .join('information_schema.tables as t', function () {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereRaw('c.table_schema = current_schema()')
    .where('t.table_type', 'BASE TABLE')
    .whereIn('c.data_type', ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'])
    .select('c.table_name', 'c.column_name');
  const places: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await app.db.knex.raw('SELECT count(*)::int AS n FROM ?? WHERE ??::text ILIKE ?', [table_name, column_name, `%${needle}%`]);
    if (rows[0].n) places.push(`${table_name}.${column_name} (${rows[0].n})`);
  }
  return places;
}

async function statement(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['N° client', 'Nom du client', 'Prénom', 'E-mail', 'Tél.', 'N° de contrat', 'Produit', 'Compagnie', 'Conseiller', "Date d'effet", 'Montant HT (€)', 'Libellé']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function runImport(rows: unknown[][]) {
  const record = await recordImport(app.db.knex, await statement(rows), { userId: null, period: '2026-03' });
  const outcome = await processStatementImport(record.id, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimits });
  expect({ outcome, error: (await app.db.knex('statement_imports').where('id', record.id).first()).error }).toEqual({ outcome: 'completed', error: null });
  return record.id;
}

const commissionTotals = async () => (await app.db.knex('commissions').select(app.db.knex.raw('count(*)::int AS n, sum(amount)::text AS total')).first()) as { n: number; total: string };
const rawTrail = async () => app.db.knex('audit_entries').orderBy('id').select('id', 'record_label', app.db.knex.raw('changes::text AS changes'));
const history = async (clientId: number) =>
  (await json(await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId }))}&range=[0,99]`, { cookie: admin }))).body as AuditEntryRecord[];

let clientId: number;
let absorbedId: number;
let otherId: number;

beforeAll(async () => {
  app = await startAppWithImports();
  admin = await app.login('admin');
  support = await app.login('support');

  // Through the API: created, then its e-mail changed (the first one stays in the trail).
  const created = await json(await post('/api/clients', { clientNumber: 'Z-100', lastName: NAME, firstName: FIRST_NAME, email: FIRST_EMAIL, phone: PHONE }));
  expect(created.status).toBe(201);
  clientId = created.body.id;
  expect((await app.request(`/api/clients/${clientId}`, { method: 'PUT', cookie: admin, body: { email: EMAIL, address: ADDRESS } })).status).toBe(200);

  // A duplicate under another number, with a phone of its own, merged into it.
  const duplicate = await json(await post('/api/clients', { clientNumber: 'Z-200', lastName: NAME, firstName: FIRST_NAME, phone: ABSORBED_PHONE }));
  absorbedId = duplicate.body.id;
  const merged = await post(`/api/clients/${clientId}/merge`, { sourceIds: [absorbedId] });
  expect(merged.status).toBe(200);

  // An import: a commission whose label names the client, a rejected row keeping its raw cells
  // (under the absorbed number, now an alias), and another client who must keep everything.
  await runImport([
    ['Z-100', NAME, FIRST_NAME, EMAIL, PHONE, 'CT-Z1', 'Prévoyance', 'Mutuelle Atlantique', null, '01/03/2026', '100,00', `Commission mars ${NAME} ${FIRST_NAME}`],
    ['Z-200', NAME, FIRST_NAME, EMAIL, ABSORBED_PHONE, 'CT-Z1', null, null, null, '01/03/2026', 'abc', null],
    ['D-1', 'Dupuis', 'Marc', 'marc.dupuis@exemple.fr', '01 02 03 04 05', 'CT-D1', 'Santé', 'Mutuelle Atlantique', null, '01/03/2026', '50,00', 'Commission mars Dupuis'],
  ]);
  otherId = (await app.db.knex('clients').where('client_number', 'D-1').first()).id;
  // A line entered by hand whose label names the client: its audit entry must be shredded too.
  const contractId = (await app.db.knex('contracts').where('contract_number', 'CT-Z1').first()).id;
  const manual = await post('/api/commissions', { contractId, date: '2026-03-15', amount: '25.00', label: `Régularisation ${NAME}` });
  expect(manual.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('POST /api/clients/:id/anonymise', () => {
  it('leaves no personal value of the client in any column of any table, and keeps the accounts', async () => {
    // The values really are spread around before (otherwise the search below would prove nothing).
    expect(await placesHolding(NAME)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clients\.last_name/),
        expect.stringMatching(/^commissions\.client_name/),
        expect.stringMatching(/^statement_import_rejections\.cells/),
        expect.stringMatching(/^commissions\.label/),
      ]),
    );
    expect((await history(clientId)).some((entry) => JSON.stringify(entry).includes(FIRST_EMAIL))).toBe(true);

    const totalsBefore = await commissionTotals();
    const trailBefore = await rawTrail();
    const other = await app.db.knex('clients').where('id', otherId).first();

    const { status, body } = await json(await post(`/api/clients/${clientId}/anonymise`));
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: clientId, clientNumber: 'Z-100', lastName: `Client anonymisé n° ${clientId}`, firstName: null, email: null, phone: null, address: null, aliases: ['Z-200'] });
    expect(body.anonymisedAt).toEqual(expect.any(String));

    for (const needle of SEARCHED) expect(await placesHolding(needle), needle).toEqual([]);

    // Accounts: same commission lines and total; contract numbers, amounts and dates stay.
    expect(await commissionTotals()).toEqual(totalsBefore);
    const line = await app.db.knex('commissions').where({ client_id: clientId, source: 'import' }).first();
    expect(line).toMatchObject({ client_number: 'Z-100', client_name: `Client anonymisé n° ${clientId}`, amount: '100.00' });
    expect(await app.db.knex('contracts').where('client_id', clientId).pluck('contract_number')).toEqual(['CT-Z1']);
    // The rejected row (under the absorbed number) keeps what is not personal: its number,
    // contract and amount; its names and contacts, and its reason, which may quote them, go.
    const rejected = await app.db.knex('statement_import_rejections').first();
    expect(rejected.cells.slice(0, 6)).toEqual(['Z-200', null, null, null, null, 'CT-Z1']);
    expect(rejected.errors).toMatchObject([
      {
        column: null,
        code: 'row.clientErased',
        message: 'Le client n° Z-200 a été anonymisé (droit à l’effacement) : cette ligne n’est pas importée et ses données personnelles ne sont pas conservées.',
      },
    ]);
    // Nobody else was touched.
    expect(await app.db.knex('clients').where('id', otherId).first()).toEqual(other);
    expect(await app.db.knex('commissions').where('client_id', otherId).pluck('label')).toEqual(['Commission mars Dupuis']);

    // Append-only: the earlier rows are there, byte for byte; one entry was added.
    const trailAfter = await rawTrail();
    expect(trailAfter.slice(0, trailBefore.length)).toEqual(trailBefore);
    expect(trailAfter).toHaveLength(trailBefore.length + 1);
    await expect(app.db.knex('audit_entries').update({ user_label: 'x' })).rejects.toThrow(/append-only/);

    // Read through the API, the earlier entries (its own and the absorbed client's) are erased;
    // the number stays readable; the anonymisation itself is readable.
    const entries = await history(clientId);
    const [last, ...earlier] = entries;
    expect(last).toMatchObject({
      action: 'anonymise',
      recordLabel: `Client anonymisé n° ${clientId} (Z-100)`,
      changes: { lastName: { before: '[donnée effacée]', after: `Client anonymisé n° ${clientId}` } },
    });
    expect(earlier.length).toBeGreaterThanOrEqual(5);
    for (const entry of earlier) expect(entry.recordLabel).toBe('[donnée effacée]');
    const creation = earlier.find((entry) => entry.action === 'create' && entry.recordId === clientId)!;
    expect(creation.changes).toMatchObject({
      clientNumber: { before: null, after: 'Z-100' },
      lastName: { before: '[donnée effacée]', after: '[donnée effacée]' },
      email: { before: '[donnée effacée]', after: '[donnée effacée]' },
    });
    expect(earlier.some((entry) => entry.recordId === absorbedId)).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${NAME}|${FIRST_EMAIL}|${PHONE}`, 'i'));
    // The hand-entered line's entry: its label erased, its amount kept.
    const lineEntries = (await json(await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ recordType: 'commission' }))}`, { cookie: admin }))).body;
    const manualEntry = (lineEntries as AuditEntryRecord[]).find((entry) => entry.action === 'create');
    expect(Number(manualEntry?.changes.amount.after)).toBe(25);
    expect(manualEntry).toMatchObject({ recordLabel: '[donnée effacée]', changes: { label: { before: '[donnée effacée]', after: '[donnée effacée]' } } });
    // Another client's trail still reads in clear.
    expect((await history(otherId))[0]).toMatchObject({ recordLabel: 'Dupuis Marc (D-1)' });
  });

  it('is idempotent: a second call answers the same record and writes nothing', async () => {
    const before = { trail: (await rawTrail()).length, keys: await app.db.knex('client_keys').count({ n: '*' }).first() };
    const first = await app.db.knex('clients').where('id', clientId).first();
    const { status, body } = await json(await post(`/api/clients/${clientId}/anonymise`));
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: clientId, lastName: `Client anonymisé n° ${clientId}`, updatedAt: first.updated_at.toISOString() });
    expect({ trail: (await rawTrail()).length, keys: await app.db.knex('client_keys').count({ n: '*' }).first() }).toEqual(before);
  });

  it('keeps the personal fields erased: neither an edit nor a later statement brings them back; the number stays editable', async () => {
    const edited = await json(await app.request(`/api/clients/${clientId}`, { method: 'PUT', cookie: admin, body: { clientNumber: 'Z-101', lastName: NAME, email: EMAIL } }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ clientNumber: 'Z-101', lastName: `Client anonymisé n° ${clientId}`, email: null });
    await runImport([['Z-101', NAME, FIRST_NAME, EMAIL, PHONE, 'CT-Z1', null, null, null, '01/04/2026', '10,00', null]]);
    expect(await app.db.knex('clients').where('id', clientId).first()).toMatchObject({ last_name: `Client anonymisé n° ${clientId}`, first_name: null, email: null, phone: null });
  });

  it('bulk: all or none, answers the ids; anonymised clients are never proposed as duplicates', async () => {
    const ids: number[] = [];
    for (const number of ['B-1', 'B-2']) ids.push((await json(await post('/api/clients', { clientNumber: number, lastName: 'Homonyme', firstName: 'Jeanne', email: `${number}@exemple.fr` }))).body.id);
    const refused = await post(`/api/clients/anonymise?filter=${encodeURIComponent(JSON.stringify({ id: [...ids, 999999] }))}`);
    expect(refused.status).toBe(404);
    expect(await app.db.knex('clients').whereIn('id', ids).pluck('last_name')).toEqual(['Homonyme', 'Homonyme']);

    const done = await json(await post(`/api/clients/anonymise?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`));
    expect(done).toEqual({ status: 200, body: ids });
    expect(await app.db.knex('clients').whereIn('id', ids).orderBy('id').pluck('last_name')).toEqual(ids.map((id) => `Client anonymisé n° ${id}`));
    await refreshDirtyPairs(app.db.knex);
    const pairs = await app.db
      .knex('client_duplicate_pairs')
      .whereIn('client_a', [...ids, clientId])
      .orWhereIn('client_b', [...ids, clientId]);
    expect(pairs).toEqual([]);
    expect((await post('/api/clients/anonymise')).status).toBe(400);
  });

  it('admins only; 404 for an unknown client; ids checked', async () => {
    expect((await post(`/api/clients/${otherId}/anonymise`, {}, support)).status).toBe(403);
    expect((await post(`/api/CLIENTS/${otherId}/Anonymise/`, {}, support)).status).toBe(403);
    expect((await post(`/api/clients/anonymise?filter=${encodeURIComponent(JSON.stringify({ id: [otherId] }))}`, {}, support)).status).toBe(403);
    expect((await post('/api/clients/999999/anonymise')).status).toBe(404);
    expect((await post('/api/clients/abc/anonymise')).status).toBe(400);
    expect((await app.db.knex('clients').where('id', otherId).first()).last_name).toBe('Dupuis');
  });
});
