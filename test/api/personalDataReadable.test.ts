import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The personal-data export as the client reads it: the referent advisor named, in the JSON and
 * in the workbook.
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
});
