import { spreadsheetAmount } from '../../shared/decimalText';
import { fieldLabel } from '../../shared/history/auditDescription';
import { formatDay, formatHistoryTime } from '../../shared/history/historyValues';
import { isMessageCode, renderMessage, type Language, type MessageCode } from '../../shared/messages/message';
import { neutraliseFormula } from '../../shared/spreadsheetFormulas';
import type { PersonalDataExport } from './personalDataExport';

/**
 * The personal-data export as a workbook, one sheet per kind of data, in the reader's language:
 * moments in Paris time, days and words as the language writes them, the history as sentences.
 */
const CLIENT_ROWS: Array<[key: string, label: MessageCode | { field: string }]> = [
  ['id', 'export.client.id'],
  ['clientNumber', { field: 'clientNumber' }],
  ['lastName', { field: 'lastName' }],
  ['firstName', { field: 'firstName' }],
  ['email', { field: 'email' }],
  ['phone', { field: 'phone' }],
  ['address', { field: 'address' }],
  ['advisor', { field: 'advisorId' }],
  ['formerNumbers', { field: 'aliases' }],
  ['createdAt', 'export.client.createdAt'],
  ['updatedAt', 'export.client.updatedAt'],
  ['anonymisedAt', 'export.client.anonymisedAt'],
];

const cell = (value: unknown): string | number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return neutraliseFormula(value.join(', '));
  return neutraliseFormula(String(value));
};

export async function personalDataWorkbook(data: PersonalDataExport, language: Language = 'fr'): Promise<Buffer> {
  const t = (code: MessageCode) => renderMessage({ code }, language);
  const word = (code: string) => (isMessageCode(code) ? t(code) : null);
  const moment = (value: unknown) => (value ? formatHistoryTime(value as Date | string, language) : null);
  const day = (value: unknown) => (typeof value === 'string' && value ? formatDay(value, language) : null);

  // Loaded on the first export (about 27 MiB), not at every start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(data.exportedAt);
  const sheet = (name: MessageCode, headers: string[], rows: unknown[][]) => {
    const ws = workbook.addWorksheet(t(name));
    ws.addRow(headers).font = { bold: true };
    for (const row of rows) ws.addRow(row.map(cell));
    ws.columns.forEach((column) => (column.width = 22));
    return ws;
  };

  sheet(
    'export.sheet.client',
    [t('export.column.field'), t('export.column.value')],
    CLIENT_ROWS.map(([key, label]) => {
      const value = data.client[key];
      const shown = key === 'createdAt' || key === 'updatedAt' || key === 'anonymisedAt' ? moment(value) : value;
      return [typeof label === 'string' ? t(label) : fieldLabel('client', label.field, language), shown];
    }),
  );
  sheet(
    'export.sheet.contracts',
    [
      t('export.contracts.number'),
      t('history.field.product'),
      t('history.field.insurer'),
      t('history.field.status'),
      t('export.contracts.start'),
      t('export.contracts.end'),
      t('history.field.advisorId'),
    ],
    data.contracts.map((c) => [c.contractNumber, c.product, c.insurer, word(`history.value.status.${String(c.status)}`), day(c.startDate), day(c.endDate), c.advisor]),
  );
  sheet(
    'export.sheet.commissions',
    [
      t('history.field.date'),
      t('history.field.amount'),
      t('history.field.label'),
      t('export.commissions.contract'),
      t('history.field.source'),
      t('export.commissions.import'),
      t('export.commissions.clientNumber'),
      t('export.commissions.clientName'),
    ],
    data.commissions.map((c) => [
      day(c.date),
      spreadsheetAmount(c.amount as string | null),
      c.label,
      c.contractNumber,
      word(`history.value.source.${String(c.source)}`),
      c.importId,
      c.clientNumber,
      c.clientName,
    ]),
  ).getColumn(2).numFmt = '#,##0.00 "€"';
  sheet(
    'export.sheet.imports',
    [t('export.imports.id'), t('export.imports.file'), t('history.field.insurer'), t('export.imports.period'), t('export.imports.importedAt'), t('export.imports.outcome')],
    data.imports.map((i) => [i.id, i.fileName, i.insurer, i.period, moment(i.importedAt), word(`export.imports.outcome.${String(i.outcome)}`)]),
  );
  const history = sheet(
    'export.sheet.history',
    [t('export.history.date'), t('export.history.by'), t('export.history.action'), t('export.history.recordType'), t('export.history.record'), t('export.history.description')],
    data.history.map((h) => [
      moment(h.occurredAt),
      h.userLabel,
      word(`history.action.${String(h.action)}`) ?? h.action,
      word(`history.recordType.${String(h.recordType)}`) ?? h.recordType,
      h.recordLabel,
      h.description,
    ]),
  );
  history.getColumn(6).width = 60;
  history.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
