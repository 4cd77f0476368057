import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredLanguage as languageOf } from '../../api/http/language';
import { startTestApp, type TestApp } from '../support/testApp';

/** With English chosen, server messages come in English; French stays the default. */

/** The language negotiated for a request carrying this Accept-Language header. */
const preferredLanguage = (header: string | undefined) => languageOf(Object.assign(Object.create(express.request), { headers: header === undefined ? {} : { 'accept-language': header } }));

let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
});
afterAll(() => app?.close());

const ask = (path: string, language: string | undefined, init: { method?: string; body?: unknown; signedIn?: boolean } = {}) =>
  app.request(path, { method: init.method, body: init.body, cookie: init.signedIn === false ? undefined : cookie, headers: language ? { 'accept-language': language } : {} });

describe('Accept-Language', () => {
  it('picks English only when the client prefers it to French', () => {
    expect(preferredLanguage(undefined)).toBe('fr');
    expect(preferredLanguage('en')).toBe('en');
    expect(preferredLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(preferredLanguage('de-DE, en;q=0.5')).toBe('en');
    expect(preferredLanguage('fr-FR, en;q=0.8')).toBe('fr');
    expect(preferredLanguage('en;q=0.4, fr;q=0.6')).toBe('fr');
    expect(preferredLanguage('de')).toBe('fr');
    expect(preferredLanguage('en;q=0')).toBe('fr');
    expect(preferredLanguage('*')).toBe('fr');
  });

  it('answers French by default and English on request, keeping the { message, errors } shape', async () => {
    const french = await ask('/api/clients/999999', undefined);
    expect(french.status).toBe(404);
    expect(await french.json()).toEqual({ message: 'Le client n° 999999 n’existe pas.', errors: {} });
    expect(french.headers.get('content-language')).toBe('fr');
    expect(french.headers.get('vary')).toMatch(/Accept-Language/i);

    const english = await ask('/api/clients/999999', 'en-GB,en;q=0.9');
    expect(await english.json()).toEqual({ message: 'Client no. 999999 does not exist.', errors: {} });
    expect(english.headers.get('content-language')).toBe('en');

    const invalid = await ask('/api/clients', 'en', { method: 'POST', body: { lastName: '', email: 'nope', phone: '12' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      message: 'Some information is invalid.',
      errors: {
        lastName: 'The last name is required.',
        email: 'Invalid email address (example: jean.dupont@example.com).',
        phone: 'Invalid phone number (example: 06 12 34 56 78).',
      },
    });

    const signedOut = await ask('/api/clients', 'en', { signedIn: false });
    expect(signedOut.status).toBe(401);
    expect((await signedOut.json()).message).toBe('Please sign in.');

    const badSort = await ask('/api/clients?sort=["nope","ASC"]', 'en');
    expect((await badSort.json()).message).toMatch(/^Cannot sort on “nope”\. Possible fields: /);
  });

  it('names the holder of a number and the author of a concurrent change in English', async () => {
    const created = await (await ask('/api/clients', 'en', { method: 'POST', body: { lastName: 'Dupont', firstName: 'Jean', clientNumber: 'EN-42' } })).json();
    const clash = await ask('/api/clients', 'en', { method: 'POST', body: { lastName: 'Other', clientNumber: 'en-42' } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toEqual({
      message: 'Client number “en-42” is already used by DUPONT Jean, EN-42.',
      errors: { clientNumber: 'Number already used by DUPONT Jean, EN-42.' },
    });

    await ask(`/api/clients/${created.id}`, 'en', { method: 'PUT', body: { ...created, address: 'first' } });
    const stale = await ask(`/api/clients/${created.id}`, 'en', { method: 'PUT', body: { ...created, address: 'second' } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toMatch(
      /^This client was changed by Anne Admin <admin@test\.fr> on \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} \(Paris time\), after you opened your form\. Reload it/,
    );
  });
});
