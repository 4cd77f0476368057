import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert, Box, Button, Card, CardContent, Chip, CircularProgress, MenuItem, Select, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import { useState } from 'react';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { ImportApiError, importApi, type StatementPreview } from './importApi';

type Mapping = Record<string, string>;

/**
 * Upload → preview with the proposed mapping (one select per column, saved mappings) → start.
 * Every change of mapping asks the API for a fresh preview, so what is shown is what will be imported.
 */
export const ImportCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<StatementPreview>();
  const [mapping, setMapping] = useState<Mapping>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [mappingName, setMappingName] = useState('');

  const load = async (chosen: File, nextMapping?: Mapping) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await importApi.preview(chosen, nextMapping);
      setPreview(result);
      setMapping(result.mapping);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      if (!nextMapping) setPreview(undefined);
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = (chosen?: File) => {
    if (!chosen) return;
    setFile(chosen);
    void load(chosen);
  };

  /** One column feeds one field: picking a field for a column frees it elsewhere. */
  const assign = (column: string, field: string) => {
    const next: Mapping = {};
    for (const [f, c] of Object.entries(mapping)) if (c !== column && f !== field) next[f] = c;
    if (field) next[field] = column;
    setMapping(next);
    if (file) void load(file, next);
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await importApi.start(file, mapping, Boolean(preview?.duplicateOf));
      notify('resources.imports.upload.started', { type: 'info' });
      redirect('show', 'imports', created.id);
    } catch (e) {
      setError(e instanceof ImportApiError ? [e.message, ...Object.values(e.errors)].join(' ') : String(e));
    } finally {
      setBusy(false);
    }
  };

  const saveMapping = async () => {
    try {
      await importApi.saveMapping(mappingName, mapping);
      notify('resources.imports.upload.mapping_saved', { type: 'info', messageArgs: { name: mappingName } });
      if (file) void load(file, mapping);
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: 'error' });
    }
  };

  const fieldOf = (column: string) => Object.entries(mapping).find(([, c]) => c === column)?.[0] ?? '';
  const mappingErrors = preview ? Object.values(preview.mappingErrors) : [];

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="resources.imports.upload.title" />
      <Card>
        <CardContent>
          <Typography variant="h6" gutterBottom>{translate('resources.imports.upload.title')}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{translate('resources.imports.upload.help')}</Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button variant={file ? 'outlined' : 'contained'} component="label" startIcon={<UploadFileIcon />} disabled={busy}>
              {translate(file ? 'resources.imports.actions.other_file' : 'resources.imports.actions.choose_file')}
              <input hidden type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="import-file" onChange={(e) => chooseFile(e.target.files?.[0])} />
            </Button>
            {file && <Typography>{file.name}</Typography>}
            {busy && <CircularProgress size={24} />}
          </Stack>
          {error && <Alert severity="error" sx={{ mt: 2 }} data-testid="import-error">{error}</Alert>}
        </CardContent>
      </Card>

      {preview && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6">{translate('resources.imports.upload.mapping_title')}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {translate('resources.imports.upload.sheet', { sheet: preview.sheetName, row: preview.headerRow, rows: preview.totalRows.toLocaleString() })}
            </Typography>
            {preview.duplicateOf && <Alert severity="warning" sx={{ mb: 2 }}>{translate('resources.imports.upload.duplicate', { id: preview.duplicateOf.id })}</Alert>}
            {mappingErrors.length > 0 && <Alert severity="error" sx={{ mb: 2 }} data-testid="mapping-errors">{mappingErrors.join(' ')}</Alert>}

            <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
              {preview.savedMappings.length > 0 && (
                <Select size="small" displayEmpty value="" onChange={(e) => { const saved = preview.savedMappings.find((m) => m.id === Number(e.target.value)); if (saved && file) { setMapping(saved.mapping); void load(file, saved.mapping); } }}>
                  <MenuItem value="">{translate('resources.imports.upload.saved_mappings')}</MenuItem>
                  {preview.savedMappings.map((saved) => <MenuItem key={saved.id} value={saved.id}>{saved.name}</MenuItem>)}
                </Select>
              )}
              <TextField size="small" sx={{ width: 280 }} label={translate('resources.imports.upload.mapping_name')} value={mappingName} onChange={(e) => setMappingName(e.target.value)} />
              <Button disabled={!mappingName.trim()} onClick={saveMapping}>{translate('resources.imports.actions.save_mapping')}</Button>
            </Stack>

            <Typography variant="subtitle1">{translate('resources.imports.upload.preview_title')}</Typography>
            <TableContainer sx={{ maxWidth: '100%', overflowX: 'auto' }}>
              <Table size="small" data-testid="import-preview">
                <TableHead>
                  <TableRow>
                    <TableCell />
                    {preview.columns.map((column) => (
                      <TableCell key={column} sx={{ minWidth: 150, verticalAlign: 'bottom' }}>
                        <Typography variant="caption" sx={{ display: 'block', fontWeight: 600 }}>{column}</Typography>
                        <Select size="small" fullWidth displayEmpty value={fieldOf(column)} onChange={(e) => assign(column, String(e.target.value))} inputProps={{ 'aria-label': column }}>
                          <MenuItem value="">{translate('resources.imports.upload.ignored')}</MenuItem>
                          {preview.fields.map(({ field, label }) => <MenuItem key={field} value={field}>{label}</MenuItem>)}
                        </Select>
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.rows.map((row) => (
                    <TableRow key={row.row} sx={row.status === 'rejected' ? { bgcolor: 'error.50', background: 'rgba(211,47,47,0.06)' } : undefined}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        <Tooltip title={row.errors.map((e) => (e.column ? `${e.column} : ${e.message}` : e.message)).join(' ; ')}>
                          <Chip size="small" label={`${row.row} · ${translate(`resources.imports.upload.row_status.${row.status}`)}`} color={row.status === 'rejected' ? 'error' : row.status === 'line' ? 'success' : 'default'} variant="outlined" />
                        </Tooltip>
                      </TableCell>
                      {preview.columns.map((column, index) => {
                        const cellError = row.errors.find((e) => e.column === column);
                        return (
                          <TableCell key={column} sx={cellError ? { color: 'error.main', fontWeight: 600 } : undefined} title={cellError?.message}>
                            {row.cells[index] ?? ''}
                          </TableCell>
                        );
                      })}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <Box sx={{ mt: 2 }}>
              <Button variant="contained" disabled={busy || mappingErrors.length > 0} onClick={start} data-testid="import-start">
                {translate(preview.duplicateOf ? 'resources.imports.actions.force' : 'resources.imports.actions.start')}
              </Button>
            </Box>
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
