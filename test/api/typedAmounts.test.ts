import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * An amount sent as text is read exactly as the admin's input reads it (French decimal comma,
 * spaces grouping thousands, the no-break spaces of French formatting) or refused on its field,
 * in the request's language: never stored as another number.
 */
describe.each(DATABASES)('typed amounts on %s', (_label, embedded) => {
  let app: TestApp;
  let cookie: string;
  let contractId: number;

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    cookie = await app.login('admin');
    const [client] = await app.db.knex('clients').insert({ last_name: 'Virgule', first_name: 'Vera' }).returning('id');
    [{ id: contractId }] = await app.db.knex('contracts').insert({ contract_number: 'DEC-1', client_id: client.id }).returning('id');
  });
  afterAll(() => app?.close());

  const post = (amount: unknown, language = 'fr') =>
    app.request('/api/commissions', { method: 'POST', cookie, headers: { 'accept-language': language }, body: { contractId, date: '2026-05-31', amount } });

  it.each([
    ['1234,56', '1234.56'],
    ['1 234,56', '1234.56'],
    ['1\u202f234,56', '1234.56'],
    ['1\u00a0234,56', '1234.56'],
    ['1234.56', '1234.56'],
    ['-12,50', '-12.50'],
    ['1 234,56 €', '1234.56'],
    [1234.56, '1234.56'],
  ])('stores %j as %s', async (amount, stored) => {
    const response = await post(amount);
    expect(response.status).toBe(201);
    const { id, amount: answered } = await response.json();
    expect(answered).toBe(stored);
    expect((await app.db.knex('commissions').where({ id }).first()).amount).toBe(stored);
  });

  it.each([
    ['1.234,56', 'est ambigu', 'is ambiguous'],
    ['1,234.56', 'est ambigu', 'is ambiguous'],
    ['12,3456', 'plus de deux décimales', 'more than two decimals'],
    ['12,500', 'plus de deux décimales', 'more than two decimals'],
    ['(12,50)', 'n’est pas un nombre lisible', 'is not a readable number'],
    ['12 34', 'n’est pas un nombre lisible', 'is not a readable number'],
    ['1e3', 'n’est pas un nombre lisible', 'is not a readable number'],
    ['', 'est obligatoire', 'is required'],
  ])('refuses %j on its field, in French and English, writing nothing', async (amount, french, english) => {
    const before = await app.db.knex('commissions').count({ n: '*' }).first();
    for (const [language, message] of [
      ['fr', french],
      ['en', english],
    ]) {
      const response = await post(amount, language);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors.amount, language).toContain(message);
    }
    expect(await app.db.knex('commissions').count({ n: '*' }).first()).toEqual(before);
  });
});
