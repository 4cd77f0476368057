import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeStatement } from '../imports/statementFiles';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';

/**
 * The refusals the database's unique keys decide (a contract number already held, a statement
 * already imported) come in the language the request asks for, French by default.
 */
describe.each(DATABASES)('conflicts in the reader’s language on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startAppWithImports({ embedded });
    admin = await app.login('admin');
  }, 180_000);
  afterAll(() => app?.close());

  const createContract = (body: unknown, language: string) => app.request('/api/contracts', { method: 'POST', cookie: admin, body, headers: { 'accept-language': language } });

  it('a contract number already held: French, then English', async () => {
    const client = await (await app.request('/api/clients', { method: 'POST', cookie: admin, body: { lastName: 'Titulaire', firstName: 'Anne' } })).json();
    const held = await (await createContract({ contractNumber: 'DUP-1', clientId: client.id }, 'fr')).json();

    const french = await createContract({ contractNumber: 'dup-1' }, 'fr');
    expect(french.status).toBe(409);
    expect(await french.json()).toMatchObject({
      message: `Le numéro de contrat « dup-1 » est déjà utilisé par le contrat « DUP-1 » (n° ${held.id}, client Titulaire Anne).`,
      errors: { contractNumber: `Numéro déjà utilisé par le contrat « DUP-1 » (n° ${held.id}, client Titulaire Anne).` },
    });
    const english = await createContract({ contractNumber: 'dup-1' }, 'en-GB,en;q=0.9');
    expect(await english.json()).toMatchObject({
      message: `Contract number “dup-1” is already used by contract “DUP-1” (no. ${held.id}, client Titulaire Anne).`,
      errors: { contractNumber: `Number already used by contract “DUP-1” (no. ${held.id}, client Titulaire Anne).` },
    });
  });

  it('a statement already imported, in English', async () => {
    const file = await largeStatement(2, { startClient: 700 });
    const upload = (language: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'bordereau.xlsx');
      return fetch(`${app.url}/api/imports`, { method: 'POST', body: form, headers: { cookie: admin, 'accept-language': language } });
    };
    const first = await upload('en');
    expect(first.status).toBe(202);
    const { id } = await first.json();
    const again = await upload('en');
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.message).toMatch(
      new RegExp(`^This file was already imported \\(import no\\. ${id} of \\d{2}/\\d{2}/\\d{4}, “bordereau\\.xlsx”\\)\\. To import it anyway, confirm the forced import\\.$`),
    );
    expect(body.errors).toEqual({ file: `Already imported: import no. ${id}` });
  });
});
