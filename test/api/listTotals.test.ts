import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { fetchUtils } from 'react-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataProvider, type HttpClient } from '../../admin/src/dataProvider';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { migrateToLatest, openDatabase } from '../../api/database/database';
import { COUNT_CAP } from '../../api/listing/listTuning';
import { compactRowCount, compactRowCounts, tableRowCount } from '../../api/listing/rowCounts';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { importLimits, recordImport } from '../imports/importFixtures';
import { DATABASES } from '../support/databases';
import { waitingOnLocks } from '../support/pausableKnex';
import { testServices } from '../support/testServices';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Every list total is exact, filtered or not, on both databases: 8,198 clients read "1-25 sur
 * 8198" and the last page is reachable, whatever the planner's statistics say (none are taken
 * here, as on PGlite, which runs no autovacuum). Unfiltered totals come from table_row_counts;
 * a filter's matches are counted, and past COUNT_CAP the answer says "more than", never a guess.
 */
const CLIENTS = 8_198;

describe.each(DATABASES)('list totals on %s', (_name, embedded) => {
  let app: TestApp;
  let cookie: string;

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    cookie = await app.login('admin');
    const [{ id: advisorId }] = await app.db.knex('advisors').insert({ first_name: 'Très', last_name: 'Occupé' }).returning('id');
    // Half of them "Volume", a third with the advisor, all with a CL number; no ANALYZE afterwards.
    await app.db.knex.raw(
      `INSERT INTO clients (last_name, first_name, client_number, advisor_id)
       SELECT CASE WHEN i % 2 = 0 THEN 'Volume' ELSE 'Autre' || lpad(i::text, 5, '0') END, 'Prénom' || i, 'CL' || lpad(i::text, 6, '0'), CASE WHEN i % 3 = 0 THEN ?::int END
       FROM generate_series(1, ?) i`,
      [advisorId, CLIENTS],
    );
  }, 120_000);
  afterAll(() => app?.close());

  const list = async (filter: object, range: [number, number] = [0, 24]) => {
    const response = await app.request(`/api/clients?sort=${encodeURIComponent('["lastName","ASC"]')}&range=${JSON.stringify(range)}&filter=${encodeURIComponent(JSON.stringify(filter))}`, { cookie });
    expect(response.status).toBe(200);
    const rows: { id: number }[] = await response.json();
    return { contentRange: response.headers.get('content-range'), moreThan: response.headers.get('x-total-more-than'), ids: rows.map((row) => row.id) };
  };
  const inNameOrder = async (where = 'true') => (await app.db.knex.raw(`SELECT id FROM clients c WHERE ${where} ORDER BY sort_key, id`)).rows.map((row: { id: number }) => row.id);
  const stored = async () => Number((await app.db.knex('clients').count({ n: '*' }))[0].n);

  it('gives the exact total of 8,198 clients, and the last page holds the last of them', async () => {
    expect(await list({})).toMatchObject({ contentRange: `clients 0-24/${CLIENTS}`, moreThan: null });
    const all = await inNameOrder();
    // 328 pages of 25: the last one holds 23 clients.
    const last = await list({}, [8175, 8199]);
    expect(last.contentRange).toBe(`clients 8175-8197/${CLIENTS}`);
    expect(last.ids).toEqual(all.slice(8175));
    // Through the admin's data provider, as the list reads it.
    const { total, data } = await adminProvider().getList('clients', { pagination: { page: 328, perPage: 25 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect({ total, rows: data.length }).toEqual({ total: CLIENTS, rows: 23 });
  });

  it('counts filtered lists exactly: a search, an advisor, a two-word search', async () => {
    const volume = await inNameOrder(`last_name = 'Volume'`);
    expect(volume).toHaveLength(4099);
    expect(await list({ q: 'volume' })).toMatchObject({ contentRange: 'clients 0-24/4099', moreThan: null });
    expect((await list({ q: 'volume' }, [4075, 4099])).ids).toEqual(volume.slice(4075));
    const [advisor] = await app.db.knex('advisors').where('last_name', 'Occupé');
    expect((await list({ advisorId: advisor.id })).contentRange).toBe('clients 0-24/2732');
    expect((await list({ advisorId: advisor.id, q: 'volume' })).contentRange).toBe('clients 0-24/1366');
    expect((await list({ q: 'volume prénom1' })).contentRange).toBe(`clients 0-24/${(await inNameOrder(`last_name = 'Volume' AND first_name LIKE 'Prénom1%'`)).length}`);
  });

  it('stays exact through creates, deletes, a bulk delete, a merge and an import', async () => {
    const expectTotal = async () => {
      const total = await stored();
      expect((await list({})).contentRange).toBe(`clients 0-24/${total}`);
      return total;
    };
    let total = await expectTotal();
    const created = await (await app.request('/api/clients', { method: 'POST', cookie, body: { lastName: 'Nouveau', clientNumber: 'NEW-1' } })).json();
    expect(await expectTotal()).toBe(++total);
    expect((await app.request(`/api/clients/${created.id}`, { method: 'DELETE', cookie })).status).toBe(200);
    expect(await expectTotal()).toBe(--total);

    const bulk = await app.db.knex('clients').where('last_name', 'like', 'Autre%').orderBy('id').limit(100).pluck('id');
    const deleted = await app.request(`/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: bulk }))}`, { method: 'DELETE', cookie });
    expect(deleted.status).toBe(200);
    expect(await expectTotal()).toBe((total -= 100));

    const [kept, ...absorbed] = await app.db.knex('clients').where('last_name', 'like', 'Autre%').orderBy('id').limit(3).pluck('id');
    expect((await app.request(`/api/clients/${kept}/merge`, { method: 'POST', cookie, body: { sourceIds: absorbed } })).status).toBe(200);
    expect(await expectTotal()).toBe((total -= 2));

    // An import: 3 new clients and 1 known one (updated through ON CONFLICT, not counted again).
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bordereau');
    sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant']);
    for (const [number, name] of [
      ['IMP-1', 'Importé'],
      ['IMP-2', 'Importé'],
      ['IMP-3', 'Importé'],
      ['CL000002', 'Volume'],
    ])
      sheet.addRow([number, name, `K-${number}`, new Date(Date.UTC(2026, 9, 1)), 10]);
    const record = await recordImport(app.db.knex, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(await processStatementImport(record.id, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimits })).toBe('completed');
    expect(await expectTotal()).toBe(total + 3);
    expect((await list({ importId: record.id })).contentRange).toBe('clients 0-3/4');
    expect((await list({ importId: record.id, importOutcome: 'created' })).contentRange).toBe('clients 0-2/3');
    // Contracts and commission lines too.
    const contracts = await app.request('/api/contracts?range=[0,9]', { cookie });
    expect(contracts.headers.get('content-range')).toBe(
      `contracts 0-3/${await app.db
        .knex('contracts')
        .count({ n: '*' })
        .then(([row]) => Number(row.n))}`,
    );
  });

  it('says "more than 10,000" past the cap, with a next page and no guess', async () => {
    const before = await stored();
    await app.db.knex.raw(`INSERT INTO clients (last_name, client_number) SELECT 'Large' || i, 'CL9' || lpad(i::text, 6, '0') FROM generate_series(1, ?) i`, [COUNT_CAP + 1500 - before]);
    const total = await stored();
    expect(total).toBeGreaterThan(COUNT_CAP);
    // Unfiltered: still exact.
    expect((await list({})).contentRange).toBe(`clients 0-24/${total}`);
    // "CL" starts every client number: more than the cap match.
    expect(await list({ q: 'CL' })).toMatchObject({ contentRange: 'clients 0-24/*', moreThan: String(COUNT_CAP) });
    // Past the cap, the count goes as far as the page, and says whether there is more.
    const beyond = await list({ q: 'CL' }, [COUNT_CAP, COUNT_CAP + 24]);
    expect(beyond).toMatchObject({ contentRange: `clients ${COUNT_CAP}-${COUNT_CAP + 24}/*`, moreThan: String(COUNT_CAP + 25) });
    const matching = await inNameOrder(`client_number LIKE 'CL%'`);
    expect(beyond.ids).toEqual(matching.slice(COUNT_CAP, COUNT_CAP + 25));
    const end = await list({ q: 'CL' }, [matching.length - 10, matching.length + 14]);
    expect(end).toMatchObject({ contentRange: `clients ${matching.length - 10}-${matching.length - 1}/${matching.length}`, moreThan: null });
    // The admin's data provider answers react-admin's partial pagination, with the figure.
    const page = await adminProvider().getList('clients', { pagination: { page: 1, perPage: 25 }, sort: { field: 'lastName', order: 'ASC' }, filter: { q: 'CL' } });
    expect(page).toMatchObject({ total: undefined, pageInfo: { hasNextPage: true, hasPreviousPage: false }, meta: { totalMoreThan: COUNT_CAP } });
    expect(page.data).toHaveLength(25);
  });

  it('folds the deltas of every table into one row, the sums unchanged', async () => {
    // One statement each, as page views add access-log entries: a delta row per statement.
    for (let i = 0; i < 70; i++) await app.db.knex('advisors').insert({ first_name: 'Un', last_name: `Conseiller ${i}` });
    const deltas = async () => Number((await app.db.knex('table_row_counts').where('table_name', 'advisors').count({ n: '*' }))[0].n);
    expect(await deltas()).toBeGreaterThan(64);
    expect(await compactRowCounts(app.db.knex)).toBeGreaterThanOrEqual(1);
    expect(await deltas()).toBe(1);
    expect(await tableRowCount(app.db.knex, 'advisors')).toBe(Number((await app.db.knex('advisors').count({ n: '*' }))[0].n));
  });

  it('keeps the counts right through TRUNCATE', async () => {
    await app.db.knex.raw('TRUNCATE clients, contracts, commissions CASCADE');
    expect((await list({})).contentRange).toBe('clients */0');
    expect((await app.request('/api/contracts', { cookie })).headers.get('content-range')).toBe('contracts */0');
    await app.db.knex('clients').insert([{ last_name: 'Après' }, { last_name: 'Truncate' }]);
    expect((await list({})).contentRange).toBe('clients 0-1/2');
  });

  const adminProvider = () => {
    const httpClient: HttpClient = (url, options = {}) => {
      const headers = new Headers(options.headers as HeadersInit);
      headers.set('Cookie', cookie);
      return fetchUtils.fetchJson(url, { ...options, headers });
    };
    return createDataProvider(`${app.url}/api`, httpClient);
  };
});

describe.each(DATABASES)('list totals after a restart on %s', (_name, embedded) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-totals-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('reads the same exact total and pages to the end after reopening the database', { timeout: 240_000 }, async () => {
    // PGlite on disk, closed and opened again; the server's database through a new pool.
    const first = embedded ? await openDatabase({ embeddedDir: dataDir }) : await startTestApp().then((app) => ({ ...app.db, app }));
    await migrateToLatest(first.knex);
    await first.knex.raw(`INSERT INTO clients (last_name, client_number) SELECT 'Relu' || lpad(i::text, 5, '0'), 'R-' || i FROM generate_series(1, ?) i`, [CLIENTS]);
    await first.knex('clients').where('client_number', 'R-1').delete();
    const url = first.url;
    const reopen = async () => (embedded ? (await first.close(), openDatabase({ embeddedDir: dataDir })) : openDatabase({ databaseUrl: url }));
    const again = await reopen();
    try {
      const service = new ClientService(again.knex, new AuditTrail(again.knex));
      const sort = { field: 'lastName', order: 'ASC' as const };
      expect(await service.list({ sort, range: { start: 0, end: 24 }, filter: {} })).toMatchObject({ total: CLIENTS - 1, capped: false });
      const last = await service.list({ sort, range: { start: 8175, end: 8199 }, filter: {} });
      expect(last.rows.map((row) => row.lastName)).toEqual(Array.from({ length: 22 }, (_, i) => `Relu${String(8177 + i).padStart(5, '0')}`));
      expect((await service.list({ sort, range: { start: 0, end: 24 }, filter: { q: 'relu' } })).total).toBe(CLIENTS - 1);
    } finally {
      await again.close();
      if (!embedded) await (first as unknown as { app: TestApp }).app.close();
    }
  });
});

