import { useCallback } from 'react';
import { Create, SimpleForm, useLocaleState, type RaRecord } from 'react-admin';
import { formatMoney } from '../common/MoneyField';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { CommissionInputs, commissionPayload } from './CommissionInputs';

/** "Ajouter une commission": a line a statement missed (from a contract's page, the contract is filled in). */
export const CommissionCreate = () => {
  const [locale] = useLocaleState();
  const messageArgs = useCallback((data: RaRecord) => ({ amount: formatMoney(data.amount, locale) }), [locale]);
  const mutationOptions = useDraftSave({ redirect: 'show', messageArgs });
  return (
    <Create title="resources.commissions.actions.create" transform={commissionPayload} mutationOptions={mutationOptions}>
      <SimpleForm noValidate>
        <RestoreDraft />
        <CommissionInputs />
      </SimpleForm>
    </Create>
  );
};
