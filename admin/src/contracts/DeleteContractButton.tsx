import { DeleteButton, useNotify, useRecordContext, useRedirect } from 'react-admin';

/** "Supprimer", after a confirmation saying that the commissions are kept, unlinked. Hidden for support staff. */
export const DeleteContractButton = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const redirect = useRedirect();
  if (!record) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="resources.contracts.delete.title"
      confirmContent="resources.contracts.delete.content"
      confirmColor="warning"
      titleTranslateOptions={{ number: record.contractNumber }}
      mutationOptions={{
        onSuccess: () => {
          notify('resources.contracts.notifications.deleted', { type: 'info', messageArgs: { number: record.contractNumber } });
          redirect('list', 'contracts');
        },
      }}
    />
  );
};
