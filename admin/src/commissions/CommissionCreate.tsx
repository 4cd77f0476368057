import { Create, SimpleForm, useLocaleState, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { formatMoney } from '../common/MoneyField';
import { CommissionInputs, commissionPayload } from './CommissionInputs';

/** "Ajouter une commission": a line a statement missed (from a contract's page, the contract is filled in). */
export const CommissionCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const [locale] = useLocaleState();
  return (
    <Create
      title="resources.commissions.actions.create"
      transform={commissionPayload}
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          notify('resources.commissions.notifications.created', { type: 'success', messageArgs: { amount: formatMoney(data.amount, locale) } });
          redirect('show', 'commissions', data.id);
        },
      }}
    >
      <SimpleForm noValidate>
        <CommissionInputs />
      </SimpleForm>
    </Create>
  );
};
