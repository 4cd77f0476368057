import { Alert, Box, Button as MuiButton, Radio, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { ReferenceField, Show, TextField, TopToolbar, useCanAccess, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { DismissButton } from './DuplicateList';
import { DuplicateReasons } from './DuplicateReasons';
import { mergeClients, refusalOf } from './duplicateRequests';
import { MERGE_FIELDS, defaultChoices, defaultKept, type MergeClient, type MergeField } from './mergeChoices';

/** A group's page: its clients side by side, the client to keep and, field by field, the value that wins. */
export const DuplicateMerge = () => (
  <Show actions={<MergeActions />} title="resources.duplicates.merge.title">
    <MergeForm />
  </Show>
);

const MergeActions = () => {
  const redirect = useRedirect();
  return (
    <TopToolbar>
      <DismissButton onDone={() => redirect('list', 'duplicates')} />
    </TopToolbar>
  );
};

const nameOf = (client: MergeClient) => `${String(client.lastName ?? '')} ${String(client.firstName ?? '')}`.trim();

interface DuplicateGroup {
  id: string;
  score: number;
  reasons: string[];
  clients: MergeClient[];
}

// Keyed by the group: another group starts again from its own default choices.
const MergeForm = () => {
  const group = useRecordContext<DuplicateGroup>();
  if (!group?.clients.length) return null;
  return <GroupMerge key={group.id} group={group} />;
};

const GroupMerge = ({ group }: { group: DuplicateGroup }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const { canAccess } = useCanAccess({ resource: 'duplicates', action: 'edit', record: group });
  const [keptId, setKeptId] = useState(() => defaultKept(group.clients));
  const [choices, setChoices] = useState(() => defaultChoices(group.clients, keptId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const pickKept = (id: number) => {
    setKeptId(id);
    setChoices(defaultChoices(group.clients, id));
  };
  const merge = async () => {
    setBusy(true);
    setError(undefined);
    const values = Object.fromEntries(MERGE_FIELDS.map((field) => [field, group.clients.find((c) => c.id === choices[field])![field] ?? null]));
    try {
      await mergeClients(
        keptId,
        group.clients.filter((c) => c.id !== keptId).map((c) => c.id),
        values,
      );
      notify('resources.duplicates.notifications.merged', { type: 'success', messageArgs: { smart_count: group.clients.length } });
      redirect('show', 'clients', keptId);
    } catch (failure) {
      setError(refusalOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const cell = (client: MergeClient, field: MergeField) =>
    field === 'advisorId' ? (
      client.advisorId ? (
        <ReferenceField record={client} source="advisorId" reference="advisors" link={false} />
      ) : (
        '—'
      )
    ) : (
      <TextField record={client} source={field} emptyText="—" />
    );

  return (
    <Box sx={{ p: 2, overflowX: 'auto' }}>
      <Typography sx={{ mb: 1 }}>
        {translate('resources.duplicates.fields.score')} : <strong>{group.score}</strong>
      </Typography>
      <DuplicateReasons />
      <Typography color="text.secondary" sx={{ my: 2 }}>
        {translate('resources.duplicates.merge.help')}
      </Typography>
      <Table size="small" aria-label={translate('resources.duplicates.merge.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.duplicates.merge.keep')}</TableCell>
            {group.clients.map((client) => (
              <TableCell key={client.id}>
                <Box component="label" sx={{ display: 'flex', alignItems: 'flex-start' }}>
                  <Radio
                    name="kept"
                    checked={keptId === client.id}
                    onChange={() => pickKept(client.id)}
                    inputProps={{ 'aria-label': translate('resources.duplicates.merge.keep_client', { name: nameOf(client), id: client.id }) }}
                  />
                  <Box sx={{ pt: 1 }} data-testid={`merge-kept-${client.id}`}>
                    <Typography variant="body2" sx={{ fontWeight: 'bold' }}>
                      {nameOf(client)}
                      {client.clientNumber ? ` (${String(client.clientNumber)})` : ''}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {translate('resources.duplicates.merge.counts', { contracts: client.contracts, commissions: client.commissions })}
                    </Typography>
                  </Box>
                </Box>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {MERGE_FIELDS.map((field) => (
            <TableRow key={field}>
              <TableCell component="th" scope="row">
                {translate(`resources.clients.fields.${field}`)}
              </TableCell>
              {group.clients.map((client) => (
                <TableCell key={client.id} data-testid={`merge-${field}-${client.id}`}>
                  <Box sx={{ display: 'flex', alignItems: 'center' }}>
                    <Radio
                      name={`choice-${field}`}
                      checked={choices[field] === client.id}
                      onChange={() => setChoices({ ...choices, [field]: client.id })}
                      inputProps={{ 'aria-label': `${translate(`resources.clients.fields.${field}`)} : ${String(client[field] ?? '—')}` }}
                    />
                    {cell(client, field)}
                  </Box>
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {error}
        </Alert>
      )}
      {canAccess && (
        <MuiButton variant="contained" sx={{ mt: 2 }} disabled={busy} onClick={merge}>
          {translate('resources.duplicates.merge.confirm', { smart_count: group.clients.length })}
        </MuiButton>
      )}
    </Box>
  );
};
