import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../api/config';
import { startTestApp, TEST_USERS, type TestApp } from '../support/testApp';
import pino from 'pino';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
});
afterAll(() => app?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) => app.request('/api/auth/login', { method: 'POST', body: { email, password }, headers });

const HOUR = 3600_000;
const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
/** The session's row, once express-session has written it (it may answer before its store write ends). */
async function storedSession(cookie: string) {
  for (;;) {
    const row = await app.db
      .knex('sessions')
      .where({ sid: sidOf(cookie) })
      .first();
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
/** Milliseconds from the response's own Date to the cookie's Expires. */
function cookieLifetime(response: Response) {
  const setCookie = response.headers.get('set-cookie');
  expect(setCookie, 'the response sets the session cookie').toBeTruthy();
  const expires = /Expires=([^;]+)/i.exec(setCookie!)?.[1];
  expect(expires).toBeTruthy();
  return Date.parse(expires!) - Date.parse(response.headers.get('date')!);
}

describe('session lifetime', () => {
  it('lasts SESSION_MAX_AGE_HOURS (12 h by default) in the cookie and in the store', async () => {
    const response = await login(TEST_USERS.support.email, TEST_USERS.support.password);
    expect(response.status).toBe(200);
    // Date and Expires have a one-second resolution.
    expect(Math.abs(cookieLifetime(response) - 12 * HOUR)).toBeLessThanOrEqual(2000);
    const stored = await storedSession(response.headers.get('set-cookie')!.split(';')[0]);
    expect(Math.abs(new Date(stored.expired).getTime() - Date.now() - 12 * HOUR)).toBeLessThan(5 * 60_000);
  });

  it('slides: each request gives the cookie and the stored session a full lifetime again', async () => {
    const cookie = await app.login('support');
    // The login's own touch may still be landing after its answer: wait for its full lifetime.
    for (;;) {
      const row = await storedSession(cookie);
      if (new Date(row.expired).getTime() - Date.now() > 11 * HOUR) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // As if eleven hours had gone by: one hour left in the store, and the clock past the store's
    // one-minute touch throttle (only Date is faked: the HTTP stack keeps its real timers).
    await app.db
      .knex('sessions')
      .where({ sid: sidOf(cookie) })
      .update({ expired: new Date(Date.now() + HOUR) });
    vi.useFakeTimers({ toFake: ['Date'] });
    const shift = 2 * 60_000;
    vi.setSystemTime(Date.now() + shift);
    const response = await app.request('/api/auth/me', { cookie }).finally(() => vi.useRealTimers());
    expect(response.status).toBe(200);
    // The Date header comes from Node's own (real) clock: the cookie's lifetime counts from the shifted one.
    expect(Math.abs(cookieLifetime(response) - shift - 12 * HOUR)).toBeLessThanOrEqual(2000);
    // express-session ends the body once the store's touch is done: read it to the end first.
    await response.arrayBuffer();
    const stored = await app.db
      .knex('sessions')
      .where({ sid: sidOf(cookie) })
      .first();
    expect(new Date(stored.expired).getTime() - Date.now()).toBeGreaterThan(11 * HOUR);
  });
});

describe('sign-in', () => {
  it('signs in, knows who is there, and signs out server-side', async () => {
    const response = await login(TEST_USERS.admin.email.toUpperCase(), TEST_USERS.admin.password);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: expect.any(Number), email: TEST_USERS.admin.email, fullName: 'Anne Admin', role: 'admin' });
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0];

    // The session lives in PostgreSQL.
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    const stored = await app.db.knex('sessions').where({ sid }).first();
    expect(stored.sess.userId).toBeGreaterThan(0);

    expect((await app.request('/api/auth/me', { cookie })).status).toBe(200);
    expect((await app.request('/api/clients', { cookie })).status).toBe(200);

    expect((await app.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
    expect(await app.db.knex('sessions').where({ sid }).first()).toBeUndefined();
    expect((await app.request('/api/auth/me', { cookie })).status).toBe(401);
    expect((await app.request('/api/clients', { cookie })).status).toBe(401);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrongPassword = await login(TEST_USERS.support.email, 'not the password');
    const unknownEmail = await login('nobody@test.fr', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await unknownEmail.json());
  });

  it('refuses an expired session', async () => {
    const cookie = await app.login('support');
    // express-session may still be writing the new session when the login answer arrives: wait for its row.
    await storedSession(cookie);
    await app.db.knex('sessions').update({ expired: new Date(Date.now() - 1000) });
    expect(await app.db.knex('sessions').where('expired', '>', new Date()).first()).toBeUndefined();
    expect((await app.request('/api/clients', { cookie })).status).toBe(401);
  });

  it('keeps sessions across a restart of the API (shared secret and store)', async () => {
    const cookie = await app.login('support');
    const second = await createApp({ knex: app.db.knex, logger: pino({ level: 'silent' }), config: loadConfig({}) });
    const server = second.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect((await response.json()).email).toBe(TEST_USERS.support.email);
    } finally {
      server.close();
      second.close();
    }
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const cookie = await app.login('support');
    const adminCookie = await app.login('admin');
    const supportUser = await app.db.knex('users').where({ email: TEST_USERS.support.email }).first();
    const response = await app.request(`/api/users/${supportUser.id}`, { method: 'PUT', cookie: adminCookie, body: { active: false } });
    expect(response.status).toBe(200);
    expect((await app.request('/api/clients', { cookie })).status).toBe(401);
    expect((await login(TEST_USERS.support.email, TEST_USERS.support.password)).status).toBe(401);
    await app.request(`/api/users/${supportUser.id}`, { method: 'PUT', cookie: adminCookie, body: { active: true } });
    expect((await login(TEST_USERS.support.email, TEST_USERS.support.password)).status).toBe(200);
  });

  it('keeps at least one active admin', async () => {
    const adminCookie = await app.login('admin');
    const admin = await app.db.knex('users').where({ email: TEST_USERS.admin.email }).first();
    const response = await app.request(`/api/users/${admin.id}`, { method: 'PUT', cookie: adminCookie, body: { role: 'support' } });
    expect(response.status).toBe(409);
    expect((await app.db.knex('users').where({ id: admin.id }).first()).role).toBe('admin');
  });

  it('rate-limits repeated failures, not successes', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 3; i++) expect((await login('victim@test.fr', `guess-${i}`, headers)).status).toBe(401);
    const limited = await login('victim@test.fr', 'guess-4', headers);
    expect(limited.status).toBe(429);
    expect((await limited.json()).message).toMatch(/Trop de tentatives/);
    // Other accounts are not locked out by someone else's failures.
    expect((await login(TEST_USERS.admin.email, TEST_USERS.admin.password)).status).toBe(200);
  });
});

