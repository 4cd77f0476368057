import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePrefixOf } from '../../api/imports/statementImportRuntime';
import { UserService } from '../../api/users/userService';
import { freePort } from '../../bench/apiProcess';
import { largeStatement } from '../imports/statementFiles';
import { TEST_USERS } from '../support/testApp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { needsServers, testServices } from '../support/testServices';
import { waitFor } from '../support/waitFor';
import { deleteRedisKeys } from './queueBackends';

/**
 * How a firm outgrows one machine: two API processes and two worker processes on one
 * PostgreSQL and one Redis, each started as `npm start` (RUN_WORKER=false) and `npm run worker`
 * start them. A session opened on one API process is valid on the other; imports sent to either
 * are spread over both workers, each run once; a merge on one process and an edit of the same
 * client on the other give one 200 and one 409; health and metrics are right on each process.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const IMPORTS = 6;
const ROWS = 3000;
const RACES = 10;

interface Started {
  child: ChildProcess;
  output: string[];
}

function start(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

describe('two API processes and two workers on one PostgreSQL and one Redis', needsServers('postgres', 'redis'), () => {
  let db: TestDatabase;
  const apis: Array<Started & { url: string }> = [];
  const workers: Started[] = [];
  let prefix: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await new UserService(db.knex).create(TEST_USERS.admin);
    prefix = await queuePrefixOf(db.knex);
    const common = { DATABASE_URL: db.url, REDIS_URL: testServices.redisUrl!, SEED_DEMO: 'false' };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({ ...start('scripts/start.ts', { ...common, PORT: String(port), HOST: '127.0.0.1', RUN_WORKER: 'false' }), url: `http://127.0.0.1:${port}` });
      workers.push(start('worker/main.ts', common));
    }
    for (const api of apis) {
      await waitFor(
        async () => {
          if (api.child.exitCode !== null) throw new Error(`an API process exited: ${api.output.join('')}`);
          return fetch(`${api.url}/api/health`).then(
            (response) => response.ok,
            () => false,
          );
        },
        'both API processes healthy, with both workers seen',
        60_000,
      );
    }
  }, 120_000);

  afterAll(async () => {
    const exits = [...apis, ...workers].map(({ child }) => (child.exitCode === null ? new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) : Promise.resolve()));
    await Promise.all(exits);
    if (prefix) await deleteRedisKeys(testServices.redisUrl!, `${prefix}:*`);
    await db?.close();
  });

  const signIn = async (url: string) => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_USERS.admin.email, password: TEST_USERS.admin.password }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return response.headers.get('set-cookie')!.split(';')[0];
  };
  const call = (url: string, cookie: string, method = 'GET', body?: unknown) =>
    fetch(url, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('keeps a session valid on both API processes, and ends it on both', async () => {
    const cookie = await signIn(apis[0].url);
    for (const api of apis) expect(await (await call(`${api.url}/api/auth/me`, cookie)).json()).toMatchObject({ email: TEST_USERS.admin.email });
    expect((await call(`${apis[1].url}/api/auth/logout`, cookie, 'POST')).status).toBe(200);
    // The other process may serve it from its 5-second cache, never longer (README, sessions).
    await waitFor(async () => (await call(`${apis[0].url}/api/auth/me`, cookie)).status === 401, 'the session ended on the other process', 7_000);
  });

  it('spreads imports sent to either process over both workers, each run once, nothing doubled', async () => {
    const cookies = await Promise.all(apis.map((api) => signIn(api.url)));
    const ids: number[] = [];
    for (let n = 0; n < IMPORTS; n++) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await largeStatement(ROWS, { clients: 500, startClient: 600000 + n * 1000 }))]), `bordereau-${n}.xlsx`);
      const response = await fetch(`${apis[n % 2].url}/api/imports`, { method: 'POST', headers: { cookie: cookies[n % 2] }, body: form });
      expect(response.status, await response.clone().text()).toBe(202);
      ids.push((await response.json()).id);
    }
    const done = await waitFor(
      async () => {
        const rows = await db.knex('statement_imports').whereIn('id', ids).select('id', 'status', 'claimed_by', 'attempts', 'processed_rows', 'commissions_created');
        return rows.every((row) => row.status === 'completed') && rows;
      },
      'every import completed',
      45_000,
    );
    expect(done.map((row) => ({ attempts: row.attempts, processed: row.processed_rows, commissions: row.commissions_created }))).toEqual(
      ids.map(() => ({ attempts: 1, processed: ROWS, commissions: ROWS })),
    );
    expect(new Set(done.map((row) => row.claimed_by)).size).toBe(2);
    const lines = await db.knex('commissions').whereIn('import_id', ids).select(db.knex.raw('count(*)::int AS n, count(DISTINCT (import_id, import_row))::int AS distinct_rows')).first();
    expect(lines).toEqual({ n: IMPORTS * ROWS, distinct_rows: IMPORTS * ROWS });
  }, 60_000);

  it('gives one 200 and one 409 to a merge on one process and an edit of the same client on the other', async () => {
    const [first, second] = await Promise.all(apis.map((api) => signIn(api.url)));
    for (let n = 0; n < RACES; n++) {
      const create = async (body: Record<string, unknown>) => (await (await call(`${apis[0].url}/api/clients`, first, 'POST', body)).json()) as { id: number; version: number };
      const kept = await create({ lastName: `Garde${n}`, clientNumber: `MP-K${n}` });
      const source = await create({ lastName: `Source${n}`, clientNumber: `MP-S${n}` });
      const [merge, edit] = await Promise.all([
        call(`${apis[0].url}/api/clients/${kept.id}/merge`, first, 'POST', { sourceIds: [source.id], versions: { [kept.id]: kept.version, [source.id]: source.version } }),
        call(`${apis[1].url}/api/clients/${source.id}`, second, 'PUT', { email: `edit${n}@exemple.fr`, version: source.version }),
      ]);
      const statuses = [merge.status, edit.status];
      expect(statuses.sort(), `race ${n}: ${await merge.clone().text()} / ${await edit.clone().text()}`).toEqual([200, 409]);
    }
  });

  it('answers health and metrics on each process, for its own requests and for both workers', async () => {
    for (const [i, api] of apis.entries()) {
      const health = await (await fetch(`${api.url}/api/health`)).json();
      expect(health, `API ${i}`).toMatchObject({ status: 'ok', database: 'ok', queue: 'ok', workers: 'ok', importWorkers: { alive: 2, queued: 0 } });
      const cookie = await signIn(api.url);
      const text = await (await call(`${api.url}/api/metrics`, cookie)).text();
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
      expect(value(/^conance_import_workers (\d+)$/m), `API ${i}`).toBe(2);
      expect(value(/^conance_imports\{status="completed"\} (\d+)$/m), `API ${i}`).toBe(IMPORTS);
      // Each process counts the uploads it served itself: three each.
      expect(value(/^http_requests_total\{method="POST",route="\/api\/imports",status="202"\} (\d+)$/m), `API ${i}`).toBe(IMPORTS / 2);
      expect(value(/^conance_import_queue_up (\d+)$/m), `API ${i}`).toBe(1);
    }
  });
});
