import { Create, SimpleForm } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { ContractInputs, contractMessageArgs, validateContractDates } from './ContractInputs';

/**
 * "Nouveau contrat" (also "Ajouter un contrat" from a client's page, which fills the client in
 * through the location state). Create waits for the server: its refusals (number taken, end
 * before start) appear under their inputs, and the success message names the contract.
 */
export const ContractCreate = () => {
  const mutationOptions = useDraftSave({ redirect: 'show', messageArgs: contractMessageArgs });
  return (
    <Create title="resources.contracts.actions.create" mutationOptions={mutationOptions}>
      <SimpleForm noValidate defaultValues={{ status: 'active' }} validate={validateContractDates}>
        <RestoreDraft />
        <ContractInputs />
      </SimpleForm>
    </Create>
  );
};
