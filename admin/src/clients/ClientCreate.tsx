import { Create, SimpleForm } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { ClientInputs } from './ClientInputs';
import { SimilarClientsWarning } from './SimilarClientsWarning';

/** "Nouveau client". Create is pessimistic: the server's refusals (number taken, bad email) appear under their input. */
export const ClientCreate = () => {
  const mutationOptions = useDraftSave({ redirect: 'show' });
  return (
    <Create title="resources.clients.actions.create" mutationOptions={mutationOptions}>
      <SimpleForm noValidate warnWhenUnsavedChanges>
        <RestoreDraft />
        <ClientInputs />
        <SimilarClientsWarning />
      </SimpleForm>
    </Create>
  );
};