// Concurrent sessions exist on the server only (PGlite is one session).
describe.runIf(testServices.postgresAdminUrl)('row counts under concurrent writers on PostgreSQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  const counted = async () => tableRowCount(app.db.knex, 'clients');
  const actual = async () => Number((await app.db.knex('clients').count({ n: '*' }))[0].n);

  it('lets two writers insert clients at once: neither waits for the other to commit', async () => {
    const first = await app.db.knex.transaction();
    try {
      await first('clients').insert({ last_name: 'Première' });
      // A single counter row would be locked by `first` until it commits.
      const second = app.db
        .knex('clients')
        .insert({ last_name: 'Seconde' })
        .then(() => 'inserted');
      expect(await Promise.race([second, waitingOnLocks(app.db.knex, 1).then(() => 'waiting on a lock')])).toBe('inserted');
      // A compaction meanwhile leaves the uncommitted delta alone.
      await compactRowCount(app.db.knex, 'clients');
      expect(await counted()).toBe(1);
      await first.commit();
    } catch (error) {
      await first.rollback();
      throw error;
    }
    expect(await counted()).toBe(2);
  });

  it('stays exact while writers, deleters and compactions run together', async () => {
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        for (let round = 0; round < 10; round++) {
          await app.db.knex.raw(`INSERT INTO clients (last_name) SELECT 'Concurrent' FROM generate_series(1, ?)`, [i + 1]);
          if (round % 3 === 0) await app.db.knex('clients').whereIn('id', app.db.knex('clients').select('id').where('last_name', 'Concurrent').orderBy('id').limit(1)).delete();
          if (round % 4 === i % 4) await compactRowCount(app.db.knex, 'clients');
        }
      }),
    );
    expect(await counted()).toBe(await actual());
    await compactRowCount(app.db.knex, 'clients');
    expect(await counted()).toBe(await actual());
    expect(Number((await app.db.knex('table_row_counts').where('table_name', 'clients').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('counts the rows an upsert inserts, not the ones it updates', async () => {
    const before = await actual();
    await app.db.knex.raw(`INSERT INTO clients (client_number, last_name) VALUES ('UP-1', 'Un'), ('UP-2', 'Deux')`);
    await app.db.knex.raw(`INSERT INTO clients (client_number, last_name) VALUES ('UP-1', 'Un bis'), ('UP-3', 'Trois') ON CONFLICT (client_number_key) DO UPDATE SET last_name = excluded.last_name`);
    expect(await actual()).toBe(before + 3);
    expect(await counted()).toBe(before + 3);
  });
});
