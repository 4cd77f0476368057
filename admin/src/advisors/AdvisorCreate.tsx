import { Create, SimpleForm } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { AdvisorInputs } from './AdvisorInputs';

export const AdvisorCreate = () => {
  const mutationOptions = useDraftSave({ redirect: 'show' });
  return (
    <Create mutationOptions={mutationOptions}>
      <SimpleForm noValidate sx={{ maxWidth: 480 }}>
        <RestoreDraft />
        <AdvisorInputs />
      </SimpleForm>
    </Create>
  );
};
