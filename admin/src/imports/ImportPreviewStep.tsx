import { Alert, Box, Button, Card, CardContent, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ImportMappingBar } from './ImportMappingBar';
import { ImportPreviewTable } from './ImportPreviewTable';
import { ImportSettings } from './ImportSettings';
import type { StatementImport } from './useStatementImport';

/** The preview of the file: its tab, its settings and mapping, the verdict of its rows, and the start. */
export const ImportPreviewStep = ({ upload, file, preview }: { upload: StatementImport; file: File; preview: NonNullable<StatementImport['preview']> }) => {
  const translate = useTranslate();
  const { choices, load, previewing, starting, startWhenShown } = upload;
  // The columns as the user just set them, while the preview of that choice is on its way.
  const fieldOf = (column: string) => Object.entries(choices.mapping ?? preview.mapping).find(([, c]) => c === column)?.[0] ?? '';
  const mappingErrors = Object.values(preview.mappingErrors);
  return (
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
            onChange={(e) => load(file, { sheet: e.target.value, period: choices.period, insurer: choices.insurer })}
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
        <ImportSettings preview={preview} onInsurer={(insurer) => load(file, { ...choices, insurer })} onPeriod={(period) => load(file, { ...choices, period })} />
        {mappingErrors.length > 0 && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="mapping-errors">
            {mappingErrors.join(' ')}
          </Alert>
        )}
        <ImportMappingBar file={file} preview={preview} choices={choices} busy={previewing || starting} load={load} />

        <Typography variant="subtitle1">{translate('resources.imports.upload.preview_title')}</Typography>
        <ImportPreviewTable preview={preview} fieldOf={fieldOf} assign={upload.assign} />
        <Box sx={{ mt: 2 }}>
          <Button
            variant="contained"
            disabled={starting || (!previewing && mappingErrors.length > 0)}
            onClick={startWhenShown ? undefined : upload.requestStart}
            aria-busy={startWhenShown || starting}
            startIcon={startWhenShown || starting ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
            data-testid="import-start"
          >
            {translate(startWhenShown ? 'resources.imports.upload.start_when_shown' : preview.duplicateOf ? 'resources.imports.actions.force' : 'resources.imports.actions.start')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
};
