import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import DownloadIcon from '@mui/icons-material/Download';
import { Box, CircularProgress, IconButton, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { downloadBlob } from '../common/listExport';
import type { AppDataProvider } from '../dataProvider';

type Format = 'xlsx' | 'json';

/**
 * "Exporter ses données" (right of access and portability, admins only): the Excel workbook in
 * one click, the JSON twin from the arrow's menu. The file comes from the server
 * (GET /api/clients/:id/personal-data, which also logs the export); a refusal is notified, and
 * nothing says "done" before the file is in hand.
 */
export const PersonalDataExportButton = () => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'export-personal-data' });
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess) return null;

  const exportAs = async (format: Format) => {
    setAnchor(null);
    setBusy(true);
    try {
      const { data } = await dataProvider.exportPersonalData(record.id, format);
      downloadBlob(data.blob, data.fileName);
      notify('resources.clients.personal_data.exported', { type: 'info', messageArgs: { file: data.fileName } });
    } catch (error) {
      notify('resources.clients.personal_data.export_failed', { type: 'error', messageArgs: { error: error instanceof Error ? error.message : String(error) } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center' }}>
      <Button label="resources.clients.personal_data.export" onClick={() => exportAs('xlsx')} disabled={busy}>
        {busy ? <CircularProgress size={16} /> : <DownloadIcon />}
      </Button>
      <IconButton
        size="small"
        color="primary"
        disabled={busy}
        aria-label={translate('resources.clients.personal_data.export_formats')}
        aria-haspopup="menu"
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ ml: -0.5 }}
      >
        <ArrowDropDownIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => exportAs('xlsx')}>{translate('resources.clients.personal_data.export_xlsx')}</MenuItem>
        <MenuItem onClick={() => exportAs('json')}>{translate('resources.clients.personal_data.export_json')}</MenuItem>
      </Menu>
    </Box>
  );
};
