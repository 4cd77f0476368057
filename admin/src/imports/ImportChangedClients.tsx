import { Box, Pagination, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Link, useCreatePath, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { describeAuditEntry, type AuditEntryLike } from '../../../shared/history/auditDescription';
import { HistoryLines } from '../audit/AuditChanges';
import { useHistoryNames } from '../audit/useHistoryNames';

interface ChangedClient {
  id: number;
  clientNumber: string | null;
  lastName: string;
  firstName: string | null;
  fields: Array<{ field: string; before: unknown; after: unknown }>;
}

const PER_PAGE = 10;

/**
 * The clients whose details the file changed, for the firm to review: each client (a link to
 * it), then every field the file changed, before → after (GET /api/imports/:id/changed-clients).
 */
export const ImportChangedClients = ({ importId, total }: { importId: number; total: number }) => {
  const translate = useTranslate();
  const [page, setPage] = useState(1);
  const filter = { importId, importOutcome: 'updated' };
  const { data = [] } = useGetList<ChangedClient>(`imports/${importId}/changed-clients`, { pagination: { page, perPage: PER_PAGE }, sort: { field: 'lastName', order: 'ASC' } });
  return (
    <Box data-testid="import-clients-updated">
      <Link to={`/clients?filter=${encodeURIComponent(JSON.stringify(filter))}`}>{translate('resources.imports.clients.updated', { smart_count: total })}</Link>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {translate('resources.imports.clients.updated_help')}
      </Typography>
      <Table size="small" sx={{ mt: 1 }} data-testid="import-changed-clients">
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.imports.clients.client')}</TableCell>
            <TableCell>{translate('resources.imports.clients.changes')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((client) => (
            <ChangedClientRow key={client.id} client={client} />
          ))}
        </TableBody>
      </Table>
      {total > PER_PAGE && <Pagination sx={{ mt: 1 }} count={Math.ceil(total / PER_PAGE)} page={page} onChange={(_event, next) => setPage(next)} />}
    </Box>
  );
};

const ChangedClientRow = ({ client }: { client: ChangedClient }) => {
  const createPath = useCreatePath();
  const [locale] = useLocaleState();
  const entry: AuditEntryLike = { action: 'update', recordType: 'client', changes: Object.fromEntries(client.fields.map(({ field, before, after }) => [field, { before, after }])) };
  const names = useHistoryNames(entry);
  const { lines } = describeAuditEntry(entry, locale === 'en' ? 'en' : 'fr', names);
  return (
    <TableRow>
      <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
        <Link to={createPath({ resource: 'clients', type: 'show', id: client.id })}>
          {[client.lastName, client.firstName].filter(Boolean).join(' ')}
          {client.clientNumber ? ` (${client.clientNumber})` : ''}
        </Link>
      </TableCell>
      <TableCell>
        <HistoryLines lines={lines} />
      </TableCell>
    </TableRow>
  );
};
