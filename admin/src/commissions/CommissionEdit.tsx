import { Edit, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { CommissionInputs, commissionPayload } from './CommissionInputs';
import { DeleteCommissionButton } from './DeleteCommissionButton';

/** Correcting a line entered by hand (the API answers 409 for an imported one). */
export const CommissionEdit = () => {
  const mutationOptions = useDraftSave({ redirect: 'show' });
  return (
    <Edit mutationMode="pessimistic" transform={commissionPayload} mutationOptions={mutationOptions}>
      <SimpleForm
        noValidate
        toolbar={
          <Toolbar sx={{ justifyContent: 'space-between' }}>
            <SaveButton />
            <DeleteCommissionButton />
          </Toolbar>
        }
      >
        <RestoreDraft />
        <CommissionInputs />
      </SimpleForm>
    </Edit>
  );
};
