import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from 'react-admin';
import { createDataProvider } from '../../admin/src/dataProvider';
import { i18nProvider } from '../../admin/src/i18nProvider';
import { statementOf } from '../imports/statementFiles';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import { waitFor } from '../support/waitFor';

/**
 * The data provider's import calls (multipart uploads, the rejected-rows workbook) against the
 * real API, without a browser: with English chosen in the UI, they ask for English like every other
 * call, and the answers come in English. Relative URLs go to the test server with the session.
 */
let app: TestApp;
let cookie: string;
const provider = createDataProvider();
const browserFetch = globalThis.fetch;

beforeAll(async () => {
  app = await startAppWithImports({ worker: true });
  cookie = await app.login('admin');
  globalThis.fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    return browserFetch(`${app.url}${String(input)}`, { ...init, headers });
  };
  await i18nProvider.changeLocale('en');
}, 120_000);
afterAll(async () => {
  globalThis.fetch = browserFetch;
  await i18nProvider.changeLocale('fr');
  await app?.close();
});

describe('admin import calls in the UI’s language', () => {
  it('preview, start and the rejected rows answer in English once English is chosen', async () => {
    const file = await statementOf(
      'Commissions',
      [],
      ['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant'],
      [
        ['LANG-1', 'Anglais', 'LANG-C1', '01/03/2026', 'abc'],
        ['LANG-2', 'Anglais', 'LANG-C2', '01/03/2026', '10,00'],
      ],
    );
    const statement = new File([new Uint8Array(file)], 'statement.xlsx');
    const preview = await provider.previewStatement(statement);
    expect(preview.rows.find((row) => row.status === 'rejected')?.errors[0].message).toBe('Invalid amount: “abc” is not a number (example: 1 234,56).');

    const { id } = await provider.startImport(statement, {}, false);
    const today = new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
    const refusal = await provider.startImport(statement, {}, false).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal).toMatchObject({
      message: `This file was already imported (import no. ${id} of ${today}, “statement.xlsx”). To import it anyway, confirm the forced import.`,
      status: 409,
    });
    expect((refusal as HttpError).body.errors).toEqual({ file: `Already imported: import no. ${id}` });

    await waitFor(async () => (await app.db.knex('statement_imports').where({ id }).first()).status === 'completed', 'the import to complete');
    const { blob, fileName } = await provider.getRejectedRows(id);
    expect(fileName).toBe('statement - rejected rows.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await blob.arrayBuffer()) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Rejected rows']);
    expect(workbook.worksheets[0].getRow(2).getCell(6).value).toBe('Montant : Invalid amount: “abc” is not a number (example: 1 234,56).');
  });
});
