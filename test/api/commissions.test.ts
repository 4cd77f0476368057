import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Commissions people can work with: filters by period, insurer, advisor and import,
 * a search that finds contract numbers, a total computed by the database for the same filter,
 * lines added and corrected by hand, imported lines read-only.
 */
let app: TestApp;
let cookie: string;
let provider: ReturnType<TestApp['dataProvider']>;
const ids = { claire: 0, karim: 0, axa: 0, gen: 0, client: 0, importId: 0 };

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
  provider = app.dataProvider(cookie);
  const knex = app.db.knex;
  const [claire, karim] = await knex('advisors')
    .insert([
      { first_name: 'Claire', last_name: 'Fontaine' },
      { first_name: 'Karim', last_name: 'Benali' },
    ])
    .returning('id');
  const [client] = await knex('clients').insert({ last_name: 'Payé', first_name: 'Paul', client_number: 'CL-9', advisor_id: claire.id }).returning('id');
  const [axa, gen] = await knex('contracts')
    .insert([
      { contract_number: 'AXA-100', client_id: client.id, advisor_id: claire.id, insurer: 'AXA' },
      { contract_number: 'GEN-200', client_id: client.id, advisor_id: karim.id, insurer: 'Generali' },
    ])
    .returning('id');
  const [imp] = await knex('statement_imports')
    .insert({ file_name: 'releve.xlsx', file_size: 1, sha256: 'x', status: 'completed', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]' })
    .returning('id');
  Object.assign(ids, { claire: claire.id, karim: karim.id, axa: axa.id, gen: gen.id, client: client.id, importId: imp.id });
  const line = (contract: number, advisor: number, date: string, amount: string, importRow?: number) => ({
    contract_id: contract,
    client_id: client.id,
    advisor_id: advisor,
    date,
    amount,
    label: `Commission ${date}`,
    client_number: 'CL-9',
    client_name: 'Payé Paul',
    import_id: importRow ? imp.id : null,
    import_row: importRow ?? null,
  });
  await knex('commissions').insert([
    line(axa.id, claire.id, '2026-01-31', '100.10', 2),
    line(axa.id, claire.id, '2026-02-28', '200.20', 3),
    line(gen.id, karim.id, '2026-02-28', '0.30', 4),
    line(gen.id, karim.id, '2026-03-31', '1000.00'),
  ]);
});
afterAll(() => app?.close());

const summary = async (filter: Record<string, unknown>) => {
  const response = await app.request(`/api/commissions/summary?filter=${encodeURIComponent(JSON.stringify(filter))}`, { cookie });
  expect(response.status).toBe(200);
  return response.json();
};
const listed = async (filter: Record<string, unknown>) => {
  const { data, total } = await provider.getList('commissions', { pagination: { page: 1, perPage: 2 }, sort: { field: 'date', order: 'ASC' }, filter });
  return { dates: data.map((c) => c.date), total };
};

describe('commission filters and their total', () => {
  it('filters by period (both days included), insurer, advisor and import; the total is the database’s, over every page', async () => {
    expect(await summary({})).toEqual({ count: 4, totalAmount: '1300.60' });
    expect(await summary({ dateFrom: '2026-02-28', dateTo: '2026-02-28' })).toMatchObject({ count: 2, totalAmount: '200.50' });
    expect(await summary({ dateFrom: '2026-02-01' })).toMatchObject({ count: 3, totalAmount: '1200.50' });
    expect(await summary({ dateTo: '2026-01-31' })).toMatchObject({ count: 1, totalAmount: '100.10' });
    expect(await summary({ insurer: 'generali' })).toMatchObject({ count: 2, totalAmount: '1000.30' });
    expect(await summary({ advisorId: ids.claire })).toMatchObject({ count: 2, totalAmount: '300.30' });
    expect(await summary({ importId: ids.importId })).toMatchObject({ count: 3, totalAmount: '300.60' });
    expect(await summary({ importId: ids.importId, insurer: 'AXA', dateFrom: '2026-02-01' })).toMatchObject({ count: 1, totalAmount: '200.20' });

    // The list answers the same lines, a page at a time; the total header counts them all.
    expect(await listed({ dateFrom: '2026-02-01', dateTo: '2026-03-31' })).toEqual({ dates: ['2026-02-28', '2026-02-28'], total: 3 });
    expect(await listed({ insurer: 'AXA' })).toEqual({ dates: ['2026-01-31', '2026-02-28'], total: 2 });
  });

  it('finds contract numbers with the search', async () => {
    expect(await summary({ q: 'gen-200' })).toMatchObject({ count: 2, totalAmount: '1000.30' });
    expect((await listed({ q: 'AXA-1' })).total).toBe(2);
  });

  it('refuses malformed filters with a 400', async () => {
    for (const filter of [{ dateFrom: '2026-02-30' }, { dateTo: '31/01/2026' }, { advisorId: 2_147_483_648 }, { importId: 'x' }, { insurer: 'A'.repeat(300) }]) {
      const response = await app.request(`/api/commissions?filter=${encodeURIComponent(JSON.stringify(filter))}`, { cookie });
      expect(response.status, JSON.stringify(filter)).toBe(400);
      expect((await response.json()).message).toMatch(/Filtre invalide/);
    }
  });
});

