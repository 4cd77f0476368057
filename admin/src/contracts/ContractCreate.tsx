import { Create, SimpleForm, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { ContractInputs, validateContractDates } from './ContractInputs';

/**
 * "Nouveau contrat" (also "Ajouter un contrat" from a client's page, which fills the client in
 * through the location state). Create waits for the server: its refusals (number taken, end
 * before start) appear under their inputs, and the success message names the contract.
 */
export const ContractCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create
      title="resources.contracts.actions.create"
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          notify('resources.contracts.notifications.created', { type: 'success', messageArgs: { number: data.contractNumber } });
          redirect('show', 'contracts', data.id);
        },
      }}
    >
      <SimpleForm noValidate defaultValues={{ status: 'active' }} validate={validateContractDates}>
        <ContractInputs />
      </SimpleForm>
    </Create>
  );
};
