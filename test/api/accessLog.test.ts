import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAccessLog } from '../../api/accessLog/accessLogPurge';
import { recordClientAccess } from '../../api/accessLog/accessLogService';
import { TEST_USERS, startTestApp, type TestApp } from '../support/testApp';

/**
 * The access log: who opened which client's page or export, and when; read by admins
 * only, filtered by client and user, purged after the configured number of months; and the
 * personal-data settings that configure it.
 */
let app: TestApp;
let adminCookie: string;
let supportCookie: string;
let adminId: number;
let supportId: number;
let dupont: number;
let martin: number;

const logRows = (clientId: number) => app.db.knex('client_access_log').where({ client_id: clientId }).orderBy('id');
const getJson = async (path: string, cookie = adminCookie) => {
  const response = await app.request(path, { cookie });
  return { status: response.status, body: await response.json(), contentRange: response.headers.get('content-range') };
};
const accessLog = (filter: object, extra = '') => getJson(`/api/access-log?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`);
const putSettings = (body: unknown, cookie = adminCookie) => app.request('/api/settings/personal-data', { method: 'PUT', cookie, body });

beforeAll(async () => {
  app = await startTestApp();
  adminCookie = await app.login('admin');
  supportCookie = await app.login('support');
  ({ id: adminId } = await app.db.knex('users').where({ email: TEST_USERS.admin.email }).first('id'));
  ({ id: supportId } = await app.db.knex('users').where({ email: TEST_USERS.support.email }).first('id'));
  [{ id: dupont }, { id: martin }] = await app.db
    .knex('clients')
    .insert([
      { last_name: 'Dupont', first_name: 'Jeanne', client_number: 'C-100' },
      { last_name: 'Martin', first_name: null, client_number: null },
    ])
    .returning('id');
});
afterAll(() => app?.close());

describe('writing the access log', () => {
  it('logs one view per user, client and minute when a client page opens, never for lists', async () => {
    // The admin's show then edit pages, and a refetch: three reads, one view.
    for (let i = 0; i < 3; i++) expect((await app.request(`/api/clients/${dupont}`, { cookie: adminCookie })).status).toBe(200);
    // Support staff opening the same page is another person: another view.
    expect((await app.request(`/api/clients/${dupont}`, { cookie: supportCookie })).status).toBe(200);
    // The list, getMany and the search are not a page about one client.
    for (const path of ['/api/clients', `/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: [dupont, martin] }))}`, `/api/clients?filter=${encodeURIComponent('{"q":"Martin"}')}`]) {
      expect((await app.request(path, { cookie: adminCookie })).status, path).toBe(200);
    }
    // An unknown client shows nothing, so nothing was accessed.
    expect((await app.request('/api/clients/999999', { cookie: adminCookie })).status).toBe(404);

    const rows = await logRows(dupont);
    expect(rows.map((r) => ({ user: r.user_id, label: r.user_label, kind: r.kind }))).toEqual([
      { user: adminId, label: `${TEST_USERS.admin.fullName} <${TEST_USERS.admin.email}>`, kind: 'view' },
      { user: supportId, label: `${TEST_USERS.support.fullName} <${TEST_USERS.support.email}>`, kind: 'view' },
    ]);
    expect(await logRows(martin)).toEqual([]);
    expect(await app.db.knex('client_access_log').where({ client_id: 999999 })).toEqual([]);

    // A minute later the same user's next visit is a new view.
    await app.db
      .knex('client_access_log')
      .where({ client_id: dupont })
      .update({ occurred_at: app.db.knex.raw("now() - interval '61 seconds'") });
    await app.request(`/api/clients/${dupont}`, { cookie: adminCookie });
    expect((await logRows(dupont)).filter((r) => r.user_id === adminId)).toHaveLength(2);
  });

  it('writes every export (each is a file that left the firm)', async () => {
    const actor = { userId: adminId, label: 'Anne Admin <admin@test.fr>' };
    await recordClientAccess(app.db.knex, actor, martin, 'export');
    await recordClientAccess(app.db.knex, actor, martin, 'export');
    expect((await logRows(martin)).map((r) => r.kind)).toEqual(['export', 'export']);
  });

  it('still answers the client page when the log cannot be written', async () => {
    await app.db.knex.raw('ALTER TABLE client_access_log RENAME TO client_access_log_away');
    try {
      const response = await app.request(`/api/clients/${martin}`, { cookie: supportCookie });
      expect(response.status).toBe(200);
      expect((await response.json()).lastName).toBe('Martin');
    } finally {
      await app.db.knex.raw('ALTER TABLE client_access_log_away RENAME TO client_access_log');
    }
  });
});

