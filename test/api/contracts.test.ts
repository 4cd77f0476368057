import { fetchUtils } from 'react-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportColumns, toExportRows } from '../../admin/src/clients/clientExport';
import { createDataProvider, type HttpClient } from '../../admin/src/dataProvider';
import * as managedContracts from '../../migrations/20261127_02_managed_contracts';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Contracts the firm manages, through the real ra-data-simple-rest client: create,
 * edit, terminate, delete; the one "active" rule seen by the clients list, the client page and
 * the export; numbers unique whatever their case; support staff refused every write.
 */
let app: TestApp;
let cookie: string;
let supportCookie: string;
let provider: ReturnType<TestApp['dataProvider']>;
let admin: ReturnType<typeof createDataProvider>;
let advisors: { claire: number; karim: number };

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const shiftDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
  supportCookie = await app.login('support');
  provider = app.dataProvider(cookie);
  const httpClient: HttpClient = (url, options = {}) => {
    const headers = new Headers(options.headers as HeadersInit);
    headers.set('Cookie', cookie);
    return fetchUtils.fetchJson(url, { ...options, headers });
  };
  admin = createDataProvider(`${app.url}/api`, httpClient);
  const [claire, karim] = await app.db
    .knex('advisors')
    .insert([
      { first_name: 'Claire', last_name: 'Fontaine' },
      { first_name: 'Karim', last_name: 'Benali' },
    ])
    .returning('id');
  advisors = { claire: claire.id, karim: karim.id };
});
afterAll(() => app?.close());

const activeCountEverywhere = async (clientId: number, lastName: string) => {
  const { data: page } = await provider.getOne('clients', { id: clientId });
  const { data: list } = await provider.getList('clients', { pagination: { page: 1, perPage: 25 }, sort: { field: 'lastName', order: 'ASC' }, filter: { q: lastName } });
  // The export is built from the same list request the Exporter button sends, then toExportRows.
  const rows = toExportRows(list, new Map());
  const column = exportColumns((key) => key).findIndex((c) => c.key === 'activeContracts');
  expect(column).toBeGreaterThanOrEqual(0);
  return { page: page.activeContracts, list: list.find((c) => c.id === clientId)?.activeContracts, export: rows.find((_r, i) => list[i].id === clientId)?.activeContracts };
};

