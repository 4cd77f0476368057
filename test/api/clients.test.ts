import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';

let app: TestApp;
let cookie: string;
let provider: ReturnType<TestApp['dataProvider']>;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
  provider = app.dataProvider(cookie);
});
afterAll(() => app?.close());

describe('clients through ra-data-simple-rest', () => {
  it('creates, reads, lists, updates and deletes a client', async () => {
    const { data: created } = await provider.create('clients', {
      data: { lastName: '  Lefèvre ', firstName: 'Élodie', clientNumber: ' 004567 ', email: ' Elodie.Lefevre@Exemple.FR ', phone: '06 12 34 56 78', address: '12 rue Pasteur\n69003 Lyon' },
    });
    expect(created).toMatchObject({
      lastName: 'Lefèvre',
      clientNumber: '004567',
      email: 'elodie.lefevre@exemple.fr',
      phone: '+33612345678',
      address: '12 rue Pasteur\n69003 Lyon',
      activeContracts: 0,
    });

    const { data: one } = await provider.getOne('clients', { id: created.id });
    expect(one.firstName).toBe('Élodie');

    const list = await provider.getList('clients', { pagination: { page: 1, perPage: 10 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect(list.total).toBe(1);
    expect(list.data[0].id).toBe(created.id);

    const { data: updated } = await provider.update('clients', { id: created.id, data: { ...one, phone: '+33 7 00 00 00 01', firstName: '' }, previousData: one });
    expect(updated.phone).toBe('+33700000001');
    expect(updated.firstName).toBeNull();

    const { data: deleted } = await provider.delete('clients', { id: created.id, previousData: updated });
    expect(deleted.id).toBe(created.id);
    await expect(provider.getOne('clients', { id: created.id })).rejects.toMatchObject({ status: 404 });
  });

  it('answers getMany and getManyReference', async () => {
    const a = await provider.create('clients', { data: { lastName: 'Alpha' } });
    const b = await provider.create('clients', { data: { lastName: 'Bravo' } });
    const { data } = await provider.getMany('clients', { ids: [a.data.id, b.data.id] });
    expect(data.map((c) => c.lastName).sort()).toEqual(['Alpha', 'Bravo']);

    const advisor = await provider.create('advisors', { data: { firstName: 'Claire', lastName: 'Fontaine' } });
    await provider.update('clients', { id: a.data.id, data: { advisorId: advisor.data.id }, previousData: a.data });
    const referenced = await provider.getManyReference('clients', {
      target: 'advisorId',
      id: advisor.data.id,
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'lastName', order: 'ASC' },
      filter: {},
    });
    expect(referenced.data.map((c) => c.lastName)).toEqual(['Alpha']);
    await provider.deleteMany('clients', { ids: [a.data.id, b.data.id] });
  });
});

describe('search and filters', () => {
  beforeAll(async () => {
    await app.db.knex('clients').delete();
    const [claire, karim] = await app.db
      .knex('advisors')
      .insert([
        { first_name: 'Claire', last_name: 'Search' },
        { first_name: 'Karim', last_name: 'Search' },
      ])
      .returning('id');
    const clients = await app.db
      .knex('clients')
      .insert([
        { last_name: 'Lefèvre', first_name: 'Jean', client_number: 'AB-100', email: 'jean@exemple.fr', advisor_id: claire.id },
        { last_name: 'Garçon', first_name: 'Zoé', client_number: 'AB-200', email: 'zoe.garcon@exemple.fr', phone: '+33612345678' },
        { last_name: 'Martin', first_name: 'Hélène', client_number: 'XY-300', email: 'helene@cabinet.fr' },
        { last_name: 'Dupont', first_name: 'Jean', client_number: null, email: null },
      ])
      .returning('id');
    await app.db.knex('contracts').insert([
      { contract_number: 'C-1', client_id: clients[2].id, advisor_id: karim.id, status: 'active' },
      { contract_number: 'C-2', client_id: clients[2].id, advisor_id: karim.id, status: 'active' },
      { contract_number: 'C-3', client_id: clients[2].id, advisor_id: karim.id, status: 'terminated' },
      { contract_number: 'C-4', client_id: clients[1].id, advisor_id: claire.id, status: 'active' },
    ]);
  });

  const search = async (filter: Record<string, unknown>, sort = { field: 'lastName', order: 'ASC' as const }) => {
    const { data, total } = await provider.getList('clients', { pagination: { page: 1, perPage: 25 }, sort, filter });
    return { names: data.map((c) => c.lastName), total, data };
  };

  it('finds by name, first name, number and email, ignoring case and accents', async () => {
    expect((await search({ q: 'lefevre' })).names).toEqual(['Lefèvre']);
    expect((await search({ q: 'GARCON' })).names).toEqual(['Garçon']);
    expect((await search({ q: 'helene' })).names).toEqual(['Martin']);
    expect((await search({ q: 'ab-' })).names).toEqual(['Garçon', 'Lefèvre']);
    expect((await search({ q: 'cabinet.fr' })).names).toEqual(['Martin']);
    expect((await search({ q: 'jean' })).names).toEqual(['Dupont', 'Lefèvre']);
    expect((await search({ q: 'jean dupont' })).names).toEqual(['Dupont']);
    expect((await search({ q: 'du' })).names).toEqual(['Dupont']);
    expect((await search({ q: '06 12 34' })).names).toEqual(['Garçon']);
    expect((await search({ q: '100%' })).total).toBe(0);
  });

  it('ignores accents in the typed text too, as people type names with them', async () => {
    expect((await search({ q: 'Lefèvre' })).names).toEqual(['Lefèvre']);
    expect((await search({ q: 'HÉLÈNE' })).names).toEqual(['Martin']);
    expect((await search({ q: 'garçon zoé' })).names).toEqual(['Garçon']);
    // Under three letters the last-name prefix is used: the same on both sides.
    expect((await search({ q: 'Lé' })).names).toEqual(['Lefèvre']);
    expect((await search({ q: 'gà' })).names).toEqual(['Garçon']);
  });

  it('filters by advisor, as referent or through contracts', async () => {
    const advisors = await app.db.knex('advisors').where('last_name', 'Search').orderBy('first_name');
    expect((await search({ advisorId: advisors[0].id })).names).toEqual(['Garçon', 'Lefèvre']);
    expect((await search({ advisorId: advisors[1].id })).names).toEqual(['Martin']);
  });

  it('counts active contracts in the list and sorts on them', async () => {
    const { data } = await search({}, { field: 'activeContracts', order: 'DESC' } as never);
    expect(data.map((c) => [c.lastName, c.activeContracts])).toEqual([
      ['Martin', 2],
      ['Garçon', 1],
      ['Dupont', 0],
      ['Lefèvre', 0],
    ]);
  });

  it('pages with Content-Range', async () => {
    const response = await app.request('/api/clients?sort=["lastName","ASC"]&range=[1,2]&filter={}', { cookie });
    expect(response.headers.get('content-range')).toBe('clients 1-2/4');
    expect((await response.json()).map((c: { lastName: string }) => c.lastName)).toEqual(['Garçon', 'Lefèvre']);
    const empty = await app.request('/api/clients?range=[0,9]&filter={"q":"zzzzzz"}', { cookie });
    expect(empty.headers.get('content-range')).toBe('clients */0');
  });
});

describe('bad input is a clear 4xx that changes nothing', () => {
  const cases: [string, string][] = [
    ['unknown sort field', '/api/clients?sort=["password","ASC"]'],
    ['malformed sort', '/api/clients?sort=lastName'],
    ['bad sort order', '/api/clients?sort=["lastName","SIDEWAYS"]'],
    ['malformed range', '/api/clients?range=[0'],
    ['range too large', '/api/clients?range=[0,5000]'],
    ['reversed range', '/api/clients?range=[10,2]'],
    ['malformed filter', '/api/clients?filter={q:1}'],
    ['unknown filter', '/api/clients?filter={"password":"x"}'],
    ['non-numeric id', '/api/clients/abc'],
  ];
  it.each(cases)('%s → 400', async (_label, path) => {
    const response = await app.request(path, { cookie });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.message).toEqual(expect.any(String));
    expect(body.errors).toEqual(expect.any(Object));
  });

  it('refuses a missing last name and a malformed email, field by field', async () => {
    const before = await app.db.knex('clients').count('* as count').first();
    const response = await app.request('/api/clients', { method: 'POST', cookie, body: { firstName: 'Sans nom', email: 'pas-un-email' } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.lastName).toMatch(/nom est obligatoire/);
    expect(body.errors.email).toMatch(/email invalide/i);
    const invalidPhone = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'X', phone: '12' } });
    expect((await invalidPhone.json()).errors.phone).toMatch(/téléphone invalide/);
    expect(await app.db.knex('clients').count('* as count').first()).toEqual(before);
  });

  it('refuses malformed JSON bodies and unknown advisors', async () => {
    const malformed = await app.request('/api/clients', { method: 'POST', cookie, body: '{"lastName":' });
    expect(malformed.status).toBe(400);
    const unknownAdvisor = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'X', advisorId: 999999 } });
    expect(unknownAdvisor.status).toBe(400);
    expect((await unknownAdvisor.json()).errors.advisorId).toBeTruthy();
  });

  it('answers 404 for unknown ids', async () => {
    expect((await app.request('/api/clients/999999', { cookie })).status).toBe(404);
    expect((await app.request('/api/clients/999999', { method: 'PUT', cookie, body: { lastName: 'X' } })).status).toBe(404);
    expect((await app.request('/api/clients/999999', { method: 'DELETE', cookie })).status).toBe(404);
  });
});

