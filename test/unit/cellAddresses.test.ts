import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CellAddressScanner } from '../../statements/readers/cellAddresses';
import { analyseStatement, readStatementRows } from '../../statements/readers/statementReader';
import { inspectWorkbookArchive } from '../../statements/archive/workbookArchive';
import { withoutCellAddresses } from '../imports/statementFiles';
import { xlsxPart } from '../support/xlsxPart';

const rewrite = (chunks: string[]) => {
  const scanner = new CellAddressScanner(true);
  return chunks.map((chunk) => scanner.feed(chunk)).join('') + scanner.end();
};

describe('cells without r addresses', () => {
  it('addresses rows and cells by their position, keeping the addresses that are there', () => {
    const xml = '<sheetData><row><c t="s"><v>0</v></c><c/><c r="E1"><v>1</v></c><c s="2"><v>2</v></c></row><row r="4"><c><v>3</v></c></row><row><c t="inlineStr"><is><t>é</t></is></c></row></sheetData>';
    const expected =
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="E1"><v>1</v></c><c r="F1" s="2"><v>2</v></c></row><row r="4"><c r="A4"><v>3</v></c></row><row r="5"><c r="A5" t="inlineStr"><is><t>é</t></is></c></row></sheetData>';
    expect(rewrite([xml])).toBe(expected);
    // Cut anywhere, even inside a tag, the result is the same.
    for (const at of [1, 5, 12, 13, 30, 61, 100]) expect(rewrite([xml.slice(0, at), xml.slice(at)]), String(at)).toBe(expected);
    // <col>, <cols> and <rowBreaks> are not cells or rows.
    expect(rewrite(['<cols><col min="1"/></cols><rowBreaks count="0"/>'])).toBe('<cols><col min="1"/></cols><rowBreaks count="0"/>');
  });

  it('counts what is missing without rewriting', () => {
    const scanner = new CellAddressScanner(false);
    expect(scanner.feed('<row r="1"><c r="A1"/></row>')).toBe('');
    expect(scanner.missing).toBe(0);
    scanner.feed('<row><c r="A2"/>');
    expect(scanner.missing).toBe(1);
  });

  it('reads a workbook whose cells carry no address, by position', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Octobre');
    sheet.addRow(['Bordereau de commissions — Octobre 2026']);
    sheet.addRow(['N° client', 'Nom', 'Date de valeur', 'Montant']);
    sheet.addRow(['C-1', 'Dupont', new Date(Date.UTC(2026, 9, 5)), 12.5]);
    // Without addresses, a position is the count of cells before it: generators that omit `r`
    // write every cell, so this file does too (exceljs leaves empty cells out).
    sheet.addRow(['C-2', 'Martin', '06/10/2026', 7]);
    const file = withoutCellAddresses(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(xlsxPart(file, 'xl/worksheets/sheet1.xml')).not.toMatch(/<c r=|<row r=/);

    const archive = await inspectWorkbookArchive(file, { maxUncompressedBytes: 64 * 1024 * 1024 });
    expect(xlsxPart(archive.workbook, 'xl/worksheets/sheet1.xml')).toMatch(/<row r="3"[^>]*><c r="A3"/);
    const layout = await analyseStatement(archive.workbook, { sampleRows: 5 });
    expect(layout).toMatchObject({ headerRow: 2, columns: ['N° client', 'Nom', 'Date de valeur', 'Montant'], titleRows: ['Bordereau de commissions — Octobre 2026'] });
    const rows = [];
    for await (const row of readStatementRows(archive.workbook, layout)) rows.push(row);
    expect(rows.map((row) => [row.rowNumber, row.cells])).toEqual([
      [3, ['C-1', 'Dupont', new Date(Date.UTC(2026, 9, 5)), 12.5]],
      [4, ['C-2', 'Martin', '06/10/2026', 7]],
    ]);
  });
});