describe('manual correction', () => {
  it('adds a line by hand: client and advisor follow from the contract; corrects and deletes it; every change audited', async () => {
    const { data: created } = await provider.create('commissions', { data: { contractId: ids.gen, date: '2026-04-30', amount: '12,5', label: 'Ligne oubliée du relevé' } });
    expect(created).toMatchObject({ source: 'manual', clientId: ids.client, advisorId: ids.karim, amount: '12.50', clientName: 'Payé Paul', clientNumber: 'CL-9', importId: null });
    expect(await app.db.knex('commissions').where({ id: created.id }).first()).toMatchObject({ amount: '12.50' });

    // Given explicitly, the advisor wins over the contract's.
    const { data: other } = await provider.create('commissions', { data: { contractId: ids.gen, date: '2026-04-30', amount: -3, label: 'Reprise', advisorId: ids.claire } });
    expect(other).toMatchObject({ advisorId: ids.claire, amount: '-3.00' });

    const { data: corrected } = await provider.update('commissions', { id: created.id, data: { amount: '12.55', contractId: ids.axa }, previousData: created });
    expect(corrected).toMatchObject({ amount: '12.55', contractId: ids.axa, advisorId: ids.claire });
    await provider.delete('commissions', { id: created.id, previousData: corrected });
    expect(await app.db.knex('commissions').where({ id: created.id }).first()).toBeUndefined();

    const response = await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ recordType: 'commission', recordId: created.id }))}&sort=["id","ASC"]`, { cookie });
    const entries = await response.json();
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries[1].changes).toMatchObject({ amount: { before: '12.50', after: '12.55' }, contractId: { before: ids.gen, after: ids.axa } });
  });

  it('keeps imported lines read-only: 409 with a message, nothing changes', async () => {
    const imported = await app.db.knex('commissions').where({ import_row: 2 }).first();
    const put = await app.request(`/api/commissions/${imported.id}`, { method: 'PUT', cookie, body: { amount: 1 } });
    expect(put.status).toBe(409);
    expect((await put.json()).message).toMatch(/import/);
    const del = await app.request(`/api/commissions/${imported.id}`, { method: 'DELETE', cookie });
    expect(del.status).toBe(409);
    expect(await app.db.knex('commissions').where({ id: imported.id }).first()).toMatchObject({ amount: '100.10' });
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['no contract', { date: '2026-01-31', amount: 1 }, 'contractId'],
    ['unknown contract', { contractId: 999_999, date: '2026-01-31', amount: 1 }, 'contractId'],
    ['contract id past integer', { contractId: 2_147_483_648, date: '2026-01-31', amount: 1 }, 'contractId'],
    ['impossible date', { contractId: -1, date: '2026-13-01', amount: 1 }, 'date'],
    ['float amount', { contractId: 1, date: '2026-01-31', amount: 0.1 + 0.2 }, 'amount'],
    ['three decimals', { contractId: 1, date: '2026-01-31', amount: '1.234' }, 'amount'],
    ['too large', { contractId: 1, date: '2026-01-31', amount: '1000000000000' }, 'amount'],
    ['zero', { contractId: 1, date: '2026-01-31', amount: 0 }, 'amount'],
    ['not a number', { contractId: 1, date: '2026-01-31', amount: '12 euros' }, 'amount'],
    ['NUL in label', { contractId: 1, date: '2026-01-31', amount: 1, label: 'a\u0000' }, 'label'],
    ['unknown client', { contractId: 1, date: '2026-01-31', amount: 1, clientId: 999_999 }, 'clientId'],
    ['unknown advisor', { contractId: 1, date: '2026-01-31', amount: 1, advisorId: 999_999 }, 'advisorId'],
  ];
  it.each(bad)('%s → 400 on its field, nothing written', async (_label, body, field) => {
    const contract = body.contractId === 1 ? ids.axa : body.contractId;
    const before = await app.db.knex('commissions').count('* as count').first();
    const response = await app.request('/api/commissions', { method: 'POST', cookie, body: { ...body, contractId: contract } });
    expect(response.status).toBe(400);
    expect(JSON.stringify((await response.json()).errors)).toContain(field);
    expect(await app.db.knex('commissions').count('* as count').first()).toEqual(before);
  });
});