describe('client numbers are unique, trimmed and case-insensitive', () => {
  it('answers 409 naming the holder', async () => {
    const { data: holder } = await provider.create('clients', { data: { lastName: 'Holder', firstName: 'Hugo', clientNumber: 'ZZ-42' } });
    const response = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Other', clientNumber: '  zz-42 ' } });
    expect(response.status).toBe(409);
    const body = await response.json();
    // Named as staff know them: name and client number, never the internal id.
    expect(body.errors.clientNumber).toBe(`Numéro déjà utilisé par HOLDER Hugo, ${holder.clientNumber}.`);
  });

  it('lets exactly one of fifty simultaneous creates win', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => app.request('/api/clients', { method: 'POST', cookie, body: { lastName: `Racer ${i}`, clientNumber: 'RACE-1' } })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await app.db.knex('clients').whereRaw('lower(client_number) = ?', ['race-1']).count('* as count').first()).toEqual({ count: 1 });
  });
});

describe('deleting clients', () => {
  it('unlinks contracts and keeps commissions with their snapshot', async () => {
    const { data: client } = await provider.create('clients', { data: { lastName: 'Partant', firstName: 'Paul', clientNumber: 'DEL-1' } });
    const [contract] = await app.db.knex('contracts').insert({ contract_number: 'DEL-C1', client_id: client.id, status: 'active' }).returning('id');
    await app.db.knex('commissions').insert({ contract_id: contract.id, client_id: client.id, date: '2026-01-31', amount: '12.34', client_number: 'DEL-1', client_name: 'Partant Paul' });

    await provider.delete('clients', { id: client.id, previousData: client });

    expect(await app.db.knex('contracts').where('id', contract.id).first()).toMatchObject({ client_id: null });
    const commission = await app.db.knex('commissions').where('contract_id', contract.id).first();
    expect(commission).toMatchObject({ client_id: null, client_number: 'DEL-1', client_name: 'Partant Paul', amount: '12.34' });
  });

  it('bulk-deletes atomically: all or none', async () => {
    const ids = [];
    for (const name of ['Bulk A', 'Bulk B', 'Bulk C']) ids.push((await provider.create('clients', { data: { lastName: name } })).data.id);

    const refused = await app.request(`/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: [...ids, 987654] }))}`, { method: 'DELETE', cookie });
    expect(refused.status).toBe(404);
    expect((await refused.json()).message).toContain('987654');
    expect(await app.db.knex('clients').whereIn('id', ids).count('* as count').first()).toEqual({ count: 3 });

    const accepted = await app.request(`/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`, { method: 'DELETE', cookie });
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).sort()).toEqual([...ids].sort());
    expect(await app.db.knex('clients').whereIn('id', ids).count('* as count').first()).toEqual({ count: 0 });

    const withoutIds = await app.request('/api/clients', { method: 'DELETE', cookie });
    expect(withoutIds.status).toBe(400);
  });
});

