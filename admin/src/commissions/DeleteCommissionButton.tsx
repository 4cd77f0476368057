import { DeleteButton, useNotify, useRecordContext, useRedirect } from 'react-admin';

/** "Supprimer" a line entered by hand; imported lines have no such button. */
export const DeleteCommissionButton = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const redirect = useRedirect();
  if (record?.source !== 'manual') return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="resources.commissions.delete.title"
      confirmContent="resources.commissions.delete.content"
      confirmColor="warning"
      mutationOptions={{
        onSuccess: () => {
          notify('resources.commissions.notifications.deleted', { type: 'info' });
          redirect('list', 'commissions');
        },
      }}
    />
  );
};
