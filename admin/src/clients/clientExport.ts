import Papa from 'papaparse';
import type { RaRecord } from 'react-admin';
import { FORMULA_TRIGGER, neutraliseFormula } from '../../../shared/spreadsheetFormulas';
import { advisorName } from '../advisors/advisorName';
import { localeTag } from '../common/locale';
import { formatPhone } from '../common/phone';

/** Columns of the CSV and Excel exports, labels in the UI's language. */
export interface ExportColumn {
  key: string;
  label: string;
  width: number;
}

export type ExportRow = Record<string, string | number | Date | null>;

const EXPORT_FIELDS = ['lastName', 'firstName', 'clientNumber', 'email', 'phone', 'address', 'advisorId', 'activeContracts', 'createdAt'] as const;
const WIDTHS: Record<string, number> = { lastName: 20, firstName: 18, clientNumber: 16, email: 32, phone: 18, address: 40, advisorId: 24, activeContracts: 10, createdAt: 14 };

export function exportColumns(translate: (key: string) => string): ExportColumn[] {
  return EXPORT_FIELDS.map((key) => ({ key, label: translate(`resources.clients.fields.${key}`), width: WIDTHS[key] }));
}

export function toExportRows(clients: RaRecord[], advisorsById: Map<unknown, RaRecord>): ExportRow[] {
  return clients.map((client) => ({
    lastName: client.lastName ?? null,
    firstName: client.firstName ?? null,
    clientNumber: client.clientNumber ?? null,
    email: client.email ?? null,
    phone: client.phone ? formatPhone(client.phone) : null,
    address: client.address ?? null,
    advisorId: advisorLabel(advisorsById.get(client.advisorId)),
    activeContracts: client.activeContracts ?? 0,
    createdAt: client.createdAt ? new Date(client.createdAt) : null,
  }));
}

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

export async function toXlsx(columns: ExportColumn[], rows: ExportRow[], sheetName: string): Promise<Blob> {
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
  sheet.getColumn('createdAt').numFmt = 'dd/mm/yyyy';
  sheet.getColumn('address').alignment = { wrapText: true, vertical: 'top' };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** One page of the list as the data provider answers it (`total` may be the planner's estimate). */
export type FetchPage = (page: number, perPage: number) => Promise<{ data: RaRecord[]; total?: number }>;

/**
 * Every row of a list, page after page, until the server answers a short page. The total is
 * never trusted: past 1,000 matches it is PostgreSQL's estimate (X-Total-Estimated), which was
 * seen off both ways by 10 % on a 50k-client base, so stopping at "total" drops rows.
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

const advisorLabel = (advisor: RaRecord | undefined) => (advisor ? advisorName(advisor) : null);
