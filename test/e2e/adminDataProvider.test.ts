import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPhone, isValidPhone } from '../../admin/src/common/phone';
import { createDataProvider, type HttpClient } from '../../admin/src/dataProvider';
import { canRoleAccess } from '../../admin/src/authProvider';
import { fetchUtils } from 'react-admin';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The admin's data provider against the real API (no browser): the clients' bulk delete is
 * one atomic request, the other resources keep ra-data-simple-rest's path.
 */
let app: TestApp;
let requests: { method: string; url: string }[] = [];
let provider: ReturnType<typeof createDataProvider>;

beforeAll(async () => {
  app = await startTestApp();
  const cookie = await app.login('admin');
  const httpClient: HttpClient = (url, options = {}) => {
    requests.push({ method: options.method ?? 'GET', url });
    const headers = new Headers(options.headers as HeadersInit);
    headers.set('Cookie', cookie);
    return fetchUtils.fetchJson(url, { ...options, headers });
  };
  provider = createDataProvider(`${app.url}/api`, httpClient);
});
afterAll(() => app?.close());

describe('admin data provider', () => {
  it('deletes a selection of clients in one request, all or none', async () => {
    const ids: number[] = [];
    for (const lastName of ['Alpha', 'Bravo', 'Charlie']) ids.push((await provider.create('clients', { data: { lastName } })).data.id);

    requests = [];
    // One of the ids does not exist: nothing is deleted.
    await expect(provider.deleteMany('clients', { ids: [ids[0], 999_999] })).rejects.toMatchObject({ status: 404 });
    expect((await provider.getMany('clients', { ids })).data).toHaveLength(3);

    requests = [];
    const { data } = await provider.deleteMany('clients', { ids: [ids[0], ids[1]] });
    expect(data).toEqual([ids[0], ids[1]]);
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('DELETE');
    expect(decodeURIComponent(requests[0].url)).toBe(`${app.url}/api/clients?filter={"id":[${ids[0]},${ids[1]}]}`);
    expect((await provider.getMany('clients', { ids })).data.map((c) => c.id)).toEqual([ids[2]]);
  });

  it('keeps one request per record for the other resources', async () => {
    const a = await provider.create('advisors', { data: { firstName: 'Ada', lastName: 'Un' } });
    const b = await provider.create('advisors', { data: { firstName: 'Bob', lastName: 'Deux' } });
    requests = [];
    await provider.deleteMany('advisors', { ids: [a.data.id, b.data.id] });
    expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    expect(requests.map((r) => r.url).sort()).toEqual([`${app.url}/api/advisors/${a.data.id}`, `${app.url}/api/advisors/${b.data.id}`].sort());
  });

  it('looks up similar clients and the commission summary', async () => {
    const { data: existing } = await provider.create('clients', { data: { lastName: 'Lefèvre', firstName: 'Élodie', phone: '06 11 22 33 44' } });
    const similar = await provider.getSimilarClients({ lastName: 'Lefevre', firstName: 'Elodie', email: '  ', phone: '' });
    expect(similar.map((c) => c.id)).toContain(existing.id);
    const byPhone = await provider.getSimilarClients({ phone: '+33 6 11 22 33 44' });
    expect(byPhone.find((c) => c.id === existing.id)?.matchedOn).toContain('phone');
    expect(await provider.getCommissionSummary({ clientId: existing.id })).toEqual({ count: 0, totalAmount: '0.00' });
  });
});

describe('phone formatting', () => {
  it('shows French numbers nationally and others internationally', () => {
    expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('+33142685300')).toBe('01 42 68 53 00');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('not a phone')).toBe('not a phone');
    expect(formatPhone(null)).toBe('');
  });

  it('accepts what the API accepts', () => {
    expect(isValidPhone('06 12 34 56 78')).toBe(true);
    expect(isValidPhone('+32 470 12 34 56')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
  });
});

describe('permissions', () => {
  it('lets support staff read the business data only', () => {
    for (const resource of ['clients', 'advisors', 'contracts', 'commissions']) {
      expect(canRoleAccess('support', 'list', resource)).toBe(true);
      expect(canRoleAccess('support', 'show', resource)).toBe(true);
      for (const action of ['create', 'edit', 'delete']) expect(canRoleAccess('support', action, resource)).toBe(false);
    }
    expect(canRoleAccess('support', 'list', 'users')).toBe(false);
    expect(canRoleAccess('admin', 'delete', 'clients')).toBe(true);
    expect(canRoleAccess(undefined, 'list', 'clients')).toBe(false);
  });
});
