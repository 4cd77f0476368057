import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Link, useCreatePath, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { ImportLookalikes } from '../duplicates/ImportLookalikes';
import { ImportChangedClients } from './ImportChangedClients';
import type { StatementImportRecord as ImportRecord } from '../../../shared/entities/statementImport';

const OUTCOMES = [
  { outcome: 'created', count: 'clientsCreated' },
  { outcome: 'updated', count: 'clientsUpdated' },
  { outcome: 'unchanged', count: 'clientsUnchanged' },
] as const;

const SHOWN = 8;

/**
 * The clients of a finished import, each counted once: created, updated (a field changed, listed
 * with the fields for review) or matched without change. Each group links to the clients list
 * filtered by this import.
 */
export const ImportClientGroups = () => {
  const record = useRecordContext<ImportRecord>();
  const translate = useTranslate();
  if (!record || record.status !== 'completed') return null;
  // The clients whose details it changed, as they are filed now (a merge since may have joined two).
  const updated = record.changedClients ?? record.clientsUpdated;
  if (!record.clientsCreated && !updated && !record.clientsUnchanged) return null;
  return (
    <Card variant="outlined" sx={{ width: '100%' }} data-testid="import-client-groups">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('resources.imports.clients.title')}
        </Typography>
        <Stack spacing={2}>
          {OUTCOMES.map(({ outcome, count }) => {
            if (outcome === 'updated') return updated > 0 ? <ImportChangedClients key={outcome} importId={record.id} total={updated} /> : null;
            return record[count] > 0 ? <ClientGroup key={outcome} importId={record.id} outcome={outcome} total={record[count]} /> : null;
          })}
          {record.clientsCreated > 0 && <ImportLookalikes importId={record.id} />}
        </Stack>
      </CardContent>
    </Card>
  );
};

const ClientGroup = ({ importId, outcome, total }: { importId: number; outcome: string; total: number }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const filter = { importId, importOutcome: outcome };
  const { data = [] } = useGetList('clients', { filter, pagination: { page: 1, perPage: SHOWN }, sort: { field: 'lastName', order: 'ASC' } });
  return (
    <Box data-testid={`import-clients-${outcome}`}>
      <Link to={`/clients?filter=${encodeURIComponent(JSON.stringify(filter))}`}>{translate(`resources.imports.clients.${outcome}`, { smart_count: total })}</Link>
      <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
        {data.map((client) => (
          <Chip
            key={client.id}
            size="small"
            clickable
            component={Link}
            to={createPath({ resource: 'clients', type: 'show', id: client.id })}
            label={[client.lastName, client.firstName].filter(Boolean).join(' ') + (client.clientNumber ? ` (${client.clientNumber})` : '')}
          />
        ))}
        {total > SHOWN && (
          <Typography variant="body2" color="text.secondary">
            {translate('resources.imports.clients.more', { smart_count: total - SHOWN })}
          </Typography>
        )}
      </Stack>
    </Box>
  );
};
