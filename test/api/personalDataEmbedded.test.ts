import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';
import type { PersonalDataExport } from '../../api/personalData/personalDataExport';
import type { AuditEntryRecord } from '../../api/audit/auditTrail';

/**
 * The same crypto-shredding on the embedded database (PGlite, pgcrypto from its contrib):
 * entries sealed by the trigger open while the key exists and read '[donnée effacée]' after.
 */
let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp({ embedded: true });
  admin = await app.login('admin');
}, 180_000);
afterAll(async () => {
  await app?.close();
});

describe('personal data on embedded PostgreSQL (PGlite)', () => {
  it('exports, anonymises and shreds the trail', async () => {
    const created = await app.request('/api/clients', { method: 'POST', cookie: admin, body: { clientNumber: 'PG-1', lastName: 'Lemoine', firstName: 'Agathe', email: 'agathe@exemple.fr' } });
    const { id } = await created.json();
    expect((await app.request(`/api/clients/${id}`, { method: 'PUT', cookie: admin, body: { email: 'agathe.lemoine@exemple.fr' } })).status).toBe(200);
    const raw = await app.db.knex('audit_entries').where({ record_type: 'client', record_id: id }).select('record_label', 'changes');
    expect(JSON.stringify(raw)).not.toContain('Lemoine');

    const exported: PersonalDataExport = await (await app.request(`/api/clients/${id}/personal-data?format=json`, { cookie: admin })).json();
    expect(exported.history.find((h) => h.action === 'update')?.changes).toEqual({ email: { before: 'agathe@exemple.fr', after: 'agathe.lemoine@exemple.fr' } });

    const anonymised = await app.request(`/api/clients/${id}/anonymise`, { method: 'POST', cookie: admin, body: {} });
    expect(await anonymised.json()).toMatchObject({ lastName: `Client anonymisé n° ${id}`, email: null, clientNumber: 'PG-1' });
    const trail: AuditEntryRecord[] = await (await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId: id }))}`, { cookie: admin })).json();
    expect(trail.map((e) => e.action)).toEqual(['anonymise', 'export', 'update', 'create']);
    expect(trail[2]).toMatchObject({ recordLabel: '[donnée effacée]', changes: { email: { before: '[donnée effacée]', after: '[donnée effacée]' } } });
    expect(JSON.stringify(trail)).not.toMatch(/Lemoine|agathe/i);
  });
});
