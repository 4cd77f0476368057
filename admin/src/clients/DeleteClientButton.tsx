import { DeleteButton, useRecordContext } from 'react-admin';
import { clientName } from '../../../shared/clientLabel';
import { ClientUnlinkSummary } from './ClientUnlinkSummary';

/** "Supprimer" on a client's page, with a confirmation that says what happens to contracts and commissions. */
export const DeleteClientButton = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="resources.clients.delete.title"
      confirmContent={<ClientUnlinkSummary ids={[record.id]} />}
      confirmColor="warning"
      titleTranslateOptions={{ name: clientName(record) }}
      redirect="list"
    />
  );
};
