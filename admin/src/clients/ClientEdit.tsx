import { Alert, Button as MuiButton } from '@mui/material';
import { useCallback, useState } from 'react';
import { Edit, SaveButton, SimpleForm, Toolbar, useEditContext, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { formatPhone } from '../common/phone';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { ClientInputs } from './ClientInputs';
import { clientName } from '../../../shared/clientLabel';
import { ClientTitle } from './ClientTitle';
import { DeleteClientButton } from './DeleteClientButton';

/**
 * "Modifier". Pessimistic: the success message shows only once the server has accepted the
 * save, and its refusals appear under their input. The form sends the record's `version`, so a
 * save over someone else's change is refused (409) and says who changed the client and when.
 */
export const ClientEdit = () => {
  const [conflict, setConflict] = useState<string | null>(null);
  const onSaved = useCallback(() => setConflict(null), []);
  const mutationOptions = useDraftSave({ redirect: 'show', messageArgs: clientMessageArgs, onSaved, onConflict: setConflict });
  return (
    <Edit mutationMode="pessimistic" title={<ClientTitle />} mutationOptions={mutationOptions}>
      <ClientForm conflict={conflict} onReloaded={() => setConflict(null)} />
    </Edit>
  );
};

const clientMessageArgs = (data: RaRecord) => ({ name: clientName(data) });

/** The stored E.164 phone is shown the way it is dialled; the API normalises it back. */
const ClientForm = ({ conflict, onReloaded }: { conflict: string | null; onReloaded: () => void }) => {
  const record = useRecordContext();
  return (
    <SimpleForm noValidate warnWhenUnsavedChanges record={record ? { ...record, phone: formatPhone(record.phone) || null } : undefined} toolbar={<ClientEditToolbar />}>
      <RestoreDraft />
      {conflict ? <ConflictAlert message={conflict} onReloaded={onReloaded} /> : null}
      <ClientInputs />
    </SimpleForm>
  );
};

/** Someone else saved this client first: their change is shown on reload, which replaces the form's values. */
const ConflictAlert = ({ message, onReloaded }: { message: string; onReloaded: () => void }) => {
  const { refetch } = useEditContext();
  const translate = useTranslate();
  const reload = async () => {
    await refetch();
    onReloaded();
  };
  return (
    <Alert
      severity="warning"
      role="alert"
      sx={{ width: '100%', maxWidth: 720, mb: 2 }}
      data-testid="edit-conflict"
      action={
        <MuiButton color="inherit" size="small" onClick={reload}>
          {translate('app.conflict.reload')}
        </MuiButton>
      }
    >
      {message}
    </Alert>
  );
};

const ClientEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteClientButton />
  </Toolbar>
);
