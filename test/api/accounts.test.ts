import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { passwordHashing } from '../../api/auth/passwordHashing';
import { loadConfig } from '../../api/config';
import { UserService } from '../../api/users/userService';
import { DATABASES } from '../support/databases';
import { waitingOnLocks } from '../support/pausableKnex';
import { startTestApp, TEST_USERS, type TestApp } from '../support/testApp';
import { createTestDatabase } from '../support/testDatabase';

/**
 * Accounts under pressure: two simultaneous demotions of the last two admins (both got 200), a
 * session showing the identity its user had at sign-in, COOKIE_SECURE over plain HTTP (a 200
 * without a cookie), and a flood of sign-ins from one address cycling through emails.
 */
const RACES = Number(process.env.ADMIN_RACES ?? 20);
const SECOND_ADMIN = { email: 'second@test.fr', password: 'second-password-1', fullName: 'Bruno Second', role: 'admin' as const };

describe.each(DATABASES)('accounts on %s', (_label, embedded) => {
  let app: TestApp;
  let secondId: number;
  const firstId = () =>
    app.db
      .knex('users')
      .where({ email: TEST_USERS.admin.email })
      .first()
      .then((row) => row.id as number);

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    secondId = (await new UserService(app.db.knex).create(SECOND_ADMIN)).id;
  });
  afterAll(() => app?.close());

  it.each([
    ['demotions', { role: 'support' }],
    ['deactivations', { active: false }],
  ])(
    'of two simultaneous %s of the last two admins, one is refused with a 409 in French',
    async (_what, change) => {
      const forced = !app.db.embedded;
      const races = forced ? RACES : 3;
      const ids = [await firstId(), secondId];
      for (let n = 0; n < races; n++) {
        await app.db.knex('users').whereIn('id', ids).update({ role: 'admin', active: true });
        const cookie = await app.login('admin');
        const put = (id: number) => () => app.request(`/api/users/${id}`, { method: 'PUT', cookie, body: change });
        let responses: Response[];
        if (forced) {
          // Both requests wait behind the test's lock on the two rows, then go at once.
          const holder = await app.db.knex.transaction();
          await holder('users').whereIn('id', ids).forUpdate();
          const pending = [put(ids[0])(), put(ids[1])()];
          await waitingOnLocks(app.db.knex, 2);
          await holder.commit();
          responses = await Promise.all(pending);
        } else {
          responses = await Promise.all([put(ids[0])(), put(ids[1])()]);
        }
        const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
        expect(answers.map((a) => a.status).sort(), `race ${n}`).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ message: 'Il doit rester au moins un administrateur actif.' });
        const admins = await app.db.knex('users').whereIn('id', ids).where({ role: 'admin', active: true }).count({ n: '*' });
        expect(Number(admins[0].n)).toBe(1);
      }
      await app.db.knex('users').whereIn('id', ids).update({ role: 'admin', active: true });
    },
    120_000,
  );

  it('shows a new email and name in the user’s sessions at once, and signs the trail with them', async () => {
    const admin = await app.login('admin');
    const signIn = await app.request('/api/auth/login', { method: 'POST', body: { email: SECOND_ADMIN.email, password: SECOND_ADMIN.password } });
    const second = signIn.headers.get('set-cookie')!.split(';')[0];
    await signIn.arrayBuffer();
    expect(await (await app.request('/api/auth/me', { cookie: second })).json()).toMatchObject({ email: SECOND_ADMIN.email, fullName: SECOND_ADMIN.fullName });

    const renamed = await app.request(`/api/users/${secondId}`, { method: 'PUT', cookie: admin, body: { email: 'bruno.nouveau@test.fr', fullName: 'Bruno Nouveau' } });
    expect(renamed.status).toBe(200);
    expect(await (await app.request('/api/auth/me', { cookie: second })).json()).toMatchObject({ id: secondId, email: 'bruno.nouveau@test.fr', fullName: 'Bruno Nouveau', role: 'admin' });
    const created = await app.request('/api/clients', { method: 'POST', cookie: second, body: { lastName: 'Signé' } });
    const { id } = await created.json();
    expect(await app.db.knex('audit_entries').where({ record_type: 'client', record_id: id }).pluck('user_label')).toEqual(['Bruno Nouveau <bruno.nouveau@test.fr>']);
    await app.db.knex('users').where({ id: secondId }).update({ email: SECOND_ADMIN.email, full_name: SECOND_ADMIN.fullName });
  });
});

describe('sign-in over plain HTTP with COOKIE_SECURE=true', () => {
  it('warns at start, and refuses the sign-in saying why, rather than answering 200 without a cookie', async () => {
    const db = await createTestDatabase();
    await new UserService(db.knex).create(TEST_USERS.admin);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const { app, close } = await createApp({ knex: db.knex, logger, config: loadConfig({ COOKIE_SECURE: 'true', LOG_LEVEL: 'silent' }) });
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(lines.map((line) => JSON.parse(line)).find((line) => /COOKIE_SECURE=true/.test(line.msg))).toMatchObject({ level: 40 });
      const body = JSON.stringify({ email: TEST_USERS.admin.email, password: TEST_USERS.admin.password });
      const plain = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(plain.status).toBe(403);
      expect(plain.headers.get('set-cookie')).toBeNull();
      expect((await plain.json()).message).toMatch(/^Connexion refusée : ce serveur n’envoie son cookie de session que sur une connexion chiffrée \(COOKIE_SECURE=true\)/);
      const english = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body });
      expect((await english.json()).message).toMatch(/^Sign-in refused: this server sends its session cookie over an encrypted connection only/);
      // Behind a reverse proxy on this machine that says the client came over HTTPS: signed in, with a secure cookie.
      const proxied = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body });
      expect(proxied.status).toBe(200);
      expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      close();
      await db.close();
    }
  });
});

describe('a flood of sign-ins', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { LOGIN_ADDRESS_RATE_LIMIT: '30' } });
  });
  afterAll(() => app?.close());

  const attempt = (address: string, email: string, password = 'wrong-password-1') =>
    app.request('/api/auth/login', { method: 'POST', body: { email, password }, headers: { 'x-forwarded-for': address } });

  it('limits one address cycling through emails, and only that address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await attempt('203.0.113.7', `inconnu${i}@exemple.fr`);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    const other = await attempt('203.0.113.8', TEST_USERS.admin.email, TEST_USERS.admin.password);
    expect(other.status).toBe(200);
  });

  it('never runs more password hashes at once than the machine has cores, and a real sign-in gets through', async () => {
    // 120 failed sign-ins at once, from 120 addresses (so that no limit stops them).
    const flood = Array.from({ length: 120 }, (_, i) => attempt(`198.51.100.${i + 1}`, `flood${i}@exemple.fr`).then((r) => r.status));
    const started = performance.now();
    const legit = await attempt('192.0.2.1', TEST_USERS.admin.email, TEST_USERS.admin.password);
    const legitMs = performance.now() - started;
    const statuses = await Promise.all(flood);
    expect(legit.status).toBe(200);
    // Beyond the bounded wait list a sign-in is told to retry (503), never left hanging.
    expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
    const { peak, slots } = passwordHashing();
    expect(peak).toBeLessThanOrEqual(slots);
    if (process.env.REPORT_FLOOD)
      console.info(`sign-in during a flood of 120: ${Math.round(legitMs)} ms; ${statuses.filter((s) => s === 503).length} told to retry; peak ${peak} hashes for ${slots} cores`);
  });
});
