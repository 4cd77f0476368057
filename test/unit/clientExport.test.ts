import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { RaRecord } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { exportColumns, toExportRows, toXlsx } from '../../admin/src/clients/clientExport';
import { fetchAllPages, toCsv, type ExportRow } from '../../admin/src/common/listExport';
import { fr } from '../../admin/src/i18n/fr';
import { xlsxPart } from '../support/xlsxPart';

/**
 * The clients export's pure parts: rows as the spreadsheet shows them, the CSV and Excel files
 * (read back with Papa Parse and exceljs), and paging that never relies on a total.
 */
const translate = (key: string) => String(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], fr) ?? key);
const columns = exportColumns(translate);
const advisors = new Map<unknown, RaRecord>([[7, { id: 7, firstName: 'Claire', lastName: 'Fontaine' }]]);

const client = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  lastName: 'Lefèvre',
  firstName: 'Élodie',
  clientNumber: '004567',
  email: 'elodie@exemple.fr',
  phone: '+33612345678',
  address: '12 rue Pasteur\n69003 Lyon',
  advisorId: 7,
  activeContracts: 2,
  createdAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

/** Hostile texts: every character OWASP lists as a formula start, and a multi-line one. */
const HOSTILE = ["+1+cmd|' /C calc'!A0", '=HYPERLINK("http://evil","x")', '-2+3+cmd|x', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', '=1+1\n69003 Lyon'];

const parseCsv = (csv: string) => {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('export rows', () => {
  it('shows phones nationally, the referent advisor by name and dates as dates', () => {
    const [row] = toExportRows([client()], advisors);
    expect(row).toEqual({
      lastName: 'Lefèvre',
      firstName: 'Élodie',
      clientNumber: '004567',
      email: 'elodie@exemple.fr',
      phone: '06 12 34 56 78',
      address: '12 rue Pasteur\n69003 Lyon',
      advisorId: 'Claire Fontaine',
      activeContracts: 2,
      createdAt: new Date('2026-03-01T10:00:00.000Z'),
    });
  });

  it('leaves unknown values empty, never "undefined"', () => {
    const [row] = toExportRows([{ id: 2, lastName: 'Seul' }], advisors);
    expect(row).toEqual({ lastName: 'Seul', firstName: null, clientNumber: null, email: null, phone: null, address: null, advisorId: null, activeContracts: 0, createdAt: null });
    const [unknownAdvisor] = toExportRows([client({ advisorId: 99 })], advisors);
    expect(unknownAdvisor.advisorId).toBeNull();
  });
});

describe('CSV export', () => {
  it('writes the header, a BOM, `;` separators and CRLF lines that spreadsheets read back', () => {
    const csv = toCsv(columns, toExportRows([client(), client({ id: 2, lastName: 'Dupont; fils', firstName: 'Jean "JJ"' })], advisors), 'fr');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFNom;Prénom;Numéro client;Email;Téléphone;Adresse;Conseiller référent;Contrats actifs;Créé le');
    const [, first, second] = parseCsv(csv);
    expect(first).toEqual(['Lefèvre', 'Élodie', '004567', 'elodie@exemple.fr', '06 12 34 56 78', '12 rue Pasteur\n69003 Lyon', 'Claire Fontaine', '2', '01/03/2026']);
    expect(second.slice(0, 2)).toEqual(['Dupont; fils', 'Jean "JJ"']);
  });

  it('formats dates in the interface language', () => {
    const [, row] = parseCsv(toCsv(columns, toExportRows([client({ createdAt: '2026-03-14T10:00:00.000Z' })], advisors), 'en'));
    expect(row[8]).toBe('14/03/2026');
    const [, us] = parseCsv(toCsv(columns, toExportRows([client({ createdAt: '2026-03-14T10:00:00.000Z' })], advisors), 'fr'));
    expect(us[8]).toBe('14/03/2026');
  });

  it.each(HOSTILE)('neutralises a cell that would start a formula: %j', (text) => {
    const [, row] = parseCsv(toCsv(columns, toExportRows([client({ lastName: text, address: text, clientNumber: text })], advisors), 'fr'));
    expect(row[0]).toBe(`'${text}`);
    expect(row[2]).toBe(`'${text}`);
    expect(row[5]).toBe(`'${text}`);
  });

  it('keeps harmless texts and numbers exactly as they are', () => {
    const texts = ['Dupont', 'a=b', 'jean+news@exemple.fr', "l'Hôpital", ' espace', '0612345678'];
    const [, ...rows] = parseCsv(
      toCsv(
        columns,
        toExportRows(
          texts.map((lastName, id) => client({ id, lastName })),
          advisors,
        ),
        'fr',
      ),
    );
    expect(rows.map((row) => row[0])).toEqual(texts);
    expect(rows.map((row) => row[7])).toEqual(texts.map(() => '2'));
  });

  it('neutralises an international phone shown with its + sign', () => {
    const [, row] = parseCsv(toCsv(columns, toExportRows([client({ phone: '+442079460958' })], advisors), 'fr'));
    expect(row[4]).toBe("'+44 20 7946 0958");
  });
});

describe('Excel export', () => {
  const read = async (rows: ExportRow[]) => {
    const blob = await toXlsx(columns, rows, 'Clients');
    const buffer = Buffer.from(await blob.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheetXml = xlsxPart(buffer, 'xl/worksheets/sheet1.xml');
    return { sheet: workbook.worksheets[0], sheetXml };
  };

  it('writes typed cells: text, the phone as shown, the advisor by name, a number and a date', async () => {
    const { sheet } = await read(toExportRows([client()], advisors));
    expect(sheet.getRow(1).values).toEqual([undefined, 'Nom', 'Prénom', 'Numéro client', 'Email', 'Téléphone', 'Adresse', 'Conseiller référent', 'Contrats actifs', 'Créé le']);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe('Lefèvre');
    expect(row.getCell(3).value).toBe('004567');
    expect(row.getCell(5).value).toBe('06 12 34 56 78');
    expect(row.getCell(7).value).toBe('Claire Fontaine');
    expect(row.getCell(8).value).toBe(2);
    expect(row.getCell(9).value).toEqual(new Date('2026-03-01T10:00:00.000Z'));
  });

  it('writes formula-like texts as text with the apostrophe, never as formulas', async () => {
    const { sheet, sheetXml } = await read(
      toExportRows(
        HOSTILE.map((lastName, id) => client({ id, lastName, phone: null })),
        advisors,
      ),
    );
    // (A bare CR comes back as LF: XML parsers normalise line ends, and exceljs writes it raw.)
    expect(HOSTILE.map((_, index) => sheet.getRow(index + 2).getCell(1).value)).toEqual(HOSTILE.map((text) => `'${text}`.replace(/\r/g, '\n')));
    // The sheet holds no formula at all: every hostile text is a shared string.
    expect(sheetXml).not.toContain('<f>');
    expect(sheetXml).toMatch(/<c r="A2"[^>]* t="s"/);
  });
});

describe('paging every row of an export', () => {
  /** A list of `actual` rows whose answers claim `claimedTotal`, as an estimated total does. */
  const list = (actual: number, claimedTotal: number) => {
    const calls: Array<[number, number]> = [];
    const fetchPage = async (page: number, perPage: number) => {
      calls.push([page, perPage]);
      const start = (page - 1) * perPage;
      const data = Array.from({ length: Math.max(0, Math.min(perPage, actual - start)) }, (_, i) => ({ id: start + i + 1 }));
      return { data, total: claimedTotal };
    };
    return { fetchPage, calls };
  };

  it('reads past a low estimate until a short page', async () => {
    // 3,451 real matches of 'mar' on the 50k base; the estimate is the floor the API answers past 1,000.
    const { fetchPage, calls } = list(3451, 1001);
    const { rows, truncated } = await fetchAllPages(fetchPage, { pageSize: 1000, maxRows: 50_000 });
    expect(rows).toHaveLength(3451);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3451);
    expect(truncated).toBe(false);
    expect(calls).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 1000],
      [4, 1000],
    ]);
  });

  it('stops at a short page even when the estimate is high', async () => {
    const { fetchPage, calls } = list(1200, 5000);
    const { rows } = await fetchAllPages(fetchPage, { pageSize: 1000, maxRows: 50_000 });
    expect(rows).toHaveLength(1200);
    expect(calls).toHaveLength(2);
  });

  it('asks one more page when the last page is exactly full', async () => {
    const { fetchPage, calls } = list(2000, 2000);
    expect((await fetchAllPages(fetchPage, { pageSize: 1000, maxRows: 50_000 })).rows).toHaveLength(2000);
    expect(calls).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 1000],
    ]);
  });

  it('stops at the cap and says whether rows were left out', async () => {
    const over = await fetchAllPages(list(2501, 1001).fetchPage, { pageSize: 500, maxRows: 2500 });
    expect(over.rows).toHaveLength(2500);
    expect(over.truncated).toBe(true);
    const exact = await fetchAllPages(list(2500, 1001).fetchPage, { pageSize: 500, maxRows: 2500 });
    expect(exact.rows).toHaveLength(2500);
    expect(exact.truncated).toBe(false);
  });
});
