import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';

/** Saves that never overwrite someone else's change, and messages that name what happened. */

let app: TestApp;
let cookie: string;
let provider: ReturnType<TestApp['dataProvider']>;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
  provider = app.dataProvider(cookie);
});
afterAll(() => app?.close());

const put = (id: number, body: unknown) => app.request(`/api/clients/${id}`, { method: 'PUT', cookie, body });

describe('optimistic concurrency on clients', () => {
  it('refuses a stale update with a 409 naming who changed the client and when, and changes nothing', async () => {
    const { data: opened } = await provider.create('clients', { data: { lastName: 'Dupont', firstName: 'Jean', address: '1 rue A' } });
    expect(opened.version).toBe(1);

    // The first editor saves, from the version both opened.
    const { data: first } = await provider.update('clients', { id: opened.id, data: { ...opened, address: '2 rue B' }, previousData: opened });
    expect(first.version).toBe(2);

    // The second editor saves what they typed on the version they opened: refused.
    const stale = await put(opened.id, { ...opened, address: '3 rue C' });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.message).toMatch(/^Ce client a été modifié par Anne Admin <admin@test.fr> le \d{1,2} \S+ \d{4} à \d{2}:\d{2}/);
    expect(body.message).toMatch(/Rechargez/);
    expect(body.errors).toEqual({});

    const { data: stored } = await provider.getOne('clients', { id: opened.id });
    expect(stored).toMatchObject({ address: '2 rue B', version: 2 });

    // Reloaded, the second editor's save goes through.
    const reloaded = await put(opened.id, { ...stored, address: '3 rue C' });
    expect(reloaded.status).toBe(200);
    expect(await reloaded.json()).toMatchObject({ address: '3 rue C', version: 3 });
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const { data: opened } = await provider.create('clients', { data: { lastName: 'Durand' } });
    const answers = await Promise.all(['A', 'B', 'C'].map((suffix) => put(opened.id, { ...opened, address: `rue ${suffix}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const { data: stored } = await provider.getOne('clients', { id: opened.id });
    expect(stored.version).toBe(2);
  });

  it('moves the version on with bulk actions too, so a form opened before them is stale', async () => {
    const { data: opened } = await provider.create('clients', { data: { lastName: 'Petit' } });
    const { data: advisor } = await provider.create('advisors', { data: { firstName: 'Claire', lastName: 'Fontaine' } });
    await provider.updateMany('clients', { ids: [opened.id], data: { advisorId: advisor.id } });
    expect((await put(opened.id, { ...opened, address: 'x' })).status).toBe(409);
  });

  it('refuses a malformed version with a French 400 and changes nothing', async () => {
    const { data: opened } = await provider.create('clients', { data: { lastName: 'Moreau' } });
    for (const version of [true, 'abc', -1, 2147483648, 1.5]) {
      const answer = await put(opened.id, { ...opened, version, address: 'changed' });
      expect(answer.status).toBe(400);
      expect((await answer.json()).errors.version).toBe('Version invalide.');
    }
    expect((await provider.getOne('clients', { id: opened.id })).data).toMatchObject({ address: null, version: 1 });
  });
});

describe('messages that name what happened', () => {
  it('names the holder of a client number by name and number, not by id', async () => {
    await provider.create('clients', { data: { lastName: 'Dupont', firstName: 'Jean', clientNumber: 'CL-0042' } });
    const clash = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Autre', clientNumber: 'cl-0042' } });
    expect(clash.status).toBe(409);
    const body = await clash.json();
    expect(body.message).toBe('Le numéro client « cl-0042 » est déjà utilisé par DUPONT Jean, CL-0042.');
    expect(body.errors.clientNumber).toBe('Numéro déjà utilisé par DUPONT Jean, CL-0042.');
  });

  it('finds the holder of a typed client number among similar clients', async () => {
    const { data: holder } = await provider.create('clients', { data: { lastName: 'Garnier', clientNumber: 'CL-7777' } });
    const answer = await app.request('/api/clients/similar?clientNumber=%20cl-7777%20', { cookie });
    const similar = await answer.json();
    expect(similar[0]).toMatchObject({ id: holder.id, matchedOn: ['clientNumber'] });
  });

  it('counts in the database what deleting clients would unlink, for one client and for a selection', async () => {
    const { data: a } = await provider.create('clients', { data: { lastName: 'Lien A' } });
    const { data: b } = await provider.create('clients', { data: { lastName: 'Lien B' } });
    const contract = async (clientId: number, n: string, status = 'active') => (await provider.create('contracts', { data: { contractNumber: n, clientId, status } })).data;
    const ca1 = await contract(a.id, 'U-1');
    await contract(a.id, 'U-2', 'terminated');
    const cb1 = await contract(b.id, 'U-3');
    for (let i = 0; i < 3; i++) await provider.create('commissions', { data: { contractId: ca1.id, date: '2026-01-0' + (i + 1), amount: '10.00', label: 'x' } });
    await provider.create('commissions', { data: { contractId: cb1.id, date: '2026-01-01', amount: '5.00', label: 'y' } });

    const one = await (await app.request(`/api/clients/unlink-summary?filter=${encodeURIComponent(JSON.stringify({ id: [a.id] }))}`, { cookie })).json();
    expect(one).toEqual({ clients: 1, contracts: 2, activeContracts: 1, commissions: 3 });
    const both = await (await app.request(`/api/clients/unlink-summary?filter=${encodeURIComponent(JSON.stringify({ id: [a.id, b.id, a.id] }))}`, { cookie })).json();
    expect(both).toEqual({ clients: 2, contracts: 3, activeContracts: 2, commissions: 4 });

    const bad = await app.request('/api/clients/unlink-summary', { cookie });
    expect(bad.status).toBe(400);
  });
});
