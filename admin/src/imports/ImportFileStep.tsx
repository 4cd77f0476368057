import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Button, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

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

/** The statement to import, whether the page is busy with it, and what the API refused. */
export const ImportFileStep = ({ file, busy, error, onFile }: { file?: File; busy: boolean; error?: string; onFile: (file?: File) => void }) => {
  const translate = useTranslate();
  return (
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
            <input hidden type="file" accept={STATEMENT_FILE_TYPES} data-testid="import-file" onChange={(e) => onFile(e.target.files?.[0])} />
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
  );
};
