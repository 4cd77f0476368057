import Papa from 'papaparse';
import type { DataProvider, RaRecord } from 'react-admin';
import { FORMULA_TRIGGER, neutraliseFormula } from '../../../shared/spreadsheetFormulas';
import { localeTag } from './locale';
import { withoutAccents } from '../../../shared/accentFolding';

/**
 * What every list's "Exporter" shares (ExportListButton): paging the whole list, the CSV as
 * French spreadsheets open it, the Excel workbook, one formula-injection rule for both.
 */

/** Rows per request: the API's page limit. */
export const EXPORT_PAGE_SIZE = 1000;
/** Most rows one export writes; past it the user is told. */
export const EXPORT_MAX_ROWS = 50_000;

/** Columns of the CSV and Excel exports, labels in the UI's language. */
export interface ExportColumn {
  key: string;
  label: string;
  width: number;
}

export type ExportRow = Record<string, string | number | Date | null>;

/**
 * CSV as French spreadsheets open it: UTF-8 with BOM, `;` separated, CRLF lines. Written by
 * Papa Parse (quoting of `;`, quotes and line breaks), with the shared formula-injection rule:
 * any text starting with `=`, `+`, `-`, `@`, tab or CR gets an apostrophe.
 */
export function toCsv(columns: ExportColumn[], rows: ExportRow[], locale: string): string {
  const text = (value: ExportRow[string]) => (value instanceof Date ? value.toLocaleDateString(localeTag(locale)) : value);
  const csv = Papa.unparse(
    { fields: columns.map((c) => c.label), data: rows.map((row) => columns.map((c) => text(row[c.key]))) },
    { delimiter: ';', newline: '\r\n', escapeFormulae: FORMULA_TRIGGER },
  );
  return `\uFEFF${csv}\r\n`;
}

/** Excel with typed cells: dates as dates, amounts as euros, texts neutralised against formulas. */
export async function toWorkbook(columns: ExportColumn[], rows: ExportRow[], sheetName: string, options: { amountColumns?: string[]; wrapColumns?: string[] } = {}): Promise<Blob> {
  // exceljs is large: loaded only when someone exports.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Conance';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  // exceljs writes strings as text cells, never as formulas; the apostrophe keeps a cell that
  // is edited later (or copied into another sheet) from turning into one.
  for (const row of rows) sheet.addRow(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, neutraliseFormula(value)])));
  for (const column of columns) {
    if (options.amountColumns?.includes(column.key)) sheet.getColumn(column.key).numFmt = '#,##0.00 "€"';
    else if (rows.some((row) => row[column.key] instanceof Date)) sheet.getColumn(column.key).numFmt = 'dd/mm/yyyy';
    if (options.wrapColumns?.includes(column.key)) sheet.getColumn(column.key).alignment = { wrapText: true, vertical: 'top' };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** One page of the list as the data provider answers it (no `total` past 10,000 matches). */
export type FetchPage = (page: number, perPage: number) => Promise<{ data: RaRecord[]; total?: number }>;

/**
 * Every row of a list, page after page, until the server answers a short page. The total is not
 * needed: past 10,000 matches there is none (the count stops there), and rows written while the
 * export runs would make a total read at the start stop it early.
 * Stops at `maxRows` and says whether rows were left out.
 */
export async function fetchAllPages(fetchPage: FetchPage, { pageSize, maxRows }: { pageSize: number; maxRows: number }) {
  const rows: RaRecord[] = [];
  for (let page = 1; ; page++) {
    const { data } = await fetchPage(page, pageSize);
    rows.push(...data);
    if (data.length < pageSize) return { rows, truncated: false };
    if (rows.length >= maxRows) {
      // A full last page at the cap: one more row says whether anything was left out.
      const { data: next } = await fetchPage(maxRows + 1, 1);
      return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows || next.length > 0 };
    }
  }
}

export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Records by id, fetched 1,000 at a time (the API's page limit). */
export async function recordsById(dataProvider: DataProvider, resource: string, ids: unknown[]): Promise<Map<unknown, RaRecord>> {
  const unique = [...new Set(ids.filter((id) => id != null))];
  const found = new Map<unknown, RaRecord>();
  for (let i = 0; i < unique.length; i += EXPORT_PAGE_SIZE) {
    const { data } = await dataProvider.getMany(resource, { ids: unique.slice(i, i + EXPORT_PAGE_SIZE) as RaRecord['id'][] });
    for (const record of data) found.set(record.id, record);
  }
  return found;
}

/**
 * The records exported rows refer to, fetched together: for each resource, the records whose ids
 * the rows hold in the given field (`{ clients: 'clientId' }` gives `clients`, a map by id).
 */
export async function referencedRecords<R extends string>(dataProvider: DataProvider, rows: RaRecord[], references: Record<R, string>): Promise<Record<R, Map<unknown, RaRecord>>> {
  const resources = Object.keys(references) as R[];
  const maps = await Promise.all(
    resources.map((resource) =>
      recordsById(
        dataProvider,
        resource,
        rows.map((row) => row[references[resource]]),
      ),
    ),
  );
  return Object.fromEntries(resources.map((resource, i) => [resource, maps[i]])) as Record<R, Map<unknown, RaRecord>>;
}

/** A date column's value: 'YYYY-MM-DD' as a Date at noon UTC, so no time zone moves its day. */
export const dateCell = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : null);

export const fileSlug = (text: string) =>
  withoutAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
