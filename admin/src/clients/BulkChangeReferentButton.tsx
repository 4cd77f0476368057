import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { AutocompleteInput, Button, Form, ReferenceInput, required, useListContext, useNotify, useRefresh, useTranslate, useUnselectAll, useUpdateMany } from 'react-admin';

/**
 * "Changer le conseiller référent": one advisor for every selected client, in one atomic request
 * (the data provider's updateMany for clients: all or none, one audit entry per client). The
 * message shows once the server agreed. Shown to admins only (ClientList decides).
 */
export const BulkChangeReferentButton = () => {
  const { selectedIds } = useListContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('clients');
  const [open, setOpen] = useState(false);
  const [updateMany, { isPending }] = useUpdateMany();

  const apply = ({ advisorId }: { advisorId?: number }) =>
    updateMany(
      'clients',
      { ids: selectedIds, data: { advisorId } },
      {
        mutationMode: 'pessimistic',
        onSuccess: (ids) => {
          setOpen(false);
          notify('resources.clients.referent.success', { type: 'success', messageArgs: { smart_count: (ids ?? selectedIds).length } });
          unselectAll();
          refresh();
        },
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );

  return (
    <>
      <Button label="resources.clients.actions.change_referent" onClick={() => setOpen(true)}>
        <SupportAgentIcon />
      </Button>
      <Dialog open={open} onClose={() => !isPending && setOpen(false)} aria-labelledby="change-referent-title" maxWidth="sm" fullWidth>
        <Form onSubmit={(values: Record<string, unknown>) => apply(values as { advisorId?: number })}>
          <DialogTitle id="change-referent-title">{translate('resources.clients.referent.title', { smart_count: selectedIds.length })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('resources.clients.referent.content')}</DialogContentText>
            <ReferenceInput source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100}>
              <AutocompleteInput label="resources.clients.referent.advisor" validate={required('resources.clients.referent.required')} fullWidth />
            </ReferenceInput>
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </MuiButton>
            <MuiButton type="submit" variant="contained" disabled={isPending}>
              {translate('resources.clients.referent.confirm')}
            </MuiButton>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