describe('GET /api/access-log', () => {
  it('lists entries newest first with the current client label, filtered by client and by user', async () => {
    const all = await accessLog({});
    expect(all.status).toBe(200);
    const total = await app.db.knex('client_access_log').count<{ count: number }[]>('* as count');
    expect(all.contentRange).toBe(`access-log 0-${all.body.length - 1}/${total[0].count}`);
    expect(all.body[0]).toEqual({
      id: expect.any(Number),
      occurredAt: expect.any(String),
      userId: adminId,
      userLabel: 'Anne Admin <admin@test.fr>',
      clientId: martin,
      clientLabel: 'Martin',
      kind: 'export',
    });
    const times = all.body.map((r: { occurredAt: string }) => Date.parse(r.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const ofDupont = await accessLog({ clientId: dupont });
    expect(ofDupont.body.length).toBe(3);
    expect(new Set(ofDupont.body.map((r: { clientLabel: string }) => r.clientLabel))).toEqual(new Set(['Dupont Jeanne (C-100)']));

    const bySupport = await accessLog({ userId: supportId });
    expect(bySupport.body.map((r: { clientId: number }) => r.clientId)).toEqual([dupont]);
    const supportOnDupont = await accessLog({ userId: supportId, clientId: martin });
    expect(supportOnDupont.body).toEqual([]);
    expect(supportOnDupont.contentRange).toBe('access-log */0');

    const exports = await accessLog({ kind: 'export' }, `&sort=${encodeURIComponent('["id","ASC"]')}&range=${encodeURIComponent('[0,0]')}`);
    expect(exports.body).toHaveLength(1);
    expect(exports.contentRange).toBe('access-log 0-0/2');

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect((await accessLog({ occurredFrom: today, occurredTo: today })).body.length).toBe(all.body.length);
    expect((await accessLog({ occurredTo: '2020-01-01' })).body).toEqual([]);
  });

  it('reads the label from the client as it is now: renamed, or deleted', async () => {
    await app.db
      .knex('clients')
      .where({ id: martin })
      .update({ last_name: 'Client anonymisé n° ' + martin });
    expect((await accessLog({ clientId: martin })).body[0].clientLabel).toBe(`Client anonymisé n° ${martin}`);
    const [{ id: gone }] = await app.db.knex('clients').insert({ last_name: 'Éphémère' }).returning('id');
    await app.request(`/api/clients/${gone}`, { cookie: adminCookie });
    expect((await app.request(`/api/clients/${gone}`, { method: 'DELETE', cookie: adminCookie })).status).toBe(200);
    const afterDelete = await accessLog({ clientId: gone });
    expect(afterDelete.body).toEqual([expect.objectContaining({ clientId: gone, clientLabel: `Client supprimé n° ${gone}`, kind: 'view' })]);
  });

  it('refuses bad filters with a 400 in French, and support staff with a 403', async () => {
    for (const filter of [{ clientId: 'abc' }, { kind: 'delete' }, { occurredFrom: '2026-02-30' }, { name: 'Dupont' }]) {
      const answer = await accessLog(filter);
      expect(answer.status, JSON.stringify(filter)).toBe(400);
      expect(answer.body.message).toMatch(/^Filtre invalide/);
    }
    expect((await getJson('/api/access-log', supportCookie)).status).toBe(403);
    expect((await getJson(`/api/access-log?filter=${encodeURIComponent(JSON.stringify({ clientId: dupont }))}`, supportCookie)).status).toBe(403);
    expect((await app.request('/api/access-log')).status).toBe(401);
  });
});

describe('purge', () => {
  const seedAged = async () => {
    await app.db.knex('client_access_log').del();
    const ages = { '1 day': 1, '5 months': 2, '11 months': 3, '13 months': 4, '3 years': 5 };
    await app.db.knex('client_access_log').insert(
      Object.entries(ages).map(([age, clientId]) => ({
        user_id: adminId,
        user_label: 'x',
        client_id: clientId,
        kind: 'view',
        occurred_at: app.db.knex.raw(`now() - interval '${age}'`),
      })),
    );
  };
  const remaining = async () => (await app.db.knex('client_access_log').orderBy('client_id').pluck('client_id')).map(Number);

  it('deletes only the entries older than the configured months (12 by default)', async () => {
    await seedAged();
    expect(await purgeAccessLog(app.db.knex)).toBe(2);
    expect(await remaining()).toEqual([1, 2, 3]);
    expect(await purgeAccessLog(app.db.knex)).toBe(0);
  });

  it('follows the settings: a shorter period purges at once, a longer one keeps more', async () => {
    await seedAged();
    expect((await putSettings({ accessLogMonths: 6 })).status).toBe(200);
    // Saving a shorter period applies it right away.
    expect(await remaining()).toEqual([1, 2]);
    await seedAged();
    expect((await putSettings({ accessLogMonths: 48 })).status).toBe(200);
    expect(await purgeAccessLog(app.db.knex)).toBe(0);
    expect(await remaining()).toEqual([1, 2, 3, 4, 5]);
    expect((await putSettings({ accessLogMonths: 24 })).status).toBe(200);
    expect(await remaining()).toEqual([1, 2, 3, 4]);
    await putSettings({ accessLogMonths: 12 });
  });
});

describe('personal-data settings', () => {
  it('answers the defaults, then what was saved; a partial PUT keeps the other field', async () => {
    await app.db.knex('app_settings').where('key', 'like', 'personal_data.%').del();
    expect((await getJson('/api/settings/personal-data')).body).toEqual({ id: 'personal-data', retentionYears: 5, accessLogMonths: 12 });
    const saved = await putSettings({ id: 'personal-data', retentionYears: 10, accessLogMonths: 36 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ id: 'personal-data', retentionYears: 10, accessLogMonths: 36 });
    expect(await (await putSettings({ retentionYears: 1 })).json()).toEqual({ id: 'personal-data', retentionYears: 1, accessLogMonths: 36 });
    expect((await getJson('/api/settings/personal-data')).body).toEqual({ id: 'personal-data', retentionYears: 1, accessLogMonths: 36 });
    expect(await (await putSettings({ retentionYears: 50, accessLogMonths: 120 })).json()).toMatchObject({ retentionYears: 50, accessLogMonths: 120 });
    await putSettings({ retentionYears: 5, accessLogMonths: 12 });
  });

  it('refuses non-integers, values out of range and unknown fields with a 400 in French, saving nothing', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ retentionYears: 5.5 }, 'retentionYears', /doit être un nombre entier d’années\./],
      [{ retentionYears: '5' }, 'retentionYears', /nombre entier/],
      [{ retentionYears: null }, 'retentionYears', /nombre entier/],
      [{ retentionYears: 0 }, 'retentionYears', /entre 1 et 50/],
      [{ retentionYears: 51 }, 'retentionYears', /entre 1 et 50/],
      [{ accessLogMonths: 0 }, 'accessLogMonths', /entre 1 et 120 mois/],
      [{ accessLogMonths: 121 }, 'accessLogMonths', /entre 1 et 120 mois/],
      [{ accessLogMonths: 1e300 }, 'accessLogMonths', /nombre entier de mois|entre 1 et 120 mois/],
      [{ retentionYears: 6, purgeNow: true }, 'purgeNow', /Champ inconnu : « purgeNow »/],
      [{ id: 'other', retentionYears: 6 }, 'id', /personal-data/],
      [[5], 'root.serverError', /Envoyez un objet JSON/],
    ];
    for (const [body, field, message] of cases) {
      const response = await putSettings(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const answer = await response.json();
      expect(answer.message).toBe('Paramètres des données personnelles invalides.');
      expect(answer.errors[field], JSON.stringify(body)).toMatch(message);
    }
    // A field named after an Object.prototype member is unknown too (not taken for a declared one).
    expect((await putSettings({ retentionYears: 6, toString: 1 })).status).toBe(400);
    for (const body of ['[5]', '"texte"', 'null']) expect((await putSettings(body)).status, body).toBe(400);
    expect((await getJson('/api/settings/personal-data')).body).toEqual({ id: 'personal-data', retentionYears: 5, accessLogMonths: 12 });
  });

  it('answers its errors in English on request', async () => {
    const response = await app.request('/api/settings/personal-data', {
      method: 'PUT',
      cookie: adminCookie,
      body: { retentionYears: 0, accessLogMonths: 2.5, foo: 1 },
      headers: { 'accept-language': 'en' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'Invalid personal-data settings.',
      errors: { retentionYears: 'The retention period must be between 1 and 50 years.', accessLogMonths: 'The access log retention period must be a whole number of months.' },
    });
    const unknown = await app.request('/api/settings/personal-data', { method: 'PUT', cookie: adminCookie, body: { foo: 1 }, headers: { 'accept-language': 'en' } });
    expect((await unknown.json()).errors).toEqual({ foo: 'Unknown field: “foo”.' });
  });

  it('is for admins only', async () => {
    expect((await getJson('/api/settings/personal-data', supportCookie)).status).toBe(403);
    expect((await putSettings({ retentionYears: 2 }, supportCookie)).status).toBe(403);
    expect((await getJson('/api/settings/personal-data')).body.retentionYears).toBe(5);
  });
});
