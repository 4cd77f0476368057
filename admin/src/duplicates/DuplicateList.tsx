import { Box, Link as MuiLink, Typography } from '@mui/material';
import { useState } from 'react';
import { AutocompleteInput, Button, DataTable, List, ReferenceInput, SelectInput, ShowButton, useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { DuplicateReasons } from './DuplicateReasons';
import { dismissGroup, refusalOf } from './duplicateRequests';
import { withAppliedFilters } from '../common/AppliedFilters';

const SCORE_CHOICES = [40, 50, 70, 90].map((score) => ({ id: score, name: `≥ ${score}` }));

const duplicateFilters = withAppliedFilters([
  <SelectInput key="minScore" source="minScore" label="resources.duplicates.fields.minScore" choices={SCORE_CHOICES} alwaysOn emptyText="≥ 50" />,
  <ReferenceInput key="advisorId" source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100} alwaysOn>
    <AutocompleteInput label="resources.duplicates.fields.advisorId" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
]);

/** "Doublons potentiels": groups of clients that are probably one person, strongest first. */
export const DuplicateList = () => (
  <List filters={duplicateFilters} sort={{ field: 'score', order: 'DESC' }} perPage={25} exporter={false} empty={<NoDuplicates />}>
    <DataTable rowClick={false} bulkActionButtons={false}>
      <DataTable.NumberCol source="score" />
      <DataTable.Col source="clients" disableSort render={(group) => <GroupClients clients={group.clients} />} />
      <DataTable.Col source="reasons" disableSort>
        <DuplicateReasons />
      </DataTable.Col>
      <DataTable.Col label="" disableSort>
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
          <ShowButton label="resources.duplicates.actions.review" />
          <DismissButton />
        </Box>
      </DataTable.Col>
    </DataTable>
  </List>
);

interface GroupClient {
  id: number;
  lastName: string;
  firstName: string | null;
  clientNumber: string | null;
}

const GroupClients = ({ clients }: { clients: GroupClient[] }) => (
  <Box component="ul" sx={{ m: 0, pl: 2 }}>
    {clients.map((client) => (
      <li key={client.id}>
        <MuiLink component={Link} to={`/clients/${client.id}/show`}>
          {[client.lastName, client.firstName].filter(Boolean).join(' ')}
        </MuiLink>
        {client.clientNumber ? ` (${client.clientNumber})` : ''}
      </li>
    ))}
  </Box>
);

/** "Pas un doublon": the group leaves the list for good once the server agreed. */
export const DismissButton = ({ onDone }: { onDone?: () => void }) => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'duplicates', action: 'edit', record });
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess) return null;
  return (
    <Button
      label="resources.duplicates.actions.dismiss"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await dismissGroup(record.id);
          notify('resources.duplicates.notifications.dismissed', { type: 'success' });
          if (onDone) onDone();
          else refresh();
        } catch (failure) {
          notify(refusalOf(failure), { type: 'error' });
        } finally {
          setBusy(false);
        }
      }}
    />
  );
};

const NoDuplicates = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center' }}>
      <Typography variant="h6">{translate('resources.duplicates.empty.title')}</Typography>
      <Typography color="text.secondary">{translate('resources.duplicates.empty.invite')}</Typography>
    </Box>
  );
};
