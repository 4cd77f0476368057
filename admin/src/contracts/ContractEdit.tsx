import { Edit, SaveButton, SimpleForm, Toolbar, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { ContractInputs, validateContractDates } from './ContractInputs';
import { ContractTitle } from './ContractTitle';
import { DeleteContractButton } from './DeleteContractButton';

/** "Modifier". Pessimistic: no success message before the server agreed, its refusals under their inputs. */
export const ContractEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Edit
      mutationMode="pessimistic"
      title={<ContractTitle />}
      transform={({ id: _id, active: _active, ...data }: RaRecord) => data}
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          notify('resources.contracts.notifications.updated', { type: 'success', messageArgs: { number: data.contractNumber } });
          redirect('show', 'contracts', data.id);
        },
      }}
    >
      <SimpleForm noValidate validate={validateContractDates} toolbar={<ContractEditToolbar />}>
        <ContractInputs />
      </SimpleForm>
    </Edit>
  );
};

const ContractEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteContractButton />
  </Toolbar>
);
