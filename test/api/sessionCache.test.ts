import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_USERS, type TestApp } from '../support/testApp';
import { waitFor } from '../support/waitFor';

/**
 * The in-process session cache (api/auth/sessionCache.ts): repeated requests of a signed-in user
 * do not read the sessions table each time, and every way of ending a session still ends it at
 * once in this process (in another process, within SESSION_CACHE_TTL_MS).
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];

/** Statements reading the sessions table while `work` runs. */
async function sessionReads(work: () => Promise<unknown>) {
  const reads: string[] = [];
  const listener = (query: { sql: string }) => {
    if (/^\s*select\b.*\bfrom "sessions"/i.test(query.sql)) reads.push(query.sql);
  };
  app.db.knex.on('query', listener);
  try {
    await work();
  } finally {
    app.db.knex.off('query', listener);
  }
  return reads.length;
}

async function supportUserId() {
  return (await app.db.knex('users').where({ email: TEST_USERS.support.email }).first()).id as number;
}

describe('session cache', () => {
  it('reads a session from PostgreSQL once for a burst of requests', async () => {
    const cookie = await app.login('support');
    const reads = await sessionReads(async () => {
      for (let i = 0; i < 5; i++) expect((await app.request('/api/clients', { cookie })).status).toBe(200);
    });
    expect(reads).toBeLessThanOrEqual(1);
  });

  it('serves the same signed-in user from the cache as from the store', async () => {
    const cookie = await app.login('support');
    const first = await app.request('/api/auth/me', { cookie });
    const second = await app.request('/api/auth/me', { cookie });
    expect(await second.json()).toEqual(await first.json());
  });

  it('ends at once, in this process, the sessions of a user deactivated, given another role or a new password', async () => {
    const adminCookie = await app.login('admin');
    const id = await supportUserId();
    for (const change of [{ active: false }, { role: 'admin' }, { password: 'another-password-1' }]) {
      const cookie = await app.login('support');
      expect((await app.request('/api/clients', { cookie })).status).toBe(200); // now cached
      const response = await app.request(`/api/users/${id}`, { method: 'PUT', cookie: adminCookie, body: change });
      expect(response.status).toBe(200);
      expect((await app.request('/api/clients', { cookie })).status, JSON.stringify(change)).toBe(401);
      // Back to the fixture's state for the next change.
      await app.request(`/api/users/${id}`, { method: 'PUT', cookie: adminCookie, body: { active: true, role: 'support', password: TEST_USERS.support.password } });
    }
  });

  it('ends a session at once on logout', async () => {
    const cookie = await app.login('support');
    expect((await app.request('/api/auth/me', { cookie })).status).toBe(200);
    expect((await app.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
    expect((await app.request('/api/auth/me', { cookie })).status).toBe(401);
  });

  it('ends a session removed by another process within the cache lifetime', async () => {
    const cookie = await app.login('support');
    expect((await app.request('/api/auth/me', { cookie })).status).toBe(200);
    // As another API process's logout or user change would: the row goes, this process is not told.
    await app.db
      .knex('sessions')
      .where({ sid: sidOf(cookie) })
      .delete();
    await waitFor(async () => (await app.request('/api/auth/me', { cookie })).status === 401, 'the session to end', 15_000);
  });
});
