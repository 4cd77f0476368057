import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, Card, CardContent, LinearProgress, Pagination, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Labeled, Link, NumberField, Show, SimpleShowLayout, TextField, useDataProvider, useGetList, useLocaleState, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { downloadBlob } from '../common/listExport';
import type { AppDataProvider } from '../dataProvider';
import { localeTag } from '../common/locale';
import { ImportClientGroups } from './ImportClientGroups';
import { ImportStatusField } from './ImportStatusField';
import type { StatementImportRecord as ImportRecord } from '../../../shared/entities/statementImport';

const isActive = (status?: string) => status === 'queued' || status === 'running';

/** One import: live progress while it runs (polled every second), then its summary and rejected rows. */
export const ImportShow = () => (
  <Show queryOptions={{ refetchInterval: (query: { state: { data?: ImportRecord } }) => (isActive(query.state.data?.status) ? 1000 : false) }}>
    <SimpleShowLayout>
      <TextField source="fileName" />
      <ImportStatusField source="status" />
      <ImportProgress />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
        {(['processedRows', 'clientsCreated', 'clientsUpdated', 'clientsUnchanged', 'contractsCreated', 'commissionsCreated', 'rowsRejected'] as const).map((source) => (
          <Labeled key={source} label={`resources.imports.fields.${source}`}>
            <NumberField source={source} />
          </Labeled>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 6 }}>
        <Labeled label="resources.imports.fields.createdAt">
          <LocalDateField source="createdAt" showTime />
        </Labeled>
        <Labeled label="resources.imports.fields.finishedAt">
          <LocalDateField source="finishedAt" showTime emptyText="—" />
        </Labeled>
        <Labeled label="resources.imports.fields.createdByLabel">
          <TextField source="createdByLabel" />
        </Labeled>
        <Labeled label="resources.imports.fields.insurer">
          <TextField source="insurer" emptyText="—" />
        </Labeled>
        <Labeled label="resources.imports.fields.period">
          <PeriodField />
        </Labeled>
      </Box>
      <ImportCommissionsLink />
      <ImportClientGroups />
      <RejectedRows />
    </SimpleShowLayout>
  </Show>
);

/** `2026-10` as "octobre 2026" (the month every line of the file was dated with). */
const PeriodField = () => {
  const record = useRecordContext<{ period: string | null }>();
  const [locale] = useLocaleState();
  if (!record?.period) return <Typography variant="body2">—</Typography>;
  const month = new Date(`${record.period}-01T00:00:00Z`).toLocaleDateString(localeTag(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return <Typography variant="body2">{month}</Typography>;
};

const ImportProgress = () => {
  const record = useRecordContext<ImportRecord>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.status === 'failed') return <Alert severity="error">{record.error}</Alert>;
  const total = record.totalRows ?? 0;
  const value = record.status === 'completed' ? 100 : total > 0 ? Math.min(100, (record.processedRows / total) * 100) : 0;
  const rowsText =
    total > 0
      ? translate('resources.imports.progress.rows', { processed: record.processedRows.toLocaleString(), total: total.toLocaleString() })
      : translate('resources.imports.progress.rows_unknown', { processed: record.processedRows.toLocaleString() });
  return (
    <Box sx={{ width: '100%', maxWidth: 640 }} data-testid="import-progress">
      {/* A progress bar needs a name for screen readers (WCAG 4.1.2): the text it illustrates. */}
      <LinearProgress aria-label={rowsText} variant={record.status === 'queued' ? 'indeterminate' : 'determinate'} value={value} sx={{ height: 10, borderRadius: 1 }} />
      <Typography variant="body2" sx={{ mt: 1 }}>
        {rowsText}
        {record.rowsPerSecond !== null && record.status !== 'queued' && ` · ${translate('resources.imports.progress.rate', { rate: record.rowsPerSecond.toLocaleString() })}`}
      </Typography>
      {record.error && record.status !== 'completed' && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {record.error}
        </Alert>
      )}
    </Box>
  );
};

/** The lines this import wrote, in the Commissions list (filtered by import), contract numbers as links. */
const ImportCommissionsLink = () => {
  const record = useRecordContext<ImportRecord>();
  const translate = useTranslate();
  if (!record || isActive(record.status)) return null;
  return (
    <Link to={`/commissions?filter=${encodeURIComponent(JSON.stringify({ importId: record.id }))}`} data-testid="import-commissions">
      {translate('resources.commissions.actions.of_import')}
    </Link>
  );
};

const PER_PAGE = 25;

const RejectedRows = () => {
  const record = useRecordContext<ImportRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  // Fetched rather than followed as a link: a link would carry the browser's language, not the UI's.
  const dataProvider = useDataProvider<AppDataProvider>();
  const { mutate: downloadRejected } = useMutation({
    mutationFn: (id: number) => dataProvider.getRejectedRows(id),
    onSuccess: ({ blob, fileName }) => downloadBlob(blob, fileName),
    onError: (error) => notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
  });
  const [page, setPage] = useState(1);
  const enabled = Boolean(record && !isActive(record.status) && record.rowsRejected > 0);
  const { data = [], total = 0 } = useGetList(`imports/${record?.id}/errors`, { pagination: { page, perPage: PER_PAGE }, sort: { field: 'row', order: 'ASC' } }, { enabled });
  if (!record || isActive(record.status) || record.status === 'failed') return null;
  return (
    <Card variant="outlined" sx={{ width: '100%' }}>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6">{translate('resources.imports.progress.rejected_title')}</Typography>
          {record.rowsRejected > 0 && (
            <Button startIcon={<DownloadIcon />} onClick={() => downloadRejected(record.id)}>
              {translate('resources.imports.actions.download_errors')}
            </Button>
          )}
        </Stack>
        {record.rowsRejected === 0 ? (
          <Typography color="text.secondary">{translate('resources.imports.progress.no_rejections')}</Typography>
        ) : (
          <>
            <Table size="small" data-testid="import-rejections">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('resources.imports.fields.row')}</TableCell>
                  <TableCell>{translate('resources.imports.fields.column')}</TableCell>
                  <TableCell>{translate('resources.imports.fields.message')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.map((error) => (
                  <TableRow key={error.id}>
                    <TableCell>{error.row}</TableCell>
                    <TableCell>{error.column ?? '—'}</TableCell>
                    <TableCell>{error.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {total > PER_PAGE && <Pagination sx={{ mt: 1 }} count={Math.ceil(total / PER_PAGE)} page={page} onChange={(_e, next) => setPage(next)} />}
          </>
        )}
      </CardContent>
    </Card>
  );
};
