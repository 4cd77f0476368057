import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAppWithImports } from '../support/routeTable';
import { xlsxPart } from '../support/xlsxPart';

/**
 * The rejected-rows workbook (GET /api/imports/:id/errors.xlsx) gives back cells of an uploaded
 * file: the CSV-injection rule applies to them like to the clients export.
 */
let app: Awaited<ReturnType<typeof startAppWithImports>>;
let cookie: string;

beforeAll(async () => {
  app = await startAppWithImports({ limits: { maxRows: 10_000, maxUncompressedBytes: 64 * 1024 * 1024 }, maxFileBytes: 2 * 1024 * 1024, worker: true });
  cookie = await app.login('admin');
});
afterAll(async () => {
  await app?.close();
});

const HOSTILE_NAME = '=HYPERLINK("http://evil.example","Cliquez")';
const HOSTILE_LABEL = "+1+cmd|' /C calc'!A0";

it('writes formula-like cells of rejected rows as text with the apostrophe, never as formulas', async () => {
  const statement = new ExcelJS.Workbook();
  const sheet = statement.addWorksheet('Commissions');
  sheet.addRow(['N° client', 'Nom', 'Date', 'Montant', 'Libellé']);
  sheet.addRow(['INJ-1', 'Correct', '01/03/2026', '10,00', 'Commission']);
  // Rejected: the amount is not an amount. Every text cell starts a formula.
  sheet.addRow(['@INJ-2', HOSTILE_NAME, '01/03/2026', '-abc', HOSTILE_LABEL]);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await statement.xlsx.writeBuffer())]), 'injection.xlsx');
  const uploaded = await fetch(`${app.url}/api/imports`, { method: 'POST', body: form, headers: { cookie } });
  expect(uploaded.status).toBe(202);
  const { id } = await uploaded.json();
  for (;;) {
    const record = await (await app.request(`/api/imports/${id}`, { cookie })).json();
    if (record.status === 'completed' || record.status === 'failed') {
      expect(record).toMatchObject({ status: 'completed', commissionsCreated: 1, rowsRejected: 1 });
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const response = await app.request(`/api/imports/${id}/errors.xlsx`, { cookie });
  expect(response.status).toBe(200);
  const file = Buffer.from(await response.arrayBuffer());
  const sheetXml = xlsxPart(file, 'xl/worksheets/sheet1.xml');
  expect(sheetXml).not.toContain('<f>');
  const report = new ExcelJS.Workbook();
  await report.xlsx.load(file as unknown as ArrayBuffer);
  const row = report.worksheets[0].getRow(2);
  expect([1, 2, 3, 4, 5].map((column) => row.getCell(column).value)).toEqual(["'@INJ-2", `'${HOSTILE_NAME}`, '01/03/2026', "'-abc", `'${HOSTILE_LABEL}`]);
  expect(String(row.getCell(6).value)).toMatch(/^Montant : /);
  expect(row.getCell(7).value).toBe(3);
});
