import { Edit, SaveButton, SimpleForm, Toolbar, type RaRecord } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { ContractInputs, contractMessageArgs, validateContractDates } from './ContractInputs';
import { ContractTitle } from './ContractTitle';
import { DeleteContractButton } from './DeleteContractButton';

/** "Modifier". Pessimistic: no success message before the server agreed, its refusals under their inputs. */
export const ContractEdit = () => {
  const mutationOptions = useDraftSave({ redirect: 'show', messageArgs: contractMessageArgs });
  return (
    <Edit mutationMode="pessimistic" title={<ContractTitle />} transform={({ id: _id, active: _active, ...data }: RaRecord) => data} mutationOptions={mutationOptions}>
      <SimpleForm noValidate validate={validateContractDates} toolbar={<ContractEditToolbar />}>
        <RestoreDraft />
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
