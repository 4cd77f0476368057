import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import { waitFor } from '../support/waitFor';

/**
 * Through the API: a statement whose only date column is the contract's end is never imported
 * with that date as the commission's, whether the user, a mapping saved by name, or a mapping
 * applied to a file with the same headers chose it. Mapped as the contract's end, it dates the
 * contract, and the statement's month dates the lines.
 */
const HEADER = ['N° client', 'Nom', 'Police', 'Date de résiliation', 'Montant'];

async function statement(tag: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(HEADER);
  sheet.addRow([`R-${tag}`, 'Résilié', `RK-${tag}`, '31/12/2025', '12,50']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(DATABASES)('a contract end date is never the commission date, on %s', (_label, embedded) => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startAppWithImports({ embedded, worker: true });
    cookie = await app.login('admin');
  });
  afterAll(() => app?.close());

  const upload = (path: string, file: Buffer, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'bordereau.xlsx');
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return fetch(`${app.url}/api/imports${path}`, { method: 'POST', body: form, headers: { cookie } });
  };
  const importCount = async () => Number((await app.db.knex('statement_imports').count({ n: '*' }).first())!.n);
  const asCommissionDate = { clientNumber: 'N° client', lastName: 'Nom', contractNumber: 'Police', date: 'Date de résiliation', amount: 'Montant' };

  it('proposes the column as the contract’s end, and asks for the month of the statement', async () => {
    const preview = await (await upload('/preview', await statement('p'))).json();
    expect(preview.mapping).toMatchObject({ endDate: 'Date de résiliation' });
    expect(preview.mapping.date).toBeUndefined();
    expect(Object.keys(preview.mappingErrors)).toEqual(['period']);
  });

  it('refuses it as the commission date when the user chooses it: in the preview, and the upload records nothing', async () => {
    const mapping = JSON.stringify(asCommissionDate);
    const preview = await (await upload('/preview', await statement('u'), { mapping, period: '2026-10' })).json();
    expect(preview.mappingErrors).toHaveProperty(['mapping.date'], expect.stringContaining('est une date du contrat'));
    const before = await importCount();
    const refused = await upload('', await statement('u'), { mapping, period: '2026-10' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toHaveProperty(['mapping.date']);
    expect(await importCount()).toBe(before);
  });

  it('refuses it when a saved mapping chose it, named or applied to a file with the same headers', async () => {
    const saved = await app.request('/api/imports/mappings', { method: 'POST', cookie, body: { name: 'Ancienne', mapping: asCommissionDate, columns: HEADER } });
    expect(saved.status).toBe(201);
    const { id } = await saved.json();
    const before = await importCount();
    for (const fields of [{ mappingId: String(id), period: '2026-10' }, { period: '2026-10' }] as Array<Record<string, string>>) {
      const preview = await (await upload('/preview', await statement('s'), fields)).json();
      expect(preview.appliedMapping, JSON.stringify(fields)).toMatchObject({ id });
      expect(preview.mappingErrors, JSON.stringify(fields)).toHaveProperty(['mapping.date']);
      const refused = await upload('', await statement('s'), fields);
      expect(refused.status, JSON.stringify(fields)).toBe(400);
    }
    expect(await importCount()).toBe(before);
    expect((await app.request(`/api/imports/mappings/${id}`, { method: 'DELETE', cookie })).status).toBe(200);
  });

  it('imports it as the contract’s end, the line dated by the statement’s month', async () => {
    const mapping = JSON.stringify({ ...asCommissionDate, date: undefined, endDate: 'Date de résiliation' });
    const accepted = await upload('', await statement('ok'), { mapping, period: '2026-10' });
    expect(accepted.status).toBe(202);
    const { id } = await accepted.json();
    await waitFor(async () => ['completed', 'failed'].includes((await app.db.knex('statement_imports').where({ id }).first()).status), `import ${id}`);
    expect(await app.db.knex('statement_imports').where({ id }).first()).toMatchObject({ status: 'completed', commissions_created: 1 });
    const line = await app.db.knex('commissions').where({ import_id: id }).select(app.db.knex.raw(`to_char(date, 'YYYY-MM-DD') AS date`), 'amount').first();
    expect(line).toEqual({ date: '2026-10-01', amount: '12.50' });
    const contract = await app.db.knex('contracts').where({ contract_number: 'RK-ok' }).select(app.db.knex.raw(`to_char(end_date, 'YYYY-MM-DD') AS end_date`)).first();
    expect(contract).toEqual({ end_date: '2025-12-31' });
  });
});
