import { describe, expect, it } from 'vitest';
import { layoutOf, openFile, refusalOf, rowsOf } from '../support/statementReading';
import { HEADER, row, xlsxPackage } from '../support/xlsxPackage';

/**
 * The .xlsx reader against what producers other than our own write: tabs in another zip order,
 * hidden and summary tabs, prefixed XML, parts named otherwise, the 1904 date system however it
 * is spelled, ISO date cells, UTF-16 parts, cells without addresses, escaped characters.
 */
const header = row(1, HEADER);
const line = (n: number, client: string, amount: number) => row(n, [client, 'Dupont', { xml: '<c s="1"><v>46300</v></c>' }, amount]);
const dated = { styles: [0, 164] };

describe('tabs', () => {
  it('lists tabs in tab order whatever the zip order, and reads each by name', async () => {
    const file = xlsxPackage({
      ...dated,
      sheets: [
        { name: 'Bordereau', rows: header + line(2, 'C-1', 10) + line(3, 'C-2', 20) },
        { name: 'Reprises', rows: header + line(2, 'C-9', -97.5) },
      ],
      zipOrder: [1, 0],
    });
    const { workbook, layout, surveys } = await layoutOf(file);
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(['Bordereau', 'Reprises']);
    expect(layout.sheet).toBe('Bordereau');
    expect(surveys.map(({ name, rows }) => ({ name, rows }))).toEqual([
      { name: 'Bordereau', rows: 2 },
      { name: 'Reprises', rows: 1 },
    ]);
    expect((await rowsOf(file, 'Reprises')).map((r) => r.cells[0])).toEqual(['N° client', 'C-9']);
    expect((await layoutOf(file, { sheet: 'Reprises' })).layout.dataRows).toBe(1);
    await expect(layoutOf(file, { sheet: 'Absente' })).rejects.toThrow(/La feuille « Absente » n’existe pas.*« Bordereau », « Reprises »/);
  });

  it('never chooses a hidden tab, and prefers the tab whose header names the most fields', async () => {
    const file = xlsxPackage({
      ...dated,
      sheets: [
        { name: 'Barème', hidden: true, rows: row(1, ['N° client', 'Nom', 'Montant', 'Date de valeur', 'Libellé']) + row(2, ['X', 'Y', 1, 2, 'z']) },
        { name: 'Récapitulatif', rows: row(1, ['Conseiller', 'Montant']) + row(2, ['Claire', 120]) },
        { name: 'Bordereau', rows: header + line(2, 'C-1', 10) },
      ],
    });
    const { layout, surveys } = await layoutOf(file);
    expect(surveys.map((survey) => survey.name)).toEqual(['Récapitulatif', 'Bordereau']);
    expect(layout.sheet).toBe('Bordereau');
    await expect(layoutOf(file, { sheet: 'Barème' })).rejects.toThrow(/n’existe pas dans ce fichier \(ou elle est masquée\)/);
  });

  it('finds sheets through relationships, whatever their part is called', async () => {
    const file = xlsxPackage({ ...dated, sheets: [{ name: 'Feuille 1', part: 'xl/worksheets/sheet.xml', rows: header + line(2, 'C-1', 10) }] });
    expect((await layoutOf(file)).layout).toMatchObject({ sheet: 'Feuille 1', dataRows: 1 });
  });

  it('counts only rows holding a value: formatted empty rows neither count nor are read', async () => {
    const empties = Array.from({ length: 500 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`).join('');
    const file = xlsxPackage({ ...dated, sheets: [{ name: 'S', rows: header + line(2, 'C-1', 10) + empties }] });
    const { layout, workbook } = await layoutOf(file);
    expect(layout.dataRows).toBe(1);
    expect(workbook.sheets[0].rows).toBe(2);
    expect(await rowsOf(file)).toHaveLength(2);
  });
});

describe('cells as the producer meant them', () => {
  it('reads namespace-prefixed SpreadsheetML (Open XML SDK)', async () => {
    const file = xlsxPackage({
      ...dated,
      prefix: 'x',
      sharedStrings: ['Lefèvre'],
      sheets: [{ name: 'S', rows: header + row(2, ['C-1', { xml: '<c t="s"><v>0</v></c>' }, { xml: '<c s="1"><v>46300</v></c>' }, 12.5]) }],
    });
    expect((await rowsOf(file))[1].cells).toEqual(['C-1', 'Lefèvre', new Date(Date.UTC(2026, 9, 5)), 12.5]);
  });

  it('reads dates in the 1904 system however it is spelled, and ISO date cells', async () => {
    for (const spelling of ['1', 'true', 'on']) {
      const file = xlsxPackage({ ...dated, date1904: spelling, sheets: [{ name: 'S', rows: header + line(2, 'C-1', 1) }] });
      const workbook = await openFile(file);
      expect(workbook.date1904, spelling).toBe(true);
      expect((await rowsOf(file))[1].cells[2], spelling).toEqual(new Date(Date.UTC(2030, 9, 6)));
    }
    const plain = xlsxPackage({ ...dated, date1904: 'false', sheets: [{ name: 'S', rows: header + line(2, 'C-1', 1) }] });
    expect((await rowsOf(plain))[1].cells[2]).toEqual(new Date(Date.UTC(2026, 9, 5)));
    const iso = xlsxPackage({ sheets: [{ name: 'S', rows: header + row(2, ['C-1', 'D', { xml: '<c t="d"><v>2026-10-05</v></c>' }, { xml: '<c t="d"><v>2026-10-05T14:30:00</v></c>' }]) }] });
    expect((await rowsOf(iso))[1].cells.slice(2)).toEqual([new Date(Date.UTC(2026, 9, 5)), new Date(Date.UTC(2026, 9, 5, 14, 30))]);
  });

  it('reads cells and rows without addresses by their position', async () => {
    const file = xlsxPackage({
      sheets: [{ name: 'S', rows: row(null, HEADER) + row(null, ['C-1', 'Dupont', '05/10/2026', 3]) + row(5, ['C-2', 'Martin', '06/10/2026', 4]) + row(null, ['C-3', 'Roux', '07/10/2026', 5]) }],
    });
    expect((await rowsOf(file)).map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [1, 'N° client'],
      [2, 'C-1'],
      [5, 'C-2'],
      [6, 'C-3'],
    ]);
  });

  it('reads rich text without its phonetic guide, escaped characters, booleans, errors and formulas', async () => {
    const strings = ['<si><r><t>Le</t></r><r><rPr/><t>fèvre</t></r><rPh><t>ルフェーヴル</t></rPh></si>'];
    const file = xlsxPackage({
      sheets: [
        {
          name: 'S',
          rows:
            header +
            row(2, [{ xml: '<c t="s"><v>0</v></c>' }, 'Ligne_x000D_suite', { xml: '<c t="b"><v>1</v></c>' }, { xml: '<c t="e"><v>#N/A</v></c>' }]) +
            row(3, [{ xml: '<c><f>A1*2</f><v>4</v></c>' }, { xml: '<c><f>A1*2</f></c>' }, { xml: '<c t="str"><f>A1</f><v>007</v></c>' }]),
        },
      ],
      parts: { 'xl/sharedStrings.xml': Buffer.from(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings[0]}</sst>`) },
    });
    const rows = await rowsOf(file);
    expect(rows[1].cells).toEqual(['Lefèvre', 'Ligne\rsuite', true, { error: '#N/A' }]);
    expect(rows[2].cells).toEqual([4, { formula: 'A1*2' }, '007']);
  });

  it('decodes UTF-16 parts, and a character split across inflated chunks stays whole', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${row(2, ['C-1', 'Orléans Søren Cœur', '05/10/2026', 1])}</sheetData></worksheet>`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: '' }], parts: { 'xl/worksheets/sheet1.xml': utf16 } });
    expect((await rowsOf(file))[1].cells[1]).toBe('Orléans Søren Cœur');

    // 5,000 rows of accented names: multi-byte characters straddle every 16 and 64 KB boundary.
    const rows = Array.from({ length: 5000 }, (_, i) => row(i + 2, [`C-${i}`, 'Bénédicte Lætitia Orléans Noël', '05/10/2026', 380.25]));
    const large = xlsxPackage({ sheets: [{ name: 'S', rows: header + rows.join('') }] });
    const read = await rowsOf(large);
    expect(read).toHaveLength(5001);
    expect(read.every((r, index) => index === 0 || r.cells[1] === 'Bénédicte Lætitia Orléans Noël')).toBe(true);
  });
});

describe('damaged files are refused, never stored', () => {
  it('refuses a text holding U+FFFD, naming its sheet and cell', async () => {
    const file = xlsxPackage({ sharedStrings: ['Orl\uFFFD\uFFFDans'], sheets: [{ name: 'Octobre', rows: header + row(2, ['C-1', { xml: '<c t="s"><v>0</v></c>' }, '05/10/2026', 1]) }] });
    expect(await refusalOf(file)).toMatch(/la cellule B2 de la feuille « Octobre » contient un caractère illisible \(« Orl��ans »\)/);
  });

  it('refuses invalid UTF-8 in a part, before anything is read', async () => {
    const strings = Buffer.concat([Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Orl'), Buffer.from([0xc3, 0x28]), Buffer.from('ans</t></si></sst>')]);
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: header + row(2, ['C-1', { xml: '<c t="s"><v>0</v></c>' }, '05/10/2026', 1]) }], parts: { 'xl/sharedStrings.xml': strings } });
    expect(await refusalOf(file)).toMatch(/cellule B2 de la feuille « S » contient un caractère illisible/);
  });

  it('refuses XML nested past 64 levels without growing the parser', async () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: header + deep }] });
    expect(await refusalOf(file)).toMatch(/imbrique plus de 64 éléments XML/);
  });

  it('refuses XML that is not well formed, naming the part', async () => {
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: `${header}<row r="2"><c r="A2"><v>1</v></row>` }] });
    expect(await refusalOf(file)).toMatch(/sa partie « xl\/worksheets\/sheet1\.xml » n’est pas un XML valide/);
  });
});