describe('contracts through ra-data-simple-rest', () => {
  it('creates, edits, terminates and deletes a contract; the active count follows everywhere', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Contractant', firstName: 'Camille', advisorId: advisors.claire } });
    expect(await activeCountEverywhere(client.id, 'Contractant')).toEqual({ page: 0, list: 0, export: 0 });

    const { data: created } = await provider.create('contracts', {
      data: { contractNumber: '  AXA-2026-001 ', clientId: client.id, advisorId: advisors.karim, product: 'PER Avenir', insurer: 'AXA', startDate: '2026-01-15' },
    });
    expect(created).toMatchObject({ contractNumber: 'AXA-2026-001', status: 'active', endDate: null, active: true, clientId: client.id, advisorId: advisors.karim });
    expect(await activeCountEverywhere(client.id, 'Contractant')).toEqual({ page: 1, list: 1, export: 1 });

    const { data: edited } = await provider.update('contracts', { id: created.id, data: { ...created, product: 'PER Individuel Avenir' }, previousData: created });
    expect(edited.product).toBe('PER Individuel Avenir');

    const { data: terminated } = await admin.terminateContract(created.id);
    expect(terminated).toMatchObject({ status: 'terminated', endDate: today(), active: false });
    expect(await activeCountEverywhere(client.id, 'Contractant')).toEqual({ page: 0, list: 0, export: 0 });
    // Terminating twice says so.
    await expect(admin.terminateContract(created.id)).rejects.toMatchObject({ status: 409, body: { message: expect.stringContaining('déjà résilié') } });

    const [{ id: commissionId }] = await app.db
      .knex('commissions')
      .insert({ contract_id: created.id, client_id: client.id, date: '2026-03-31', amount: '42.10', client_name: 'Contractant Camille' })
      .returning('id');
    const { data: deleted } = await provider.delete('contracts', { id: created.id, previousData: terminated });
    expect(deleted.id).toBe(created.id);
    await expect(provider.getOne('contracts', { id: created.id })).rejects.toMatchObject({ status: 404 });
    // Its commissions stay, unlinked, like a deleted client's.
    expect(await app.db.knex('commissions').where({ id: commissionId }).first()).toMatchObject({ contract_id: null, client_id: client.id, amount: '42.10' });

    const { json: entries } = await fetchUtils.fetchJson(
      `${app.url}/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ recordType: 'contract', recordId: created.id }))}&sort=["id","ASC"]`,
      {
        headers: new Headers({ Cookie: cookie }),
      },
    );
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(entries[2].changes).toEqual({ status: { before: 'active', after: 'terminated' }, endDate: { before: null, after: today() } });
    expect(entries[0].recordLabel).toBe('AXA-2026-001');
  });

  it('counts a contract as active while its end date is empty or not past', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Echeance' } });
    const base = { clientId: client.id, startDate: '2020-01-01' };
    await provider.create('contracts', { data: { ...base, contractNumber: 'END-TODAY', endDate: today() } });
    await provider.create('contracts', { data: { ...base, contractNumber: 'END-FUTURE', endDate: shiftDays(today(), 30) } });
    await provider.create('contracts', { data: { ...base, contractNumber: 'END-PAST', endDate: shiftDays(today(), -1) } });
    await provider.create('contracts', { data: { ...base, contractNumber: 'TERM-FUTURE', status: 'terminated', endDate: shiftDays(today(), 30) } });
    expect(await activeCountEverywhere(client.id, 'Echeance')).toEqual({ page: 2, list: 2, export: 2 });

    // The contracts list agrees: same rule for its status filter and its `active` flag.
    const list = async (status: string) =>
      (await provider.getList('contracts', { pagination: { page: 1, perPage: 25 }, sort: { field: 'contractNumber', order: 'ASC' }, filter: { clientId: client.id, status } })).data;
    expect((await list('active')).map((c) => c.contractNumber)).toEqual(['END-FUTURE', 'END-TODAY']);
    expect((await list('terminated')).map((c) => [c.contractNumber, c.active])).toEqual([
      ['END-PAST', false],
      ['TERM-FUTURE', false],
    ]);
    expect(await list('all')).toHaveLength(4);

    // Active first on the client's Contrats tab.
    const { data: tab } = await provider.getManyReference('contracts', {
      target: 'clientId',
      id: client.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'active', order: 'DESC' },
      filter: {},
    });
    expect(tab.map((c) => c.active)).toEqual([true, true, false, false]);

    // Sorting the clients list on the count uses the same rule.
    const { data: sorted } = await provider.getList('clients', { pagination: { page: 1, perPage: 50 }, sort: { field: 'activeContracts', order: 'DESC' }, filter: {} });
    expect(sorted[0]).toMatchObject({ lastName: 'Echeance', activeContracts: 2 });
  });

  it('filters the list by insurer, advisor, client, and searches number or product', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Filtre' } });
    await provider.create('contracts', { data: { contractNumber: 'GEN-77', clientId: client.id, advisorId: advisors.claire, product: 'Assurance vie Horizon', insurer: 'Generali' } });
    await provider.create('contracts', { data: { contractNumber: 'SWL-78', clientId: client.id, advisorId: advisors.karim, product: 'Prévoyance Sérénité', insurer: 'Swiss Life' } });
    const find = async (filter: Record<string, unknown>) =>
      (await provider.getList('contracts', { pagination: { page: 1, perPage: 25 }, sort: { field: 'contractNumber', order: 'ASC' }, filter: { clientId: client.id, ...filter } })).data.map(
        (c) => c.contractNumber,
      );
    expect(await find({ insurer: 'generali' })).toEqual(['GEN-77']);
    expect(await find({ advisorId: advisors.karim })).toEqual(['SWL-78']);
    expect(await find({ q: 'serenite' })).toEqual(['SWL-78']);
    expect(await find({ q: 'gen-7' })).toEqual(['GEN-77']);
    expect(await find({ q: 'Swiss' })).toEqual([]); // the insurer is a filter of its own, not searched
    const insurers = await admin.getInsurers();
    expect(insurers.map((i) => i.name)).toEqual(expect.arrayContaining(['Generali', 'Swiss Life']));
  });
});