describe('request hardening', () => {
  it('refuses unsafe requests from another origin (CSRF)', async () => {
    const cookie = await app.login('admin');
    const forged = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Forgé' }, headers: { origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    const sameOrigin = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Légitime' }, headers: { origin: app.url } });
    expect(sameOrigin.status).toBe(201);
    expect(await app.db.knex('clients').where({ last_name: 'Forgé' }).first()).toBeUndefined();
  });

  it('judges a request that carries only a Referer as strictly as one with an Origin (CSRF)', async () => {
    const cookie = await app.login('admin');
    const [{ id }] = await app.db.knex('clients').insert({ last_name: 'Cible', client_number: 'CSRF-1' }).returning('id');
    const forgedReferers = ['https://evil.example/page', `${app.url}@evil.example/`, `${app.url}.evil.example/`, `http://evil.example/${app.url}`, 'not a url', app.url.replace('http:', 'https:')];
    for (const referer of forgedReferers) {
      const headers = { referer };
      expect((await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Forgé' }, headers })).status, referer).toBe(403);
      expect((await app.request(`/api/clients/${id}`, { method: 'PUT', cookie, body: { lastName: 'Forgé' }, headers })).status, referer).toBe(403);
      expect((await app.request(`/api/clients/${id}`, { method: 'DELETE', cookie, headers })).status, referer).toBe(403);
    }
    expect(await app.db.knex('clients').where({ id }).first()).toMatchObject({ last_name: 'Cible' });
    expect(await app.db.knex('clients').where({ last_name: 'Forgé' }).first()).toBeUndefined();
    // The admin's own pages send their address as the Referer.
    const own = await app.request(`/api/clients/${id}`, { method: 'PUT', cookie, body: { lastName: 'Légitime' }, headers: { referer: `${app.url}/#/clients/${id}` } });
    expect(own.status).toBe(200);
    // Reads are never judged.
    expect((await app.request(`/api/clients/${id}`, { cookie, headers: { referer: 'https://evil.example/' } })).status).toBe(200);
  });

  it('sends security headers and a request id, limits body size, and hides internals', async () => {
    const cookie = await app.login('admin');
    const response = await app.request('/api/clients', { cookie });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Plain HTTP (COOKIE_SECURE unset): upgrading requests to HTTPS would break the admin on an intranet address.
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);

    const huge = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    const body = await huge.json();
    expect(body.message).toMatch(/volumineuse/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|SELECT|stack/i);
  });
});
