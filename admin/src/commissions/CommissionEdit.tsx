import { Edit, SaveButton, SimpleForm, Toolbar, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { CommissionInputs, commissionPayload } from './CommissionInputs';
import { DeleteCommissionButton } from './DeleteCommissionButton';

/** Correcting a line entered by hand (the API answers 409 for an imported one). */
export const CommissionEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Edit
      mutationMode="pessimistic"
      transform={commissionPayload}
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          notify('resources.commissions.notifications.updated', { type: 'success' });
          redirect('show', 'commissions', data.id);
        },
      }}
    >
      <SimpleForm
        noValidate
        toolbar={
          <Toolbar sx={{ justifyContent: 'space-between' }}>
            <SaveButton />
            <DeleteCommissionButton />
          </Toolbar>
        }
      >
        <CommissionInputs />
      </SimpleForm>
    </Edit>
  );
};
