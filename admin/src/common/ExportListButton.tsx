import DownloadIcon from '@mui/icons-material/Download';
import { CircularProgress, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Button, useDataProvider, useListContext, useLocaleState, useNotify, useTranslate, type DataProvider, type RaRecord } from 'react-admin';
import { neutraliseFormula } from '../../../shared/spreadsheetFormulas';
import { downloadBlob, fetchAllPages, toCsv, type ExportColumn, type ExportRow } from '../clients/clientExport';

const PAGE_SIZE = 1000;
const MAX_ROWS = 50_000;

export interface ListExport {
  columns: (translate: (key: string) => string) => ExportColumn[];
  /** Rows of the sheet: ids resolved to names, dates as Date, amounts as numbers. */
  rows: (records: RaRecord[], context: { dataProvider: DataProvider; translate: (key: string, options?: object) => string }) => Promise<ExportRow[]>;
  /** Columns holding amounts: numbers in Excel, decimals written the UI's way in CSV. */
  amountColumns?: string[];
}

/**
 * "Exporter" for the contracts and commissions lists: every page the current filters and sort
 * keep (not only the first 1,000 rows react-admin's ExportButton fetches), as CSV or Excel.
 */
export const ExportListButton = ({ definition }: { definition: ListExport }) => {
  const { filterValues, sort, total, resource } = useListContext();
  const dataProvider = useDataProvider();
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setAnchor(null);
    setBusy(true);
    try {
      const { rows: records, truncated } = await fetchAllPages(
        (page, perPage) => dataProvider.getList(resource, { filter: filterValues, sort, pagination: { page, perPage } }),
        { pageSize: PAGE_SIZE, maxRows: MAX_ROWS },
      );
      if (truncated) notify('app.export.too_many', { type: 'warning', messageArgs: { max: MAX_ROWS } });
      const columns = definition.columns(translate);
      const rows = await definition.rows(records, { dataProvider, translate });
      const name = translate(`resources.${resource}.name`, { smart_count: 2 });
      const stamp = new Date().toISOString().slice(0, 10);
      const file = `${fileSlug(name)}-${stamp}`;
      if (format === 'csv') {
        const amounts = new Set(definition.amountColumns ?? []);
        const decimal = locale === 'en' ? '.' : ',';
        const csvRows = rows.map((row) =>
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key, amounts.has(key) && typeof value === 'number' ? value.toFixed(2).replace('.', decimal) : value])),
        );
        downloadBlob(new Blob([toCsv(columns, csvRows, locale)], { type: 'text/csv;charset=utf-8' }), `${file}.csv`);
      } else {
        downloadBlob(await toWorkbook(columns, rows, name, definition.amountColumns ?? []), `${file}.xlsx`);
      }
    } catch (error) {
      notify('app.notification.export_failed', { type: 'error', messageArgs: { error: error instanceof Error ? error.message : String(error) } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="ra.action.export" onClick={(event) => setAnchor(event.currentTarget)} disabled={busy || total === 0} aria-haspopup="menu">
        {busy ? <CircularProgress size={16} /> : <DownloadIcon />}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => exportAs('csv')}>{translate('resources.clients.actions.export_csv')}</MenuItem>
        <MenuItem onClick={() => exportAs('xlsx')}>{translate('resources.clients.actions.export_xlsx')}</MenuItem>
      </Menu>
    </>
  );
};

/** Excel with typed cells: dates as dates, amounts as euros, texts neutralised against formulas. */
async function toWorkbook(columns: ExportColumn[], rows: ExportRow[], sheetName: string, amountColumns: string[]): Promise<Blob> {
  // exceljs is large: loaded only when someone exports.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Conance';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, neutraliseFormula(value)])));
  for (const column of columns) {
    if (amountColumns.includes(column.key)) sheet.getColumn(column.key).numFmt = '#,##0.00 "€"';
    else if (rows.some((row) => row[column.key] instanceof Date)) sheet.getColumn(column.key).numFmt = 'dd/mm/yyyy';
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Records by id, fetched 1,000 at a time (the API's page limit). */
export async function recordsById(dataProvider: DataProvider, resource: string, ids: unknown[]): Promise<Map<unknown, RaRecord>> {
  const unique = [...new Set(ids.filter((id) => id != null))];
  const found = new Map<unknown, RaRecord>();
  for (let i = 0; i < unique.length; i += PAGE_SIZE) {
    const { data } = await dataProvider.getMany(resource, { ids: unique.slice(i, i + PAGE_SIZE) as RaRecord['id'][] });
    for (const record of data) found.set(record.id, record);
  }
  return found;
}

/** A date column's value: 'YYYY-MM-DD' as a Date at noon UTC, so no time zone moves its day. */
export const dateCell = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : null);

const fileSlug = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
