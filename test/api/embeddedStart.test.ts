import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { DEMO_ACCOUNTS } from '../../api/demo/demoAccounts';
import { startServer, type RunningServer } from '../../api/server';
import { signedInDataProvider } from '../support/signedInDataProvider';
import pino from 'pino';
import { waitFor } from '../support/waitFor';

/**
 * The embedded default of `npm start`, whatever servers the machine has: PGlite persisted
 * under DATA_DIR, migrations at start, demo data and demo accounts, a CRUD round trip
 * through ra-data-simple-rest, and the same data after a restart.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-embedded-'));
let running: RunningServer | undefined;
afterAll(async () => {
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
  startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, RUN_WORKER: 'false' }), {
    logger: pino({ level: 'silent' }),
    adminDistDir: path.join(dataDir, 'no-admin'),
  });

async function signIn(url: string) {
  const [admin] = DEMO_ACCOUNTS;
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(response.status).toBe(200);
  return signedInDataProvider(`${url}/api`, response.headers.get('set-cookie')!.split(';')[0]);
}

// PGlite (WASM) starts in seconds on an idle machine, far slower on a loaded CI runner.
describe('npm start on the embedded database', { timeout: 240_000 }, () => {
  let createdId: number;

  it('starts on PGlite with demo data and demo accounts', async () => {
    running = await start();
    expect(running.db.embedded).toBe(true);
    expect((await fetch(`${running.url}/api/health/ready`)).status).toBe(200);
    // RUN_WORKER=false on the embedded database: nothing will run imports, and health says so.
    const health = await fetch(`${running.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: 'ok', queue: 'ok', workers: 'unavailable' });
    const provider = await signIn(running.url);
    const { total } = await provider.getList('clients', { pagination: { page: 1, perPage: 5 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect(total).toBe(200);
    const advisors = await provider.getList('advisors', { pagination: { page: 1, perPage: 50 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect(advisors.total).toBeGreaterThanOrEqual(3);
  });

  it('does a CRUD round trip through ra-data-simple-rest', async () => {
    const provider = await signIn(running!.url);
    const { data: created } = await provider.create('clients', { data: { lastName: 'Embarqué', firstName: 'Émile', clientNumber: 'EMB-1' } });
    createdId = created.id;
    const { data: updated } = await provider.update('clients', { id: created.id, data: { email: 'emile@exemple.fr' }, previousData: created });
    expect(updated.email).toBe('emile@exemple.fr');
    const found = await provider.getList('clients', { pagination: { page: 1, perPage: 5 }, sort: { field: 'lastName', order: 'ASC' }, filter: { q: 'embarque' } });
    expect(found.data.map((c) => c.id)).toEqual([created.id]);
    const duplicate = provider.create('clients', { data: { lastName: 'Autre', clientNumber: 'emb-1' } });
    await expect(duplicate).rejects.toMatchObject({ status: 409 });
  });

  it('keeps the data across a restart and does not seed twice; the start purges the access log, RUN_WORKER=false as it is', async () => {
    // Past the 12 months of the access log, and within them: the restart's purge takes the first only.
    await running!.db
      .knex('client_access_log')
      .insert(['13 months', '1 day'].map((age) => ({ user_label: `age ${age}`, client_id: createdId, kind: 'view', occurred_at: running!.db.knex.raw('now() - ?::interval', [age]) })));
    await running!.close();
    running = await start();
    const knex = running.db.knex;
    await waitFor(async () => !(await knex('client_access_log').where('user_label', 'age 13 months').first()), 'the access-log purge at start', 30_000);
    expect(await knex('client_access_log').where('user_label', 'age 1 day').first()).toBeTruthy();
    const provider = await signIn(running.url);
    const { data } = await provider.getOne('clients', { id: createdId });
    expect(data).toMatchObject({ lastName: 'Embarqué', email: 'emile@exemple.fr' });
    const { total } = await provider.getList('clients', { pagination: { page: 1, perPage: 5 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect(total).toBe(201);
  });
});
