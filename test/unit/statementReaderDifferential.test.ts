import fs from 'node:fs';
import path from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { StatementCell } from '../../statements/readers/statementWorkbook';
import { openFile } from '../support/statementReading';
import { CORPUS, manifest } from '../support/statementCorpus';

/**
 * The product's .xlsx reader against an independent one, SheetJS, on every readable .xlsx of the
 * corpus: every tab, every row holding a value, every cell. SheetJS is the reference here only;
 * the product reads .xlsx with its own streaming reader.
 */
type Comparable = string | number | boolean | null;

/** Our cell as a comparable value: dates to the second, errors by their text, no value as null. */
function ours(cell: StatementCell | undefined): Comparable {
  if (cell === null || cell === undefined || cell === '') return null;
  if (cell instanceof Date) return `date:${cell.toISOString().slice(0, 19)}`;
  if (typeof cell === 'object') return 'error' in cell ? `error:${cell.error}` : null;
  return cell;
}

/** SheetJS's cell the same way, its dates decoded from the serial with the workbook's date system. */
function reference(cell: XLSX.CellObject | undefined, date1904: boolean): Comparable {
  if (!cell || cell.v === undefined || cell.v === '') return null;
  if (cell.t === 'e') return `error:${cell.w}`;
  if (cell.t === 'd' && cell.v instanceof Date) return `date:${cell.v.toISOString().slice(0, 19)}`;
  if (cell.t === 'n' && cell.z !== undefined && XLSX.SSF.is_date(cell.z as string)) {
    const { y, m, d, H, M, S } = XLSX.SSF.parse_date_code(cell.v as number, { date1904 });
    return `date:${new Date(Date.UTC(y, m - 1, d, H, M, S)).toISOString().slice(0, 19)}`;
  }
  return cell.v as Comparable;
}

/**
 * Where the reference itself is wrong, checked against the file and the format: the comparison
 * leaves out only what it gets wrong, and the corpus test checks our reading of it exactly.
 */
const REFERENCE_ERRATA: Record<string, { why: string; rowNumbers?: false; lineBreaks?: false }> = {
  'handmade/handmade-no-r-attributes.xlsx': {
    why: 'SheetJS does not count an empty <row/> without an address; OOXML makes it the row after the previous one, so the header is row 4',
    rowNumbers: false,
  },
  'handmade/handmade-x000D-escaped.xlsx': { why: 'SheetJS turns the escaped carriage return (_x000D_) before a line feed into nothing', lineBreaks: false },
};

const readable = manifest.files.filter((entry) => entry.format === 'xlsx' && (entry.expect === 'import' || entry.expect.refused === 'formule'));

describe('the .xlsx reader agrees with SheetJS on every cell of the corpus', () => {
  it.each(readable.map((entry) => [entry.file] as const))('%s', async (file) => {
    const bytes = fs.readFileSync(path.join(CORPUS, file));
    const workbook = await openFile(bytes);
    const sheetjs = XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: false, cellNF: true });
    const date1904 = Boolean(sheetjs.Workbook?.WBProps?.date1904);
    expect(workbook.date1904).toBe(date1904);
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(sheetjs.SheetNames);
    const errata = REFERENCE_ERRATA[file] ?? { why: '' };
    const comparable = (rowNumber: number, cells: Comparable[]): [number, Comparable[]] => [
      errata.rowNumbers === false ? 0 : rowNumber,
      trimmed(errata.lineBreaks === false ? cells.map((cell) => (typeof cell === 'string' ? cell.replace(/\r\n/g, '\n') : cell)) : cells),
    ];
    for (const sheet of workbook.sheets) {
      const mine: Array<[number, Comparable[]]> = [];
      for await (const row of workbook.rows(sheet.name)) {
        const cells = row.cells.map(ours);
        if (cells.some((cell) => cell !== null)) mine.push(comparable(row.rowNumber, cells));
      }
      const theirs: Array<[number, Comparable[]]> = [];
      ((sheetjs.Sheets[sheet.name]['!data'] ?? []) as Array<XLSX.CellObject[] | undefined>).forEach((row, index) => {
        const cells = (row ?? []).map((cell) => reference(cell, date1904));
        if (cells.some((cell) => cell !== null)) theirs.push(comparable(index + 1, cells));
      });
      expect(mine, `${file} « ${sheet.name} » ${errata.why}`).toEqual(theirs);
    }
  });
});

function trimmed(cells: Comparable[]): Comparable[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return Array.from({ length: end }, (_, index) => cells[index] ?? null);
}