describe('contract numbers are unique, trimmed and case-insensitive', () => {
  it('refuses a duplicate and a case variant with a 409 naming the holder', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Titulaire', firstName: 'Tom' } });
    const { data: holder } = await provider.create('contracts', { data: { contractNumber: 'UNIQ-1', clientId: client.id } });
    for (const number of ['UNIQ-1', ' uniq-1 ', 'Uniq-1']) {
      const response = await app.request('/api/contracts', { method: 'POST', cookie, body: { contractNumber: number } });
      expect(response.status, number).toBe(409);
      const body = await response.json();
      expect(body.errors.contractNumber).toContain('UNIQ-1');
      expect(body.errors.contractNumber).toContain(String(holder.id));
      expect(body.message).toContain('Titulaire Tom');
    }
    // Renaming another contract onto it is refused the same way.
    const { data: other } = await provider.create('contracts', { data: { contractNumber: 'UNIQ-2' } });
    await expect(provider.update('contracts', { id: other.id, data: { contractNumber: 'uniq-1' }, previousData: other })).rejects.toMatchObject({ status: 409 });
    expect(await app.db.knex('contracts').whereRaw('contract_number_key = ?', ['uniq-1']).count('* as count').first()).toEqual({ count: 1 });
  });

  it('lets exactly one of twenty simultaneous creates win', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => app.request('/api/contracts', { method: 'POST', cookie, body: { contractNumber: i % 2 ? 'race-9' : 'RACE-9' } })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('migrates existing case variants without failing: the later ones are renamed, nothing is lost', async () => {
    const knex = app.db.knex;
    const snapshot = await knex('contracts').select('id', 'contract_number').orderBy('id');
    await managedContracts.down(knex);
    const ids = (
      await knex('contracts')
        .insert([{ contract_number: 'OLD-5' }, { contract_number: 'old-5' }, { contract_number: ' OLD-5 ' }, { contract_number: ' TRIM-6 ' }])
        .returning('id')
    ).map((r) => r.id);
    await managedContracts.up(knex);
    const after = await knex('contracts').whereIn('id', ids).orderBy('id').pluck('contract_number');
    expect(after).toEqual(['OLD-5', `old-5 (doublon n° ${ids[1]})`, `OLD-5 (doublon n° ${ids[2]})`, 'TRIM-6']);
    const renames = await knex('audit_entries').where({ record_type: 'contract', record_id: ids[1] });
    expect(renames[0].changes).toEqual({ contractNumber: { before: 'old-5', after: `old-5 (doublon n° ${ids[1]})` } });
    // Contracts already there keep their numbers.
    expect(
      await knex('contracts')
        .whereIn(
          'id',
          snapshot.map((c) => c.id),
        )
        .select('id', 'contract_number')
        .orderBy('id'),
    ).toEqual(snapshot);
  });
});

