import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../api/app';
import { loadConfig } from '../../api/config';
import { UserService } from '../../api/users/userService';
import { importWorkersState } from '../../api/imports/workerHeartbeat';
import { signedInDataProvider } from './signedInDataProvider';
import { createTestDatabase, type TestDatabase } from './testDatabase';

export const TEST_USERS = {
  admin: { email: 'admin@test.fr', password: 'admin-password-1', fullName: 'Anne Admin', role: 'admin' as const },
  support: { email: 'support@test.fr', password: 'support-password-1', fullName: 'Serge Support', role: 'support' as const },
};

export interface TestApp {
  url: string;
  /** The Express app itself, for tests that inspect its routes. */
  expressApp: Express;
  db: TestDatabase;
  /** Signs in and returns the session cookie. */
  login(role: keyof typeof TEST_USERS): Promise<string>;
  /** The real react-admin REST client, signed in with `cookie`. */
  dataProvider(cookie: string): ReturnType<typeof signedInDataProvider>;
  /** fetch() against the app with an optional session cookie; JSON bodies are serialised. */
  request(path: string, init?: { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** The API on its own database, listening on a free port, with an admin and a support user. */
export async function startTestApp(
  options: { embedded?: boolean; env?: Record<string, string>; withImportWorkers?: boolean } & Pick<Parameters<typeof createApp>[0], 'extraRouters' | 'healthChecks'> = {},
): Promise<TestApp> {
  const db = await createTestDatabase({ embedded: options.embedded });
  const users = new UserService(db.knex);
  for (const user of Object.values(TEST_USERS)) await users.create(user);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const { app, close: closeApp } = await createApp({
    knex: db.knex,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    config,
    extraRouters: options.extraRouters,
    healthChecks: options.healthChecks,
    importWorkers: options.withImportWorkers ? () => importWorkersState(db.knex) : undefined,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: TestApp['request'] = (path, init = {}) =>
    fetch(url + path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });

  return {
    url,
    expressApp: app,
    db,
    request,
    async login(role) {
      const { email, password } = TEST_USERS[role];
      const response = await request('/api/auth/login', { method: 'POST', body: { email, password } });
      if (response.status !== 200) throw new Error(`login as ${role} failed: ${response.status}`);
      // express-session ends the body only once the session's store writes are done: read it to
      // its end, or a test that edits the session row races the login's own write.
      await response.arrayBuffer();
      return response.headers.get('set-cookie')!.split(';')[0];
    },
    dataProvider: (cookie) => signedInDataProvider(`${url}/api`, cookie),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeApp();
      await db.close();
    },
  };
}
