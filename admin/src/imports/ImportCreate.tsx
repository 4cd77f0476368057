import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Card, CardContent, CircularProgress, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { HttpError, Title, useDataProvider, useNotify, useRedirect, useRequireAccess, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { StatementChoices, StatementPreview } from './importTypes';
import { ImportPreviewTable } from './ImportPreviewTable';
import { ImportSettings } from './ImportSettings';

type Mapping = Record<string, string>;

/** Every format the API reads; the API recognises a file by its content, whatever its name. */
const STATEMENT_FILE_TYPES = [
  '.xlsx',
  '.xlsm',
  '.xls',
  '.xlsb',
  '.ods',
  '.csv',
  '.txt',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel.sheet.macroEnabled.12',
  'application/vnd.ms-excel',
  'application/vnd.ms-excel.sheet.binary.macroEnabled.12',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
].join(',');

/**
 * Upload → preview (the saved mapping of a known layout applied, or the one proposed; the file's
 * insurer and month; the verdict of every row) → start. Every change asks the API for a fresh
 * preview, so what is shown is what will be imported. Admins only: support staff get "Non
 * autorisé" at once, as on the other write pages.
 */
export const ImportCreate = () => {
  const { isPending } = useRequireAccess({ action: 'create', resource: 'imports' });
  if (isPending) return null;
  return <ImportCreatePage />;
};

/** The API's message, then what its `errors` add to it. */
function refusalText(error: unknown): string {
  if (!(error instanceof HttpError)) return String(error);
  const body = (error.body ?? {}) as { message?: string; errors?: Record<string, string> };
  const message = body.message ?? `Erreur ${error.status}`;
  return [message, ...Object.values(body.errors ?? {}).filter((m) => m !== message)].join(' ');
}

const ImportCreatePage = () => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<StatementPreview>();
  const [choices, setChoices] = useState<StatementChoices>({});
  const [error, setError] = useState<string>();
  const [previewing, setPreviewing] = useState(false);
  const [starting, setStarting] = useState(false);
  // "Lancer l'import" clicked while a new preview was on its way (the insurer typed, then the
  // button clicked: the field's blur asks for it): the import starts once that preview is shown.
  const [startWhenShown, setStartWhenShown] = useState(false);
  const startQueued = useRef(false);
  const [mappingName, setMappingName] = useState('');
  // The last preview asked for, and whether it is still on its way: read at once by a click that
  // comes before the next render.
  const latest = useRef(0);
  const pending = useRef(false);
  const busy = previewing || starting;

  const load = async (chosen: File, next: StatementChoices) => {
    const before = choices;
    const request = ++latest.current;
    pending.current = true;
    setPreviewing(true);
    setError(undefined);
    setChoices(next);
    let answer: StatementPreview;
    try {
      answer = await dataProvider.previewStatement(chosen, next);
    } catch (e) {
      if (request !== latest.current) return;
      settle();
      setChoices(before);
      setError(refusalText(e));
      if (!preview || chosen !== file) setPreview(undefined);
      return;
    }
    // An older answer arriving after a newer request is not what the screen asks for.
    if (request !== latest.current) return;
    setPreview(answer);
    if (settle() && Object.keys(answer.mappingErrors).length === 0) void start(chosen, answer, next);
  };
  /** The latest preview has come back: whether a click asked to start once it is shown. */
  const settle = () => {
    const queued = startQueued.current;
    pending.current = false;
    startQueued.current = false;
    setPreviewing(false);
    setStartWhenShown(false);
    return queued;
  };

  const chooseFile = (chosen?: File) => {
    if (!chosen) return;
    setFile(chosen);
    setPreview(undefined);
    void load(chosen, {});
  };

  /** One column feeds one field: picking a field for a column frees it elsewhere. */
  const assign = (column: string, field: string) => {
    if (!file || !preview) return;
    const next: Mapping = {};
    for (const [f, c] of Object.entries(preview.mapping)) if (c !== column && f !== field) next[f] = c;
    if (field) next[field] = column;
    void load(file, { ...choices, mappingId: undefined, mapping: next });
  };

  /** What the preview showed, said explicitly, so that the import is the one previewed. */
  const shown = (current: StatementPreview, currentChoices: StatementChoices): StatementChoices => ({
    ...(current.appliedMapping && !currentChoices.mapping ? { mappingId: current.appliedMapping.id } : { mapping: current.mapping }),
    insurer: current.insurer ?? '',
    period: current.period ?? undefined,
    sheet: current.sheet,
  });

  const start = async (chosen: File, current: StatementPreview, currentChoices: StatementChoices) => {
    setStarting(true);
    setError(undefined);
    try {
      const created = await dataProvider.startImport(chosen, shown(current, currentChoices), Boolean(current.duplicateOf));
      notify('resources.imports.upload.started', { type: 'info' });
      redirect('show', 'imports', created.id);
    } catch (e) {
      setError(refusalText(e));
    } finally {
      setStarting(false);
    }
  };

  // A click during a preview: the button stays enabled (a button disabled under the pointer
  // swallows the click) and says it waits; the import starts with the preview then shown, unless
  // that preview has mapping errors to fix first.
  const requestStart = () => {
    if (pending.current) {
      startQueued.current = true;
      setStartWhenShown(true);
    } else if (file && preview) void start(file, preview, choices);
  };

  const saveMapping = async () => {
    if (!file || !preview) return;
    try {
      const saved = await dataProvider.saveImportMapping({ name: mappingName.trim(), insurer: preview.insurer, mapping: preview.mapping, columns: preview.columns, sheet: preview.sheet });
      notify('resources.imports.upload.mapping_saved', { type: 'info', messageArgs: { name: saved.name } });
      setMappingName('');
      void load(file, { mappingId: saved.id, insurer: preview.insurer ?? '', period: choices.period, sheet: preview.sheet });
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: 'error' });
    }
  };

  // The columns as the user just set them, while the preview of that choice is on its way.
  const fieldOf = (column: string) => Object.entries(choices.mapping ?? preview?.mapping ?? {}).find(([, c]) => c === column)?.[0] ?? '';
  const mappingErrors = preview ? Object.values(preview.mappingErrors) : [];

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="resources.imports.upload.title" />
      <Card>
        <CardContent>
          <Typography variant="h6" gutterBottom>
            {translate('resources.imports.upload.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('resources.imports.upload.help')}
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button variant={file ? 'outlined' : 'contained'} component="label" startIcon={<UploadFileIcon />} disabled={busy}>
              {translate(file ? 'resources.imports.actions.other_file' : 'resources.imports.actions.choose_file')}
              <input hidden type="file" accept={STATEMENT_FILE_TYPES} data-testid="import-file" onChange={(e) => chooseFile(e.target.files?.[0])} />
            </Button>
            {file && <Typography>{file.name}</Typography>}
            {busy && <CircularProgress size={24} aria-label={translate('ra.page.loading')} />}
          </Stack>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="import-error">
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>

      {preview && file && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6">{translate('resources.imports.upload.mapping_title')}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {translate('resources.imports.upload.sheet', { sheet: preview.sheet, row: preview.headerRow, rows: preview.totalRows.toLocaleString() })}
            </Typography>
            {preview.sheets.length > 1 && (
              <TextField
                select
                size="small"
                sx={{ mb: 2, minWidth: 280 }}
                label={translate('resources.imports.upload.sheet_choice')}
                value={preview.sheet}
                data-testid="import-sheet"
                // Another tab has other columns: its mapping is chosen afresh.
                onChange={(e) => void load(file, { sheet: e.target.value, period: choices.period, insurer: choices.insurer })}
              >
                {preview.sheets.map((sheet) => (
                  <MenuItem key={sheet.name} value={sheet.name}>
                    {translate('resources.imports.upload.sheet_option', { sheet: sheet.name, rows: sheet.rows.toLocaleString() })}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {preview.dateWarnings.map((warning) => (
              <Alert key={warning.message} severity="warning" sx={{ mb: 2 }} data-testid="date-warning">
                {warning.message}
              </Alert>
            ))}
            {preview.duplicateOf && (
              <Alert severity="warning" sx={{ mb: 2 }}>
                {translate('resources.imports.upload.duplicate', { id: preview.duplicateOf.id })}
              </Alert>
            )}
            <ImportSettings preview={preview} onInsurer={(insurer) => void load(file, { ...choices, insurer })} onPeriod={(period) => void load(file, { ...choices, period })} />
            {mappingErrors.length > 0 && (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="mapping-errors">
                {mappingErrors.join(' ')}
              </Alert>
            )}

            <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
              {preview.savedMappings.length > 0 && (
                <Select
                  size="small"
                  displayEmpty
                  value=""
                  inputProps={{ 'aria-label': translate('resources.imports.upload.saved_mappings') }}
                  onChange={(e) => void load(file, { mappingId: Number(e.target.value), period: choices.period })}
                >
                  <MenuItem value="">{translate('resources.imports.upload.saved_mappings')}</MenuItem>
                  {preview.savedMappings.map((saved) => (
                    <MenuItem key={saved.id} value={saved.id}>
                      {saved.name}
                    </MenuItem>
                  ))}
                </Select>
              )}
              <TextField size="small" sx={{ width: 280 }} label={translate('resources.imports.upload.mapping_name')} value={mappingName} onChange={(e) => setMappingName(e.target.value)} />
              <Button disabled={!mappingName.trim() || busy} onClick={saveMapping} data-testid="save-mapping">
                {translate('resources.imports.actions.save_mapping')}
              </Button>
            </Stack>

            <Typography variant="subtitle1">{translate('resources.imports.upload.preview_title')}</Typography>
            <ImportPreviewTable preview={preview} fieldOf={fieldOf} assign={assign} />
            <Box sx={{ mt: 2 }}>
              <Button
                variant="contained"
                disabled={starting || (!previewing && mappingErrors.length > 0)}
                onClick={startWhenShown ? undefined : requestStart}
                aria-busy={startWhenShown || starting}
                startIcon={startWhenShown || starting ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
                data-testid="import-start"
              >
                {translate(startWhenShown ? 'resources.imports.upload.start_when_shown' : preview.duplicateOf ? 'resources.imports.actions.force' : 'resources.imports.actions.start')}
              </Button>
            </Box>
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
