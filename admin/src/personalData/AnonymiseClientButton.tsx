import { useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { clientName } from '../../../shared/clientLabel';
import type { AppDataProvider } from '../dataProvider';
import { AnonymiseAction } from './AnonymiseAction';

/**
 * "Anonymiser" on a client's page (admins only, hidden once the client is anonymised).
 * Pessimistic: the message shows once the server answered, then the page reloads the record.
 */
export const AnonymiseClientButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!record || record.anonymisedAt) return null;
  return (
    <AnonymiseAction
      count={1}
      // The API's neutral label (clients/anonymise): shown before the click, so the user knows what the page will say.
      label={`Client anonymisé n°\u00a0${record.id}`}
      title={translate('resources.clients.anonymise.title', { name: clientName(record) })}
      run={() => dataProvider.anonymiseClient(record.id)}
      onDone={() => {
        notify('resources.clients.anonymise.success', { type: 'success' });
        refresh();
      }}
    />
  );
};
