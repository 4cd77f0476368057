import type { RaRecord } from 'react-admin';
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

/** CSV as French spreadsheets open it: UTF-8 with BOM, `;` separated, CRLF lines. */
export function toCsv(columns: ExportColumn[], rows: ExportRow[], locale: string): string {
  const cell = (value: ExportRow[string]) => {
    if (value === null || value === undefined) return '';
    const text = value instanceof Date ? value.toLocaleDateString(localeTag(locale)) : String(value);
    // Quote always when needed; neutralise spreadsheet formulas (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' && !/^\+\d/.test(text) ? `'${text}` : text;
    return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map((c) => cell(c.label)).join(';'), ...rows.map((row) => columns.map((c) => cell(row[c.key])).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(columns: ExportColumn[], rows: ExportRow[], sheetName: string): Promise<Blob> {
  // exceljs is large: loaded only when someone exports.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Conance';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn('createdAt').numFmt = 'dd/mm/yyyy';
  sheet.getColumn('address').alignment = { wrapText: true, vertical: 'top' };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
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
