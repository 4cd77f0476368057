import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../api/config';
import { openDatabase, type Database } from '../../api/database/database';
import { UserService } from '../../api/users/userService';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { TEST_USERS } from '../support/testApp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { needsServers, testServices } from '../support/testServices';

/**
 * A PostgreSQL server that refuses new connections: starting up or in recovery (57P03), out of
 * connection slots (53300), or a database closed to connections (55000, ALLOW_CONNECTIONS false).
 * Every API call and the login answer 503 with Retry-After, as for a network cut, never a 500;
 * once the server accepts connections again, the API recovers on its own.
 *
 * The first two are what the server sends at connection time, answered by a proxy in front of
 * the real server (the pg driver reads the same bytes); the third is the real server's refusal.
 * Real server only: the embedded PGlite is a library in the process and refuses nothing.
 */
let db: TestDatabase;
let appDb: Database;
let proxy: TcpProxy;
let server: Server;
let url: string;
let closeApp: () => void;

/** A FATAL ErrorResponse message of the PostgreSQL wire protocol. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', code],
      ['M', message],
    ].map(([type, value]) => Buffer.from(`${type}${value}\u0000`)),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

const login = () =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: TEST_USERS.admin.email, password: TEST_USERS.admin.password }) });

async function expectUnavailable(cookie: string, what: string) {
  for (const [path, init] of [
    ['/api/clients', { headers: { cookie } }],
    ['/api/clients', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ lastName: 'Refusé' }) }],
  ] as const) {
    const response = await fetch(url + path, init as RequestInit);
    expect(response.status, `${what}: ${path}`).toBe(503);
    expect(response.headers.get('retry-after'), `${what}: ${path}`).toBe('5');
    expect((await response.json()).message).toBe('La base de données est momentanément indisponible. Réessayez dans quelques instants.');
  }
  const refused = await login();
  expect(refused.status, `${what}: login`).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  await refused.arrayBuffer();
}

async function expectRecovered() {
  const response = await login();
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0];
  await response.arrayBuffer();
  const list = await fetch(`${url}/api/clients`, { headers: { cookie } });
  expect(list.status).toBe(200);
  await list.arrayBuffer();
  return cookie;
}

describe('a PostgreSQL that refuses connections', needsServers('postgres'), () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await new UserService(db.knex).create(TEST_USERS.admin);
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(db.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    appDb = await openDatabase({ databaseUrl: proxied.toString(), poolMax: 4 });
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
    await appDb?.close();
    await proxy?.close();
    await db?.close();
  });

  it.each([
    ['57P03', 'the database system is not yet accepting connections'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['55000', 'database "conance" is not currently accepting connections'],
  ])('answers 503 with Retry-After while the server refuses with %s (%s), then recovers', async (code, message) => {
    const cookie = await expectRecovered();
    proxy.refuse(errorResponse(code, message));
    await expectUnavailable(cookie, code);
    proxy.forward();
    await expectRecovered();
  });

  it('answers 503 while the real server does not allow connections to the database (55000), then recovers', async () => {
    const cookie = await expectRecovered();
    const name = new URL(db.url).pathname.slice(1);
    const admin = knexFactory({ client: 'pg', connection: testServices.postgresAdminUrl!, pool: { min: 0, max: 1 } });
    try {
      await admin.raw('ALTER DATABASE ?? ALLOW_CONNECTIONS false', [name]);
      // The app's open connections go too, so that it has to open new ones.
      await admin.raw('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()', [name]);
      await expectUnavailable(cookie, 'ALLOW_CONNECTIONS false');
    } finally {
      await admin.raw('ALTER DATABASE ?? ALLOW_CONNECTIONS true', [name]);
      await admin.destroy();
    }
    await expectRecovered();
  });
});
