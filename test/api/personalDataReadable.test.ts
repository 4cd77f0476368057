import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The personal-data export as the client reads it: the referent advisor named, in the JSON and
 * in the workbook; the history as sentences in the reader's language (a merge says who was
 * absorbed, never `mergedInto 205 → 134` nor a JSON object), its times in Paris time.
 */
describe.each(DATABASES)('personal-data export on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  let clientId: number;

  const post = async (path: string, body: unknown) => {
    const response = await app.request(path, { method: 'POST', cookie: admin, body });
    const answer = await response.json();
    expect(response.status, `${path} ${JSON.stringify(answer)}`).toBe(201);
    return answer;
  };
  const sheetRows = async (response: Response, name: string) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const values: unknown[][] = [];
    workbook.getWorksheet(name)!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    return values;
  };
  const exportOf = (id: number, format: 'json' | 'xlsx', language = 'fr') =>
    app.request(`/api/clients/${id}/personal-data?format=${format}`, { cookie: admin, headers: { 'accept-language': language } });

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
    const advisor = await post('/api/advisors', { firstName: 'Claire', lastName: 'Fontaine' });
    clientId = (await post('/api/clients', { clientNumber: 'REF-1', lastName: 'Jérôme', firstName: 'André', advisorId: advisor.id })).id;
  }, 180_000);
  afterAll(() => app?.close());

  it('names the referent advisor, in the JSON and in the workbook', async () => {
    const json = await (await app.request(`/api/clients/${clientId}/personal-data?format=json`, { cookie: admin })).json();
    expect(json.client).toMatchObject({ clientNumber: 'REF-1', advisor: 'Claire Fontaine' });
    const rows = await sheetRows(await app.request(`/api/clients/${clientId}/personal-data`, { cookie: admin }), 'Client');
    expect(rows).toContainEqual(['Conseiller référent', 'Claire Fontaine']);
  });

  it('says the history in sentences, in the reader’s language, with Paris times', async () => {
    const kept = await post('/api/clients', { clientNumber: 'C-134', lastName: 'Benard', firstName: 'Hugo' });
    const absorbed = await post('/api/clients', { clientNumber: 'WALK-NEW-10', lastName: 'Benard', firstName: 'Hugo', email: 'hugo.benard@exemple.fr' });
    const merged = await app.request(`/api/clients/${kept.id}/merge`, { method: 'POST', cookie: admin, body: { sourceIds: [absorbed.id], values: { email: 'hugo.benard@exemple.fr' } } });
    expect(merged.status).toBe(200);

    const json = await (await exportOf(kept.id, 'json')).json();
    const descriptions = json.history.map((entry: { description: string }) => entry.description);
    expect(descriptions).toContain(
      ['Fusion : Benard Hugo (WALK-NEW-10) absorbé', 'E-mail : (vide) → hugo.benard@exemple.fr', 'Anciens numéros : WALK-NEW-10', 'Contrats transférés : 0', 'Commissions transférées : 0'].join('\n'),
    );
    expect(descriptions).toContain('Fusion : absorbé par Benard Hugo (C-134)');

    const history = await sheetRows(await exportOf(kept.id, 'xlsx'), 'Historique');
    expect(history[0]).toEqual(['Date (heure de Paris)', 'Par', 'Action', 'Sur', 'Fiche', 'Changements']);
    for (const [date, , action, recordType, , description] of history.slice(1)) {
      expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(['Création', 'Fusion', 'Export des données']).toContain(action);
      expect(recordType).toBe('Client');
      expect(String(description)).not.toMatch(/[{}]|\[object|mergedInto|mergedClients|clientNumber|→ 134/);
    }
    expect(history.map((row) => row[5])).toContain('Fusion : absorbé par Benard Hugo (C-134)');

    const english = await exportOf(kept.id, 'xlsx', 'en-GB,en;q=0.9');
    const englishHistory = await sheetRows(english, 'Change history');
    expect(englishHistory[0]).toEqual(['Date (Paris time)', 'By', 'Action', 'On', 'Record', 'Changes']);
    expect(englishHistory.map((row) => row[5])).toContain('Merge: absorbed by Benard Hugo (C-134)');
    expect(englishHistory.slice(1).every(([date]) => /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}$/.test(String(date)))).toBe(true);
  });
});
