import { Edit, SimpleForm } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { AdvisorInputs } from './AdvisorInputs';

/** Deleting an advisor keeps their clients, contracts and commissions, without advisor. */
export const AdvisorEdit = () => {
  const mutationOptions = useDraftSave({ redirect: 'show' });
  return (
    <Edit mutationMode="pessimistic" mutationOptions={mutationOptions}>
      <SimpleForm noValidate sx={{ maxWidth: 480 }}>
        <RestoreDraft />
        <AdvisorInputs />
      </SimpleForm>
    </Edit>
  );
};
