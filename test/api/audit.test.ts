import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_USERS, type TestApp } from '../support/testApp';

let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
});
afterAll(() => app?.close());

const entriesOf = async (clientId: number, as = cookie) => {
  const response = await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId }))}&sort=["id","ASC"]`, { cookie: as });
  expect(response.status).toBe(200);
  return response.json();
};

describe('audit trail of client changes', () => {
  it('traces create, update and delete to the person, with before and after values', async () => {
    const created = await (await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Suivi', email: 'suivi@exemple.fr' } })).json();
    await app.request(`/api/clients/${created.id}`, { method: 'PUT', cookie, body: { ...created, email: 'nouveau@exemple.fr' } });
    // Saving without a change leaves no entry.
    await app.request(`/api/clients/${created.id}`, { method: 'PUT', cookie, body: { lastName: 'Suivi' } });
    await app.request(`/api/clients/${created.id}`, { method: 'DELETE', cookie });

    const entries = await entriesOf(created.id);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries[0]).toMatchObject({ userLabel: expect.stringContaining(TEST_USERS.admin.email), recordLabel: 'Suivi', changes: { lastName: { before: null, after: 'Suivi' } } });
    expect(entries[1].changes).toEqual({ email: { before: 'suivi@exemple.fr', after: 'nouveau@exemple.fr' } });
    // The deleted client's history stays queryable.
    expect(entries[2].changes.email).toEqual({ before: 'nouveau@exemple.fr', after: null });
  });

  it('traces each client of a bulk delete, and nothing for a refused change', async () => {
    const ids: number[] = [];
    for (const lastName of ['Lot A', 'Lot B']) ids.push((await (await app.request('/api/clients', { method: 'POST', cookie, body: { lastName, clientNumber: `LOT-${lastName}` } })).json()).id);
    const refused = await app.request(`/api/clients/${ids[1]}`, { method: 'PUT', cookie, body: { clientNumber: 'LOT-Lot A' } });
    expect(refused.status).toBe(409);
    expect((await entriesOf(ids[1])).map((e: { action: string }) => e.action)).toEqual(['create']);

    await app.request(`/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`, { method: 'DELETE', cookie });
    for (const id of ids) expect((await entriesOf(id)).map((e: { action: string }) => e.action)).toEqual(['create', 'delete']);
  });

  it('is append-only', async () => {
    await expect(app.db.knex('audit_entries').update({ user_label: 'rewritten' })).rejects.toThrow(/append-only/);
    await expect(app.db.knex('audit_entries').delete()).rejects.toThrow(/append-only/);
  });

  it('is readable by support staff but never writable', async () => {
    const supportCookie = await app.login('support');
    const response = await app.request('/api/audit-entries', { cookie: supportCookie });
    expect(response.status).toBe(200);
    const [entry] = await response.json();
    expect(entry).toBeDefined();
    const countEntries = async () => Number((await app.db.knex('audit_entries').count('* as n').first())!.n);
    const before = await countEntries();
    // Support staff are refused by the access policy (403), before any router is reached.
    for (const [method, path] of [
      ['POST', '/api/audit-entries'],
      ['PUT', `/api/audit-entries/${entry.id}`],
      ['PATCH', `/api/audit-entries/${entry.id}`],
      ['DELETE', `/api/audit-entries/${entry.id}`],
      ['DELETE', '/api/audit-entries'],
    ]) {
      const write = await app.request(path, { method, cookie: supportCookie, body: method === 'DELETE' ? undefined : { action: 'delete', changes: {} } });
      expect(write.status, `${method} ${path}`).toBe(403);
    }
    // Nor can they make an entry appear by writing a client.
    expect((await app.request('/api/clients', { method: 'POST', cookie: supportCookie, body: { lastName: 'Support' } })).status).toBe(403);
    expect(await countEntries()).toBe(before);
    // Admins have no write route on the trail either.
    expect((await app.request('/api/audit-entries', { method: 'POST', cookie, body: {} })).status).toBe(404);
  });
});