describe('likely duplicates', () => {
  it('finds similar names, the same email or the same phone', async () => {
    await provider.create('clients', { data: { lastName: 'Dupont', firstName: 'Jean-Pierre', email: 'jp.dupont@exemple.fr', phone: '0611223344' } });
    const similar = async (query: Record<string, string>) => {
      const response = await app.request(`/api/clients/similar?${new URLSearchParams(query)}`, { cookie });
      expect(response.status).toBe(200);
      return response.json();
    };
    expect((await similar({ lastName: 'Dupond', firstName: 'Jean-Pierre' })).map((c: { lastName: string }) => c.lastName)).toContain('Dupont');
    expect((await similar({ lastName: 'Inconnu', email: 'JP.Dupont@exemple.fr' }))[0].matchedOn).toContain('email');
    expect((await similar({ lastName: 'Inconnu', phone: '+33 6 11 22 33 44' }))[0].matchedOn).toContain('phone');
    expect(await similar({ lastName: 'Zzyzx' })).toEqual([]);
  });
});

describe('totals of large lists', () => {
  it('counts every match exactly past 1,000, and a narrow filter too', async () => {
    await app.db.knex.raw(`INSERT INTO clients (last_name, client_number) SELECT 'Volume', 'VOL-' || i FROM generate_series(1, 1500) i`);
    const broad = await app.request('/api/clients?range=[0,9]&filter={"q":"volume"}', { cookie });
    expect(broad.headers.get('x-total-more-than')).toBeNull();
    expect(broad.headers.get('content-range')).toBe('clients 0-9/1500');
    expect(await broad.json()).toHaveLength(10);

    const narrow = await app.request('/api/clients?range=[0,9]&filter={"q":"vol-1499"}', { cookie });
    expect(narrow.headers.get('content-range')).toBe('clients 0-0/1');
    await app.db.knex('clients').where('last_name', 'Volume').delete();
  });

  it('pages an advisor with more than 1,000 clients in name order, with the exact total', async () => {
    const [{ id: advisorId }] = await app.db.knex('advisors').insert({ first_name: 'Très', last_name: 'Occupé', email: 'occupe@cabinet.fr' }).returning('id');
    const [{ id: otherAdvisor }] = await app.db.knex('advisors').insert({ first_name: 'Autre', last_name: 'Conseiller', email: 'autre@cabinet.fr' }).returning('id');
    // 1,200 referent clients, 30 more through a contract only, and clients of someone else between them.
    await app.db.knex.raw(
      `INSERT INTO clients (last_name, client_number, advisor_id) SELECT 'Nom' || lpad(i::text, 5, '0'), 'ADV-' || i, CASE WHEN i % 7 = 0 THEN ?::int ELSE ?::int END FROM generate_series(1, 1400) i`,
      [otherAdvisor, advisorId],
    );
    const viaContract = await app.db.knex('clients').where('advisor_id', otherAdvisor).orderBy('id').limit(30).pluck('id');
    await app.db.knex('contracts').insert(viaContract.map((clientId: number) => ({ contract_number: `ADV-CT-${clientId}`, client_id: clientId, advisor_id: advisorId, status: 'active' })));
    const expected = await app.db
      .knex('clients as c')
      .whereIn('c.id', app.db.knex('clients').where('advisor_id', advisorId).select('id').union(app.db.knex('contracts').where('advisor_id', advisorId).select('client_id')))
      .orderBy([{ column: 'c.sort_key' }, { column: 'c.id' }])
      .pluck('c.id');
    expect(expected.length).toBeGreaterThan(1000);

    for (const start of [0, 25, 1175, expected.length - 5]) {
      const response = await app.request(`/api/clients?sort=["lastName","ASC"]&range=[${start},${start + 24}]&filter={"advisorId":${advisorId}}`, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-range')).toBe(`clients ${start}-${Math.min(start + 24, expected.length - 1)}/${expected.length}`);
      expect((await response.json()).map((client: { id: number }) => client.id)).toEqual(expected.slice(start, start + 25));
    }
    await app.db.knex('contracts').where('contract_number', 'like', 'ADV-CT-%').delete();
    await app.db.knex('clients').where('client_number', 'like', 'ADV-%').delete();
  });
});
