import { useCallback } from 'react';
import { Create, SimpleForm, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { clearDraft } from '../common/formDrafts';
import { RestoreDraft } from '../common/RestoreDraft';
import { useSaveErrorHandler } from '../common/saveErrors';
import { ClientInputs } from './ClientInputs';
import { SimilarClientsWarning } from './SimilarClientsWarning';

const DRAFT_KEY = 'clients/create';
const draftKey = () => DRAFT_KEY;

/** "Nouveau client". Create is pessimistic: the server's refusals (number taken, bad email) appear under their input. */
export const ClientCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const onError = useSaveErrorHandler({ draftKey });
  const onSuccess = useCallback(
    (data: RaRecord) => {
      // After a 401 react-admin signs out and resolves the mutation with an empty record:
      // that is no success, and must not say so.
      if (data?.id == null) return;
      clearDraft(DRAFT_KEY);
      notify('resources.clients.notifications.created', { type: 'info' });
      redirect('show', 'clients', data.id, data);
    },
    [notify, redirect],
  );
  return (
    <Create title="resources.clients.actions.create" mutationOptions={{ onSuccess, onError }}>
      <SimpleForm noValidate warnWhenUnsavedChanges>
        <RestoreDraft draftKey={DRAFT_KEY} />
        <ClientInputs />
        <SimilarClientsWarning />
      </SimpleForm>
    </Create>
  );
};
