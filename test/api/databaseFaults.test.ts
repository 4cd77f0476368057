import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../api/config';
import { openDatabase, type Database } from '../../api/database/database';
import { UserService } from '../../api/users/userService';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { TEST_USERS } from '../support/testApp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { needsServers } from '../support/testServices';

/**
 * Faults: the API's connections to PostgreSQL are cut in the middle of a burst of
 * writes (through a proxy, as a failover or a network cut would). Every request answers a
 * 201 or a 503 that says to retry, never a 500; once the database is back the API recovers
 * on its own; and nothing is half-written: every acknowledged client is there with its audit
 * entry, and no client exists without one.
 */
let db: TestDatabase;
let appDb: Database;
let proxy: TcpProxy;
let server: Server;
let url: string;
let closeApp: () => void;

async function login() {
  const { email, password } = TEST_USERS.admin;
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0];
}
const createClient = (cookie: string, n: number) =>
  fetch(`${url}/api/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ lastName: `Coupure${n}`, clientNumber: `CUT-${n}` }),
  });

describe('PostgreSQL connections cut mid-request', needsServers('postgres'), () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await new UserService(db.knex).create(TEST_USERS.admin);
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(db.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    appDb = await openDatabase({ databaseUrl: proxied.toString(), poolMax: 6 });
    const app = await createApp({ knex: appDb.knex, logger: pino({ level: 'silent' }), config: loadConfig({ LOG_LEVEL: 'silent' }) });
    closeApp = app.close;
    server = await new Promise((resolve) => {
      const listening = app.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      server?.closeAllConnections();
    });
    closeApp?.();
    await appDb?.close().catch(() => undefined);
    await proxy?.close();
    await db?.close();
  });

  it('answers 201 or 503 through the cut, recovers, and leaves nothing half-written', async () => {
    const cookie = await login();
    const answered: Array<{ n: number; status: number }> = [];
    const burst = Array.from({ length: 60 }, (_, n) =>
      createClient(cookie, n).then(async (response) => {
        answered.push({ n, status: response.status });
        await response.arrayBuffer();
      }),
    );
    // Cut once some writes went through, while the others are in flight or waiting for a connection.
    const deadline = Date.now() + 30_000;
    while (answered.length < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await proxy.cut();
    await Promise.all(burst);
    const statuses = new Set(answered.map((answer) => answer.status));
    expect(
      [...statuses].every((status) => status === 201 || status === 503),
      `statuses ${[...statuses]}`,
    ).toBe(true);
    expect(statuses.has(503)).toBe(true);

    // Back: the pool drops its dead connections and the API serves again without a restart.
    await proxy.restore();
    let recovered: Response | undefined;
    for (let attempt = 0; attempt < 50 && recovered?.status !== 201; attempt++) {
      recovered = await createClient(cookie, 1000 + attempt);
      expect([201, 503]).toContain(recovered.status);
      if (recovered.status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered?.status).toBe(201);

    const clients = await db.knex('clients').select('id', 'client_number');
    const created = await db.knex('audit_entries').where({ record_type: 'client', action: 'create' }).select('record_id');
    // Every acknowledged create is there...
    const numbers = new Set(clients.map((client) => client.client_number));
    for (const { n } of answered.filter((answer) => answer.status === 201)) expect(numbers.has(`CUT-${n}`), `CUT-${n}`).toBe(true);
    // ...and every client that exists came with its audit entry, in the same transaction.
    expect(created.map((entry) => entry.record_id).sort()).toEqual(clients.map((client) => client.id).sort());
  });
});
