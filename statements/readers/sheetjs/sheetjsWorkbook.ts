import XLSX from '@e965/xlsx';
import { StatementFileError } from '../../statementFileError';
import { dateFromSerial } from '../cellDates';
import { MAX_COLUMNS, type StatementCell, type StatementFormat, type StatementRowCells, type StatementWorkbook } from '../statementWorkbook';
import { refuseDamagedText } from '../xlsx/worksheetRows';

/**
 * The binary and OpenDocument formats, through SheetJS (`@e965/xlsx`, the maintained 0.20 line;
 * the `xlsx` 0.18.5 package on npm has known vulnerabilities): Excel 97-2003 (.xls, BIFF8 and
 * older), .xlsb, OpenDocument (.ods) and Excel 2003 XML. SheetJS holds the whole workbook in
 * memory, so these files have a size limit of their own (openStatement.ts).
 */

type SheetCell = { t: string; v?: unknown; z?: string | number; w?: string; f?: string };

function cellOf(cell: SheetCell | undefined, date1904: boolean): StatementCell {
  if (!cell) return null;
  switch (cell.t) {
    case 's':
    case 'str':
      return cell.v === undefined || cell.v === '' ? null : String(cell.v);
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return { error: cell.w ?? '#ERR' };
    case 'd':
      return cell.v instanceof Date ? cell.v : null;
    case 'n': {
      if (typeof cell.v !== 'number') return cell.f ? { formula: cell.f } : null;
      const format = typeof cell.z === 'number' ? XLSX.SSF.get_table()[cell.z] : cell.z;
      if (format && XLSX.SSF.is_date(format)) return dateFromSerial(cell.v, date1904) ?? cell.v;
      return cell.v;
    }
    default:
      return cell.f ? { formula: cell.f } : null;
  }
}

/** SheetJS prints its parsing remarks ("ODS number format may be incorrect") to the console: kept out of the logs. */
function quietly<T>(read: () => T): T {
  const { log, warn, error } = console;
  console.log = console.warn = console.error = () => undefined;
  try {
    return read();
  } finally {
    Object.assign(console, { log, warn, error });
  }
}

export function openWholeWorkbook(file: Buffer, format: StatementFormat, options: { hidden?: Set<string> } = {}): StatementWorkbook {
  let workbook: XLSX.WorkBook;
  try {
    workbook = quietly(() => XLSX.read(file, { type: 'buffer', dense: true, cellDates: false, cellNF: true, cellText: false, WTF: false }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw new StatementFileError('file.encrypted');
    throw new StatementFileError('file.corrupt', { format: { code: `format.${format}` as 'format.xls' } });
  }
  // OpenDocument carries dates as dates, which SheetJS gives as 1900-system serials whatever the file.
  const date1904 = format !== 'ods' && Boolean(workbook.Workbook?.WBProps?.date1904);
  const grids = new Map<string, StatementRowCells[]>();
  workbook.SheetNames.forEach((name) => {
    const data = (workbook.Sheets[name]?.['!data'] ?? []) as Array<Array<SheetCell | undefined> | undefined>;
    const rows: StatementRowCells[] = [];
    data.forEach((row, index) => {
      if (!row) return;
      const cells = row.slice(0, MAX_COLUMNS).map((cell, column) => {
        const value = cellOf(cell, date1904);
        return typeof value === 'string' ? refuseDamagedText(value, name, `${XLSX.utils.encode_col(column)}${index + 1}`) : value;
      });
      if (cells.some((cell) => cell !== null)) rows.push({ rowNumber: index + 1, cells });
    });
    grids.set(name, rows);
  });
  const hidden = (index: number) => Boolean(workbook.Workbook?.Sheets?.[index]?.Hidden) || Boolean(options.hidden?.has(workbook.SheetNames[index]));
  return {
    format,
    date1904,
    sheets: workbook.SheetNames.map((name, index) => ({ name, hidden: hidden(index), rows: grids.get(name)?.length ?? 0 })),
    async *rows(sheet) {
      const rows = grids.get(sheet);
      if (!rows) {
        const visible = workbook.SheetNames.filter((_, index) => !hidden(index)).map((name) => `« ${name} »`);
        throw new StatementFileError('file.unknownSheet', { sheet, sheets: visible.join(', ') });
      }
      yield* rows;
    },
  };
}
