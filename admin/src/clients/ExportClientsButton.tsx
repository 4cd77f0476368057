import DownloadIcon from '@mui/icons-material/Download';
import { CircularProgress, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Button, useDataProvider, useListContext, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { downloadBlob, exportColumns, fetchAllPages, toCsv, toExportRows, toXlsx } from './clientExport';

const PAGE_SIZE = 1000;
const MAX_ROWS = 50_000;

/** "Exporter": the current filtered and sorted list, every page of it, as CSV or Excel. */
export const ExportClientsButton = () => {
  const { filterValues, sort, total } = useListContext();
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
      // Paged until a short page: the list's total may be an estimate (see fetchAllPages).
      const { rows: clients, truncated } = await fetchAllPages(
        (page, perPage) => dataProvider.getList('clients', { filter: filterValues, sort, pagination: { page, perPage } }),
        { pageSize: PAGE_SIZE, maxRows: MAX_ROWS },
      );
      if (truncated) notify('resources.clients.export.too_many', { type: 'warning', messageArgs: { max: MAX_ROWS } });
      const advisorIds = [...new Set(clients.map((c) => c.advisorId).filter((id) => id != null))];
      const { data: advisors } = advisorIds.length ? await dataProvider.getMany('advisors', { ids: advisorIds }) : { data: [] };
      const rows = toExportRows(clients, new Map(advisors.map((a) => [a.id, a])));
      const columns = exportColumns(translate);
      const stamp = new Date().toISOString().slice(0, 10);
      const name = translate('resources.clients.name', { smart_count: 2 });
      if (format === 'csv') downloadBlob(new Blob([toCsv(columns, rows, locale)], { type: 'text/csv;charset=utf-8' }), `${fileSlug(name)}-${stamp}.csv`);
      else downloadBlob(await toXlsx(columns, rows, name), `${fileSlug(name)}-${stamp}.xlsx`);
    } catch (error) {
      notify('app.notification.export_failed', { type: 'error', messageArgs: { error: error instanceof Error ? error.message : String(error) } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        label="resources.clients.actions.export"
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={busy || total === 0}
        aria-haspopup="menu"
        aria-controls={anchor ? 'export-clients-menu' : undefined}
      >
        {busy ? <CircularProgress size={16} /> : <DownloadIcon />}
      </Button>
      <Menu id="export-clients-menu" anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => exportAs('csv')}>{translate('resources.clients.actions.export_csv')}</MenuItem>
        <MenuItem onClick={() => exportAs('xlsx')}>{translate('resources.clients.actions.export_xlsx')}</MenuItem>
      </Menu>
    </>
  );
};

const fileSlug = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