describe('bad input is a French 4xx that changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing number', { product: 'X' }, 'contractNumber'],
    ['blank number', { contractNumber: '   ' }, 'contractNumber'],
    ['NUL in number', { contractNumber: 'A\u0000B' }, 'contractNumber'],
    ['NUL in product', { contractNumber: 'NUL-P', product: 'P\u0000' }, 'product'],
    ['id past integer', { contractNumber: 'BIG-1', clientId: 2_147_483_648 }, 'clientId'],
    ['boolean id', { contractNumber: 'BOOL-1', advisorId: true }, 'advisorId'],
    ['unknown client', { contractNumber: 'UNK-1', clientId: 999_999 }, 'clientId'],
    ['unknown advisor', { contractNumber: 'UNK-2', advisorId: 999_999 }, 'advisorId'],
    ['bad status', { contractNumber: 'ST-1', status: 'paused' }, 'status'],
    ['impossible date', { contractNumber: 'DT-1', startDate: '2026-02-30' }, 'startDate'],
    ['French date', { contractNumber: 'DT-2', startDate: '15/01/2026' }, 'startDate'],
    ['end before start', { contractNumber: 'DT-3', startDate: '2026-05-01', endDate: '2026-04-30' }, 'endDate'],
  ];
  it.each(cases)('%s → 400 on its field', async (_label, body, field) => {
    const before = await app.db.knex('contracts').count('* as count').first();
    const response = await app.request('/api/contracts', { method: 'POST', cookie, body });
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.message).toEqual(expect.any(String));
    // The lead's request-wide NUL guard may answer first, naming the same field.
    expect(JSON.stringify(answer.errors)).toContain(field);
    expect(await app.db.knex('contracts').count('* as count').first()).toEqual(before);
  });

  it('refuses an end date before the start on update and on termination', async () => {
    const { data: contract } = await provider.create('contracts', { data: { contractNumber: 'DATES-1', startDate: '2026-06-01' } });
    const update = await app.request(`/api/contracts/${contract.id}`, { method: 'PUT', cookie, body: { endDate: '2026-05-31' } });
    expect(update.status).toBe(400);
    expect((await update.json()).errors.endDate).toBeTruthy();
    const terminate = await app.request(`/api/contracts/${contract.id}/terminate`, { method: 'POST', cookie, body: { endDate: '2026-05-31' } });
    expect(terminate.status).toBe(400);
    expect(await app.db.knex('contracts').where({ id: contract.id }).first()).toMatchObject({ status: 'active', end_date: null });
    expect((await app.request('/api/contracts/2147483648', { cookie })).status).toBe(400);
    expect((await app.request('/api/contracts/999999/terminate', { method: 'POST', cookie, body: {} })).status).toBe(404);
  });
});

describe('support staff', () => {
  it('is refused every write on contracts, commissions and the bulk referent, and nothing changes', async () => {
    const { data: contract } = await provider.create('contracts', { data: { contractNumber: 'SUP-1' } });
    const { data: client } = await provider.create('clients', { data: { lastName: 'Support' } });
    const { data: line } = await provider.create('commissions', { data: { contractId: contract.id, date: '2026-01-31', amount: '10.00', label: 'Manuelle' } });
    const writes: [string, string, unknown][] = [
      ['POST', '/api/contracts', { contractNumber: 'SUP-2' }],
      ['PUT', `/api/contracts/${contract.id}`, { product: 'X' }],
      ['POST', `/api/contracts/${contract.id}/terminate`, {}],
      ['DELETE', `/api/contracts/${contract.id}`, undefined],
      ['POST', '/api/commissions', { contractId: contract.id, date: '2026-01-31', amount: 1, label: 'x' }],
      ['PUT', `/api/commissions/${line.id}`, { amount: 99 }],
      ['DELETE', `/api/commissions/${line.id}`, undefined],
      ['PUT', `/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: [client.id] }))}`, { advisorId: advisors.claire }],
    ];
    for (const [method, path, body] of writes) {
      const response = await app.request(path, { method, cookie: supportCookie, body });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await app.db.knex('contracts').where({ id: contract.id }).first()).toMatchObject({ status: 'active', product: null });
    expect(await app.db.knex('contracts').where({ contract_number: 'SUP-2' }).first()).toBeUndefined();
    expect(await app.db.knex('commissions').where({ id: line.id }).first()).toMatchObject({ amount: '10.00' });
    expect(await app.db.knex('clients').where({ id: client.id }).first()).toMatchObject({ advisor_id: null });
    // Reading stays open to support.
    expect((await app.request(`/api/contracts/${contract.id}`, { cookie: supportCookie })).status).toBe(200);
  });
});

describe('advisors of a client', () => {
  it('lists the referent, then the advisors holding its contracts with their active contracts', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Multi', advisorId: advisors.claire } });
    await provider.create('contracts', { data: { contractNumber: 'MULTI-1', clientId: client.id, advisorId: advisors.karim } });
    await provider.create('contracts', { data: { contractNumber: 'MULTI-2', clientId: client.id, advisorId: advisors.karim, status: 'terminated', endDate: '2025-01-01' } });
    const list = await admin.getClientAdvisors(client.id);
    expect(list.map((a) => [a.lastName, a.referent, a.contracts, a.activeContracts])).toEqual([
      ['Fontaine', true, 0, 0],
      ['Benali', false, 2, 1],
    ]);
  });
});
