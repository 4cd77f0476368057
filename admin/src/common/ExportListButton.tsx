import DownloadIcon from '@mui/icons-material/Download';
import { CircularProgress, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Button, useDataProvider, useListContext, useLocaleState, useNotify, useTranslate, type DataProvider, type RaRecord } from 'react-admin';
import { downloadBlob, EXPORT_MAX_ROWS, EXPORT_PAGE_SIZE, fetchAllPages, fileSlug, toCsv, toWorkbook, type ExportColumn, type ExportRow } from './listExport';

export interface ListExport {
  columns: (translate: (key: string) => string) => ExportColumn[];
  /** Rows of the sheet: ids resolved to names, dates as Date, amounts as numbers. */
  rows: (records: RaRecord[], context: { dataProvider: DataProvider; translate: (key: string, options?: object) => string }) => Promise<ExportRow[]>;
  /** Columns holding amounts: numbers in Excel, decimals written the UI's way in CSV. */
  amountColumns?: string[];
  /** Columns whose long texts wrap in Excel. */
  wrapColumns?: string[];
}

/**
 * "Exporter" for the clients, contracts and commissions lists: every page the current filters
 * and sort keep (not only the first 1,000 rows react-admin's ExportButton fetches; paged until a
 * short page, since past 10,000 matches the list has no total), as CSV or Excel.
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
      const { rows: records, truncated } = await fetchAllPages((page, perPage) => dataProvider.getList(resource, { filter: filterValues, sort, pagination: { page, perPage } }), {
        pageSize: EXPORT_PAGE_SIZE,
        maxRows: EXPORT_MAX_ROWS,
      });
      if (truncated) notify('app.export.too_many', { type: 'warning', messageArgs: { max: EXPORT_MAX_ROWS } });
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
        downloadBlob(await toWorkbook(columns, rows, name, { amountColumns: definition.amountColumns, wrapColumns: definition.wrapColumns }), `${file}.xlsx`);
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
