import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Concurrent changes to one client are serialised by a row lock taken before the "before"
 * values are read (SELECT … FOR UPDATE): otherwise two writers read the same "before" and the
 * audit trail records a change from a value the client no longer had.
 *
 * Deterministic, with no timing: the test holds the client's row lock itself, waits until
 * PostgreSQL shows both requests waiting on a lock, then releases it.
 */
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login('admin');
});
afterAll(() => app?.close());

/** Backends of this test database waiting on a lock. */
async function waitingOnLocks(count: number) {
  for (;;) {
    const { rows } = await app.db.knex.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function auditOf(id: number) {
  return app.db.knex('audit_entries_readable').select('action', 'changes').where({ record_type: 'client', record_id: id }).orderBy('id');
}

async function createClient(email: string) {
  const response = await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Verrou', email } });
  expect(response.status).toBe(201);
  return (await response.json()).id as number;
}

/** Runs `requests` one after the other into the wait queue of the client's row lock, then releases it. */
async function queuedBehindLock(id: number, requests: Array<() => Promise<Response>>) {
  const holder = await app.db.knex.transaction();
  try {
    await holder('clients').where({ id }).forUpdate();
    const pending: Promise<Response>[] = [];
    for (const [index, request] of requests.entries()) {
      pending.push(request());
      await waitingOnLocks(index + 1);
    }
    await holder.commit();
    return await Promise.all(pending);
  } catch (error) {
    await holder.rollback();
    throw error;
  }
}

describe('row locks on client changes', () => {
  it('two simultaneous updates: the second one’s "before" is the first one’s "after"', async () => {
    const id = await createClient('depart@exemple.fr');
    const put = (email: string) => () => app.request(`/api/clients/${id}`, { method: 'PUT', cookie, body: { lastName: 'Verrou', email } });
    const responses = await queuedBehindLock(id, [put('premier@exemple.fr'), put('second@exemple.fr')]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);

    const updates = (await auditOf(id)).filter((entry) => entry.action === 'update').map((entry) => entry.changes.email);
    expect(updates).toHaveLength(2);
    expect(updates[0].before).toBe('depart@exemple.fr');
    // The chain holds: each change starts from the value the previous one left.
    expect(updates[1].before).toBe(updates[0].after);
    const stored = await app.db.knex('clients').where({ id }).first();
    expect(stored.email).toBe(updates[1].after);
  });

  it('a delete waiting behind an update records the values the client had when deleted', async () => {
    const id = await createClient('avant@exemple.fr');
    const responses = await queuedBehindLock(id, [
      () => app.request(`/api/clients/${id}`, { method: 'PUT', cookie, body: { lastName: 'Verrou', email: 'modifie@exemple.fr' } }),
      () => app.request(`/api/clients/${id}`, { method: 'DELETE', cookie }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const entries = await auditOf(id);
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'update', 'delete']);
    expect(entries[2].changes.email).toEqual({ before: 'modifie@exemple.fr', after: null });
  });
});
