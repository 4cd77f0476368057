import { fetchUtils } from 'react-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataProvider, type HttpClient } from '../../admin/src/dataProvider';
import { activeContractsOf } from '../../api/contracts/contractActivity';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The referent advisor of clients: a sortable list column, and the bulk change
 * `PUT /api/clients?filter={"id":[...]}` with `{"advisorId": N}`, all or none, one audit entry
 * per client. Requests go through the admin's data provider (ra-data-simple-rest underneath).
 */
let app: TestApp;
let cookie: string;
let provider: ReturnType<typeof createDataProvider>;
let requests: { method: string; url: string }[] = [];
let claire: number;
let karim: number;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
  const httpClient: HttpClient = (url, options = {}) => {
    requests.push({ method: options.method ?? 'GET', url });
    const headers = new Headers(options.headers as HeadersInit);
    headers.set('Cookie', cookie);
    return fetchUtils.fetchJson(url, { ...options, headers });
  };
  provider = createDataProvider(`${app.url}/api`, httpClient);
  [{ id: claire }, { id: karim }] = await app.db
    .knex('advisors')
    .insert([
      { first_name: 'Claire', last_name: 'Fontaine' },
      { first_name: 'Karim', last_name: 'Benali' },
    ])
    .returning('id');
});
afterAll(() => app?.close());

const referentsOf = async (ids: number[]) => (await app.db.knex('clients').whereIn('id', ids).orderBy('id').pluck('advisor_id')) as (number | null)[];
const auditOf = async (id: number) => app.db.knex('audit_entries_readable').where({ record_type: 'client', record_id: id }).orderBy('id').select('action', 'changes');

describe('bulk change of referent', () => {
  it('sets one advisor on every selected client in one request, answering the ids, one audit entry each', async () => {
    const ids: number[] = [];
    for (const lastName of ['Un', 'Deux', 'Trois']) ids.push((await provider.create('clients', { data: { lastName, advisorId: lastName === 'Trois' ? karim : null } })).data.id);

    requests = [];
    const { data } = await provider.updateMany('clients', { ids, data: { advisorId: karim } });
    expect([...(data ?? [])].sort()).toEqual([...ids].sort());
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('PUT');
    expect(decodeURIComponent(requests[0].url)).toMatch(/\/api\/clients\?filter=\{"id":\[\d+,\d+,\d+\]\}$/);
    expect(await referentsOf(ids)).toEqual([karim, karim, karim]);
    expect(await auditOf(ids[0])).toEqual([
      { action: 'create', changes: { lastName: { before: null, after: 'Un' } } },
      { action: 'update', changes: { advisorId: { before: null, after: karim } } },
    ]);
    // The client that already had this advisor did not change: no entry for it.
    expect((await auditOf(ids[2])).map((e) => e.action)).toEqual(['create']);
  });

  it('is atomic: one unknown id, or an unknown advisor, and nothing changes', async () => {
    const ids: number[] = [];
    for (const lastName of ['Quatre', 'Cinq']) ids.push((await provider.create('clients', { data: { lastName, advisorId: claire } })).data.id);
    await expect(provider.updateMany('clients', { ids: [...ids, 987_654], data: { advisorId: karim } })).rejects.toMatchObject({
      status: 404,
      body: { message: expect.stringContaining('987654') },
    });
    await expect(provider.updateMany('clients', { ids, data: { advisorId: 987_654 } })).rejects.toMatchObject({ status: 400, body: { errors: { advisorId: expect.any(String) } } });
    expect(await referentsOf(ids)).toEqual([claire, claire]);
    for (const id of ids) expect((await auditOf(id)).map((e) => e.action)).toEqual(['create']);
  });

  it('refuses malformed requests with a French 400', async () => {
    const [{ id }] = await app.db.knex('clients').insert({ last_name: 'Six' }).returning('id');
    const put = (query: string, body: unknown) => app.request(`/api/clients${query}`, { method: 'PUT', cookie, body });
    const filter = (value: unknown) => `?filter=${encodeURIComponent(JSON.stringify(value))}`;
    const cases: [string, unknown][] = [
      ['', { advisorId: claire }],
      [filter({ id: [] }), { advisorId: claire }],
      [filter({ id: [id], q: 'x' }), { advisorId: claire }],
      [filter({ id: [2_147_483_648] }), { advisorId: claire }],
      [filter({ id: [id] }), {}],
      [filter({ id: [id] }), { advisorId: 'abc' }],
      [filter({ id: [id] }), { advisorId: 2_147_483_648 }],
      [filter({ id: [id] }), { advisorId: claire, lastName: 'X' }],
    ];
    for (const [query, body] of cases) {
      const response = await put(query, body);
      expect(response.status, `${query} ${JSON.stringify(body)}`).toBe(400);
      expect((await response.json()).message).toEqual(expect.any(String));
    }
    expect(await referentsOf([id])).toEqual([null]);
  });
});

describe('referent advisor column', () => {
  it('sorts the clients list by the referent’s name', async () => {
    await app.db.knex('clients').delete();
    await app.db.knex('clients').insert([
      { last_name: 'A', advisor_id: karim },
      { last_name: 'B', advisor_id: claire },
      { last_name: 'C', advisor_id: null },
    ]);
    const { data } = await provider.getList('clients', { pagination: { page: 1, perPage: 10 }, sort: { field: 'advisorId', order: 'ASC' }, filter: {} });
    // "Claire Fontaine" < "Karim Benali", clients without referent last.
    expect(data.map((c) => c.lastName)).toEqual(['B', 'A', 'C']);
  });
});

describe('the active rule stays on the index', () => {
  it('counts active contracts through contracts_client_active (the inlined contract_is_active)', async () => {
    const plan = await app.db.knex.transaction(async (trx) => {
      // Small tables make sequential scans cheaper; forbidding them shows whether the index can serve at all.
      await trx.raw('SET LOCAL enable_seqscan = off');
      const { rows } = await trx.raw(`EXPLAIN SELECT c.id, ${activeContractsOf('c')} AS active_contracts FROM clients c ORDER BY c.last_name, c.id LIMIT 25`);
      return rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('contracts_client_active');
  });
});
